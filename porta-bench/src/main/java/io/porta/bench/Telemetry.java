package io.porta.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * The OneNET data point upload every simulated device sends, {@code {"id":n,"dp":{"t0":[{"v":T}]}}}
 * (about 50 bytes), where T is the message's intended send time ({@link System#nanoTime()}, positive
 * on Linux): a consumer of the message can time its delivery from the payload alone.
 */
final class Telemetry {
  private static final String HEAD = ",\"dp\":{\"t0\":[{\"v\":";

  private Telemetry() {}

  static ByteBuf payload(ByteBufAllocator alloc, long id, long intendedNanos) {
    ByteBuf buf = alloc.buffer(64);
    ByteBufUtil.writeAscii(buf, "{\"id\":");
    ByteBufUtil.writeAscii(buf, Long.toString(id));
    ByteBufUtil.writeAscii(buf, HEAD);
    ByteBufUtil.writeAscii(buf, Long.toString(intendedNanos));
    ByteBufUtil.writeAscii(buf, "}]}}");
    return buf;
  }

  static byte[] payloadBytes(long id, long intendedNanos) {
    return ("{\"id\":" + id + HEAD + intendedNanos + "}]}}").getBytes(StandardCharsets.US_ASCII);
  }

  /** The intended send time in a payload this class wrote, or -1. */
  static long intendedNanos(ByteBuf payload) {
    int from = payload.readerIndex();
    int end = payload.writerIndex();
    int v = payload.indexOf(from, end, (byte) 'v');
    if (v < 0) {
      return -1;
    }
    long value = 0;
    boolean any = false;
    for (int i = v + 3; i < end; i++) { // past v":
      byte b = payload.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      any = true;
    }
    return any ? value : -1;
  }
}
