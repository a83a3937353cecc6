package io.porta.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheDocumentedOnes() {
    PortaConfig c = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(c.mqtt().port()).isEqualTo(1883);
    assertThat(c.mqtts().port()).isEqualTo(8883);
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.bind()).isEqualTo("0.0.0.0");
    assertThat(c.mqtt().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.onenet().rateLimits().connects()).isEqualTo(10);
    assertThat(c.onenet().rateLimits().publishQos0()).isEqualTo(300);
    assertThat(c.onenet().rateLimits().publishQos1()).isEqualTo(100);
    assertThat(c.onenet().rateLimits().ban()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void environmentNamesFollowThePath() {
    assertThat(ConfigLoader.envName("porta.mqtt.port")).isEqualTo("PORTA_MQTT_PORT");
    assertThat(ConfigLoader.envName("porta.data-dir")).isEqualTo("PORTA_DATA_DIR");
    assertThat(ConfigLoader.envName("porta.db.url")).isEqualTo("PORTA_DB_URL");
    assertThat(ConfigLoader.envName("porta.api-token")).isEqualTo("PORTA_API_TOKEN");
  }

  @Test
  void fileThenEnvironmentThenFlags() throws Exception {
    Path file = dir.resolve("porta.conf");
    Files.writeString(file, "porta.mqtt.port = 1001\nporta.http.port = 2001\nporta.bind = \"10.0.0.1\"\n");
    Map<String, String> env = Map.of("PORTA_HTTP_PORT", "2002", "PORTA_MQTTS_PORT", "3002");
    Map<String, String> flags = Map.of("porta.mqtts.port", "3003");
    PortaConfig c = ConfigLoader.load(file, env, flags);
    assertThat(c.bind()).isEqualTo("10.0.0.1");
    assertThat(c.mqtt().port()).isEqualTo(1001);
    assertThat(c.httpPort()).isEqualTo(2002);
    assertThat(c.mqtts().port()).isEqualTo(3003);
  }

  @Test
  void configFileFromEnvironment() throws Exception {
    Path file = dir.resolve("other.conf");
    Files.writeString(file, "porta { http { port = 9999 } }\n");
    PortaConfig c = ConfigLoader.load(null, Map.of("PORTA_CONFIG", file.toString()), Map.of());
    assertThat(c.httpPort()).isEqualTo(9999);
  }

  @Test
  void apiTokenFromEnvironment() {
    assertThat(ConfigLoader.load(null, Map.of("PORTA_API_TOKEN", "s3cret"), Map.of()).apiToken()).isEqualTo("s3cret");
  }

  @Test
  void badValuesAreRefusedClearly() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("porta.mqtt.port", "70000")))
        .hasMessageContaining("porta.mqtt.port");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("porta.http.port", "-1")))
        .hasMessageContaining("porta.http.port");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("porta.mqtt.port", "abc")))
        .hasMessageContaining("mqtt.port");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.conf"), Map.of(), Map.of()))
        .hasMessageContaining("missing.conf");
  }

  @Test
  void tlsDefaultsAreTls13And12WithAeadForwardSecretSuites() {
    PortaConfig.Mqtts tls = ConfigLoader.load(null, Map.of(), Map.of()).mqtts();
    assertThat(tls.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(tls.ciphers()).isEqualTo(io.porta.mqtt.MqttConfig.DEFAULT_TLS_CIPHERS);
    assertThat(tls.ciphers()).allMatch(c -> c.contains("GCM") || c.contains("CHACHA20"));
    assertThat(tls.reloadInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void listsAreGivenCommaSeparatedInTheEnvironmentAndAsFlags() {
    assertThat(ConfigLoader.load(null, Map.of("PORTA_MQTTS_PROTOCOLS", "TLSv1.3"), Map.of()).mqtts().protocols())
        .containsExactly("TLSv1.3");
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("porta.mqtts.ciphers", "A, B")).mqtts().ciphers())
        .containsExactly("A", "B");
  }

  @Test
  void abuseLimitsDefaultsAndOverrides() {
    PortaConfig.Mqtt d = ConfigLoader.load(null, Map.of(), Map.of()).mqtt();
    assertThat(d.maxConnections()).isZero();
    assertThat(d.maxConnectionsPerAddress()).isZero();
    assertThat(d.maxPendingOutboundBytes()).isEqualTo(1_048_576);
    assertThat(d.writeBufferHighWaterMark()).isEqualTo(65_536);
    assertThat(d.authFailures())
        .isEqualTo(new PortaConfig.AuthFailures(Duration.ofMinutes(1), 100, 10, Duration.ofMinutes(5)));

    PortaConfig.Mqtt m =
        ConfigLoader.load(
                null,
                Map.of("PORTA_MQTT_AUTH_FAILURES_MAX_PER_DEVICE", "3", "PORTA_MQTT_MAX_CONNECTIONS", "5000"),
                Map.of("porta.mqtt.max-pending-outbound-bytes", "2M", "porta.mqtt.auth-failures.ban", "1h"))
            .mqtt();
    assertThat(m.maxConnections()).isEqualTo(5000);
    assertThat(m.maxPendingOutboundBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(m.authFailures().maxPerDevice()).isEqualTo(3);
    assertThat(m.authFailures().ban()).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("porta.mqtt.max-connections", "-1")))
        .hasMessageContaining("porta.mqtt.max-connections");
  }

  @Test
  void mqttsCanBeDisabled() {
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("porta.mqtts.port", "-1")).mqtts().port()).isEqualTo(-1);
  }
}
