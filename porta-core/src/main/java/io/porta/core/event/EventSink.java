package io.porta.core.event;

import java.util.concurrent.CompletableFuture;

/**
 * Where device events go for applications (webhooks, the application channel). Never blocks: it is
 * called from event loops.
 */
public interface EventSink {
  /** Takes nothing and completes at once: for servers and tests without push channels. */
  EventSink NONE =
      new EventSink() {
        @Override
        public boolean wants(String productId, EventType type) {
          return false;
        }

        @Override
        public CompletableFuture<Void> publish(DeviceEvent event) {
          return CompletableFuture.completedFuture(null);
        }
      };

  /** Hands each event to both sinks; durable once both say so. */
  static EventSink both(EventSink first, EventSink second) {
    return new EventSink() {
      @Override
      public boolean wants(String productId, EventType type) {
        return first.wants(productId, type) || second.wants(productId, type);
      }

      @Override
      public CompletableFuture<Void> publish(DeviceEvent event) {
        CompletableFuture<Void> a = first.publish(event);
        CompletableFuture<Void> b = second.publish(event);
        // Usually one side took nothing and is done already: then the other decides, without allOf.
        if (isDoneNormally(a)) {
          return b;
        }
        if (isDoneNormally(b)) {
          return a;
        }
        return CompletableFuture.allOf(a, b);
      }
    };
  }

  private static boolean isDoneNormally(CompletableFuture<?> future) {
    return future.isDone() && !future.isCompletedExceptionally();
  }

  /**
   * Whether an event of this type about a device of this product would reach anyone now. A caller
   * that gets false need not build the event at all (the {@code datapoints} event of every upload
   * costs a JSON text otherwise). Never blocks.
   */
  default boolean wants(String productId, EventType type) {
    return true;
  }

  /**
   * Hands an event over.
   *
   * @return completes once the event is durable (a QoS 1 upload is acknowledged only then), or
   *     exceptionally when it could not be stored
   */
  CompletableFuture<Void> publish(DeviceEvent event);
}
