package io.porta.mqtt.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.support.EmbeddedMqtt;
import java.util.Arrays;

/**
 * Bytes through the real pipeline of one connection, and the transport's contract checked after:
 * the server wrote only well-formed packets; a closed connection has a reason and it is never our
 * bug ({@code internal_error}: an exception reached the end of the pipeline); after the connection is
 * gone, every buffer it allocated has been released.
 */
final class PipelineRun {
  private final EmbeddedMqtt mqtt;
  private final TrackingAllocator allocator = new TrackingAllocator();

  PipelineRun(EmbeddedMqtt mqtt) {
    this.mqtt = mqtt;
  }

  /**
   * A new connection reads {@code preamble} (answered as {@code expectedAnswer}), then {@code input},
   * in the reads {@code chunk} bytes long (0: one read).
   */
  void run(byte[] preamble, byte[] expectedAnswer, byte[] input, int chunk) {
    EmbeddedChannel ch = mqtt.newChannel();
    ch.config().setAllocator(allocator);
    try {
      if (preamble.length > 0) {
        read(ch, preamble);
        assertThat(mqtt.read(ch)).isEqualTo(expectedAnswer);
      }
      int step = chunk <= 0 ? Math.max(1, input.length) : chunk;
      for (int from = 0; from < input.length && ch.isOpen(); from += step) {
        read(ch, Arrays.copyOfRange(input, from, Math.min(input.length, from + step)));
      }
      ServerOutput.check(mqtt.read(ch));
      if (!ch.isOpen()) {
        DisconnectReason reason = Connection.of(ch).closeReason();
        assertThat(reason).as("a closed connection says why").isNotNull();
        assertThat(reason).as("no exception reached the end of the pipeline").isNotEqualTo(DisconnectReason.INTERNAL_ERROR);
      }
    } finally {
      mqtt.closeChannel(ch);
      ch.runPendingTasks();
    }
    assertThat(allocator.unreleased()).as("buffers left unreleased after the connection closed").isZero();
    LeakListener.check();
  }

  /** One socket read: the bytes in a buffer of the tracked allocator, as a real read would be. */
  private static void read(EmbeddedChannel ch, byte[] bytes) {
    ByteBuf buf = ch.alloc().directBuffer(bytes.length).writeBytes(bytes);
    ch.writeInbound(buf);
    ch.runPendingTasks();
  }
}
