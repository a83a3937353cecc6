package io.porta.mqtt.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.metrics.MqttMetrics;
import java.nio.ByteBuffer;

/**
 * Writes CONNACKs as their four literal bytes (MQTT 3.1.1 §3.2): the form is then the same whatever
 * protocol level the CONNECT claimed, so a level-5 client refused with code 1 gets the 3.1.1 form the
 * 3.1.1 spec prescribes (§3.1.2.2), not an MQTT 5 CONNACK from Netty's encoder. Each CONNACK also
 * times the CONNECT it answers, from the arrival noted by {@link Connection#connectReceived}. The
 * seven possible CONNACKs are encoded once, off-heap and never released; each write sends a view of
 * one (no allocation of a buffer per CONNECT, no copy to direct memory on the way out).
 */
final class ConnAcks {
  static final int ACCEPTED = 0;

  /** By return code 0 to 5 (§3.2.2.3), session-present 0. */
  private static final ByteBuf[] ENCODED = new ByteBuf[6];

  private static final ByteBuf ACCEPTED_SESSION_PRESENT = encoded(0x01, ACCEPTED);

  static {
    for (int code = 0; code < ENCODED.length; code++) {
      ENCODED[code] = encoded(0x00, code);
    }
  }

  private ConnAcks() {}

  /** Writes (not flushes) a CONNACK with session-present 0 (protocols.md A.4). */
  static void write(ChannelHandlerContext ctx, MqttMetrics metrics, int returnCode) {
    write(ctx, metrics, returnCode, false);
  }

  /** The return code of a CONNACK as {@link #write} writes it, or -1 when {@code msg} is not one. */
  static int returnCode(Object msg) {
    if (msg instanceof ByteBuf b && b.readableBytes() == 4 && b.getByte(b.readerIndex()) == 0x20) {
      return b.getUnsignedByte(b.readerIndex() + 3);
    }
    return -1;
  }

  /** @param sessionPresent a stored session was resumed (§3.2.2.2); only with code 0 */
  static void write(ChannelHandlerContext ctx, MqttMetrics metrics, int returnCode, boolean sessionPresent) {
    ByteBuf connack =
        sessionPresent && returnCode == ACCEPTED
            ? ACCEPTED_SESSION_PRESENT.duplicate()
            : ENCODED[returnCode].duplicate(); // a view: its own reader index, the shared bytes
    metrics.sent(MqttMessageType.CONNACK);
    ctx.write(connack, ctx.voidPromise()); // ownership passes to the pipeline
    Connection connection = Connection.of(ctx.channel());
    long received = connection == null ? 0 : connection.takeConnectReceived();
    if (received != 0) {
      metrics.connectLatency(returnCode == ACCEPTED, System.nanoTime() - received);
    }
  }

  private static ByteBuf encoded(int flags, int returnCode) {
    ByteBuffer bytes = ByteBuffer.allocateDirect(4);
    bytes.put((byte) 0x20).put((byte) 0x02).put((byte) flags).put((byte) returnCode).flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes));
  }
}
