package io.porta.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/** The OneNET data point upload every simulated device sends: {@code {"id":n,"dp":{"temp":[{"v":21.5}]}}}. */
final class Telemetry {
  private Telemetry() {}

  static ByteBuf payload(ByteBufAllocator alloc, long id) {
    ByteBuf buf = alloc.buffer(48);
    ByteBufUtil.writeAscii(buf, "{\"id\":");
    ByteBufUtil.writeAscii(buf, Long.toString(id));
    ByteBufUtil.writeAscii(buf, ",\"dp\":{\"temp\":[{\"v\":21.5}]}}");
    return buf;
  }
}
