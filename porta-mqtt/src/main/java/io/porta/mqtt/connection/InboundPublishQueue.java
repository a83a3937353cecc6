package io.porta.mqtt.connection;

import io.porta.core.dialect.PublishResult;
import io.porta.core.dialect.InboundPublish;
import java.util.ArrayDeque;

/**
 * The PUBLISHes of one connection whose dialect handling is in progress, in arrival order. Results
 * may complete out of order; they are released from the head only, so PUBACKs go out in the order
 * the PUBLISHes arrived (MQTT 3.1.1 §4.6). Event loop only.
 */
public final class InboundPublishQueue {
  /** One PUBLISH in progress. */
  public static final class Entry {
    private final int packetId;
    private final boolean acknowledge;
    private boolean done;
    private PublishResult result;
    private Throwable failure;

    Entry(int packetId, boolean acknowledge) {
      this.packetId = packetId;
      this.acknowledge = acknowledge;
    }

    /** Records the dialect's outcome; exactly one of result and failure is non-null. */
    public void complete(PublishResult value, Throwable error) {
      this.done = true;
      this.result = value;
      this.failure = error != null ? error : value == null ? new NullPointerException("null result") : null;
    }

    public int packetId() {
      return packetId;
    }

    /** Whether a PUBACK is due (QoS 1). */
    public boolean acknowledge() {
      return acknowledge;
    }

    public PublishResult result() {
      return result;
    }

    public Throwable failure() {
      return failure;
    }
  }

  /** A decoded PUBLISH not yet handed to the dialect because too many are in progress. */
  public record Held(InboundPublish publish, int packetId) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  // Reading is paused while anything is held, so this holds at most what one read already decoded.
  private final ArrayDeque<Held> held = new ArrayDeque<>();

  /** Keeps a PUBLISH back until fewer are in progress (backpressure towards storage). */
  public void hold(InboundPublish publish, int packetId) {
    held.addLast(new Held(publish, packetId));
  }

  public boolean hasHeld() {
    return !held.isEmpty();
  }

  public Held nextHeld() {
    return held.pollFirst();
  }

  public Entry add(int packetId, boolean acknowledge) {
    Entry e = new Entry(packetId, acknowledge);
    entries.addLast(e);
    return e;
  }

  /** The head if its handling is done (ready to be answered), else null. */
  public Entry pollDone() {
    Entry head = entries.peekFirst();
    if (head == null || !head.done) {
      return null;
    }
    return entries.pollFirst();
  }

  public int size() {
    return entries.size();
  }

  public void clear() {
    entries.clear();
    held.clear();
  }
}
