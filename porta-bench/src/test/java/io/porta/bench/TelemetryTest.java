package io.porta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TelemetryTest {
  @Test
  void theIntendedSendTimeTravelsInTheUpload() {
    ByteBuf buf = Telemetry.payload(UnpooledByteBufAllocator.DEFAULT, 42, 123_456_789_012_345L);
    try {
      assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo("{\"id\":42,\"dp\":{\"t0\":[{\"v\":123456789012345}]}}");
      buf.readerIndex(0);
      assertThat(Telemetry.intendedNanos(buf)).isEqualTo(123_456_789_012_345L);
    } finally {
      buf.release();
    }
    assertThat(new String(Telemetry.payloadBytes(42, 123_456_789_012_345L), StandardCharsets.US_ASCII))
        .isEqualTo("{\"id\":42,\"dp\":{\"t0\":[{\"v\":123456789012345}]}}");
  }

  @Test
  void aForeignPayloadHasNoIntendedTime() {
    assertThat(Telemetry.intendedNanos(Unpooled.copiedBuffer("{\"id\":1}", StandardCharsets.US_ASCII))).isEqualTo(-1);
  }
}
