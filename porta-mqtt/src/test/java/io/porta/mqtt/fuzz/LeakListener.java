package io.porta.mqtt.fuzz;

import io.netty.buffer.AbstractByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Netty's own leak detector at PARANOID (every buffer tracked), made to fail the fuzz test: the
 * detector only logs a leak it finds, so this listens on the detector all ByteBufs share and keeps the
 * first report until {@link #check()} turns it into an assertion error.
 */
final class LeakListener {
  private static final AtomicReference<String> FIRST = new AtomicReference<>();

  private LeakListener() {}

  static synchronized void install() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    try {
      // AbstractByteBuf.leakDetector is package-private: the one detector of every ByteBuf.
      Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
      field.setAccessible(true);
      ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
      detector.setLeakListener((resourceType, records) -> FIRST.compareAndSet(null, resourceType + ": " + records));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot listen to Netty's leak detector", e);
    }
  }

  /** Throws when Netty reported a leak since the last check. */
  static void check() {
    String leak = FIRST.getAndSet(null);
    if (leak != null) {
      throw new AssertionError("Netty reported a ByteBuf leak: " + leak);
    }
  }
}
