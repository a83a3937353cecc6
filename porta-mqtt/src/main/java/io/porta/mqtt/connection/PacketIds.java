package io.porta.mqtt.connection;

import java.util.Arrays;

/**
 * Packet ids of QoS 1 downlinks awaiting their PUBACK: 1..65535, never reused while in flight
 * (MQTT 3.1.1 §2.3.1). Devices acknowledge in order (protocols.md A.6), so the ids form a FIFO and
 * release is usually the head. Event loop only.
 */
public final class PacketIds {
  /** More unacknowledged QoS 1 downlinks than this and the device counts as a slow consumer. */
  public static final int MAX_IN_FLIGHT = 1024;

  private int[] ids = new int[4];
  private int size;
  private int last;

  /** Whether every id a connection may have in flight is taken. */
  public boolean full() {
    return size >= MAX_IN_FLIGHT;
  }

  /** The next free id, or -1 when {@link #MAX_IN_FLIGHT} are in flight. */
  public int allocate() {
    if (full()) {
      return -1;
    }
    do {
      last = last == 65535 ? 1 : last + 1;
    } while (indexOf(last) >= 0);
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
    }
    ids[size++] = last;
    return last;
  }

  /** Releases an id on PUBACK. @return false when the id was not in flight */
  public boolean release(int id) {
    int i = indexOf(id);
    if (i < 0) {
      return false;
    }
    System.arraycopy(ids, i + 1, ids, i, size - i - 1);
    size--;
    return true;
  }

  public int inFlight() {
    return size;
  }

  private int indexOf(int id) {
    for (int i = 0; i < size; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }
}
