package io.porta.store.telemetry;

import static io.porta.store.Fixtures.point;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.telemetry.DataPoint;
import io.porta.store.EmbeddedPostgresExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTelemetryTest extends TelemetryContract {
  @RegisterExtension static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

  @Override
  protected String newDatabaseUrl() throws Exception {
    return postgres.newDatabaseUrl();
  }

  /**
   * PostgreSQL refuses a NUL character in text, which a device can send in a stream name: only that
   * device's message may fail, not the other devices' messages committed in the same batch.
   */
  @Test
  void aMessageTheDatabaseRefusesFailsAloneNotItsBatch() {
    BatchingTelemetryWriter writer = writer(TelemetryWriterConfig.DEFAULTS);
    WriterStall stall = WriterStall.stall(writer);
    CompletableFuture<Void> before = writer.append(DEV, List.of(point("ok", 1, "1")));
    CompletableFuture<Void> bad = writer.append(DEV, List.of(point("bad\u0000", 2, "2")));
    CompletableFuture<Void> after = writer.append(DEV, List.of(point("ok", 3, "3")));

    stall.release();

    before.join();
    after.join();
    assertThat(failure(bad)).isNotNull();
    assertThat(writer.messagesFailed()).isEqualTo(1);
    assertThat(all(DEV)).extracting(DataPoint::valueJson).containsExactly("1", "3");
  }
}
