package io.porta.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.porta.core.dialect.ConnectAuthenticator;
import io.porta.core.dialect.Dialects;
import io.porta.mqtt.support.InMemoryProducts;
import io.porta.mqtt.support.TestDialect;
import io.porta.mqtt.support.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MqttServer#isListening()}, what {@code /readyz} asks the transport. */
class ListenerReadinessTest {
  @Test
  void listeningOnlyBetweenStartAndStop() {
    Dialects dialects = new Dialects(List.of(new TestDialect()));
    MqttServer server =
        new MqttServer(
            TestServer.config(),
            dialects,
            new ConnectAuthenticator(dialects, new InMemoryProducts()),
            Runnable::run,
            new SimpleMeterRegistry());
    assertThat(server.isListening()).isFalse();
    server.start();
    try {
      assertThat(server.isListening()).isTrue();
    } finally {
      server.stop();
    }
    assertThat(server.isListening()).isFalse();
  }

  @Test
  void sessionGaugesOfEveryDialectExistFromTheStart() {
    try (TestServer server = new TestServer()) {
      assertThat(server.meters.get("porta.sessions").tags("dialect", TestDialect.NAME, "listener", "mqtt").gauge().value())
          .isZero();
      assertThat(server.meters.get("porta.sessions").tags("dialect", TestDialect.NAME, "listener", "mqtts").gauge().value())
          .isZero();
    }
  }
}
