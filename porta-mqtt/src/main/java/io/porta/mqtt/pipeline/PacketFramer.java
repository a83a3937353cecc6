package io.porta.mqtt.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.ConnectionState;
import java.util.List;

/**
 * Cuts the byte stream into whole packets, each bounded by its declared remaining length (MQTT 3.1.1
 * §2.2.3), before {@link MqttDecoder} sees them. Netty's decoder is a replaying decoder: when a length
 * inside a packet (a topic, a client id, a password) points past the packet's end it waits for more
 * bytes, so such a socket would only close at its keepalive. Fed one whole packet at a time, a
 * decoder that produces nothing from it has met such a length, and the connection closes at once
 * (MALFORMED_PACKET). The remaining length itself is checked here too: more than four bytes is
 * malformed, more than the maximum packet size closes with PACKET_TOO_LARGE as soon as it is read.
 *
 * <p>One per connection. What the decoder produced is counted in the {@link Connection} by the
 * {@link PacketDispatchHandler}, the next inbound handler after the decoder.
 */
public final class PacketFramer extends ByteToMessageDecoder {
  private static final int MAX_LENGTH_BYTES = 4;

  private final int maxPacketSize;
  /** Whether a packet was handed on and not yet checked; event loop only. */
  private boolean lastPacketUnchecked;
  /** {@link Connection#decodedCount()} when that packet was handed on. */
  private int decodedBeforeLastPacket;

  public PacketFramer(int maxPacketSize) {
    this.maxPacketSize = maxPacketSize;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    super.channelRead(ctx, msg);
    checkLastPacket(ctx); // the last packet of this read has gone through the decoder now
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    // ByteToMessageDecoder hands each packet on before it asks for the next one.
    checkLastPacket(ctx);
    Connection connection = Connection.of(ctx.channel());
    if (connection.state() == ConnectionState.CLOSING) {
      in.skipBytes(in.readableBytes()); // nothing more is read from a connection that is closing
      return;
    }
    int start = in.readerIndex();
    int remainingLength = 0;
    int lengthBytes = 0;
    int digit;
    do {
      if (lengthBytes == MAX_LENGTH_BYTES) {
        in.skipBytes(in.readableBytes());
        connection.closeOnLoop(DisconnectReason.MALFORMED_PACKET, "remaining length longer than 4 bytes");
        return;
      }
      if (in.readableBytes() < 2 + lengthBytes) {
        return; // the fixed header is not complete yet
      }
      digit = in.getUnsignedByte(start + 1 + lengthBytes);
      remainingLength |= (digit & 0x7F) << (7 * lengthBytes);
      lengthBytes++;
    } while ((digit & 0x80) != 0);
    if (remainingLength > maxPacketSize) {
      in.skipBytes(in.readableBytes());
      connection.closeOnLoop(
          DisconnectReason.PACKET_TOO_LARGE, "remaining length " + remainingLength + " over " + maxPacketSize);
      return;
    }
    int packetLength = 1 + lengthBytes + remainingLength;
    if (in.readableBytes() < packetLength) {
      return;
    }
    decodedBeforeLastPacket = connection.decodedCount();
    lastPacketUnchecked = true;
    // Through `out`, not fired here: ByteToMessageDecoder then knows it produced something and does
    // not request another read while reading is paused (CONNECT being checked, backpressure).
    out.add(in.readRetainedSlice(packetLength));
  }

  /** A whole packet the decoder made nothing of: a length inside it points past its end. */
  private void checkLastPacket(ChannelHandlerContext ctx) {
    if (!lastPacketUnchecked) {
      return;
    }
    lastPacketUnchecked = false;
    Connection connection = Connection.of(ctx.channel());
    if (connection.decodedCount() == decodedBeforeLastPacket && connection.state() != ConnectionState.CLOSING) {
      connection.closeOnLoop(
          DisconnectReason.MALFORMED_PACKET, "a length inside the packet points past its remaining length");
    }
  }
}
