package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The whole server on a real PostgreSQL (--db-url): same repositories and migrations as SQLite. */
class PostgresIT {
  static EmbeddedPostgres postgres;
  static PortaTestServer server;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres&password=postgres";
    server = PortaTestServer.start(Map.of("porta.db.url", url));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void devicesConnectAndDataPointsAreStoredAcrossRestart() throws Exception {
    server.rest().createProduct("onenet", "onpg01");
    server.rest().createDevice("onpg01", "dev-pg");
    try (MqttClients.Device d = MqttClients.connect(server, "onpg01", "dev-pg")) {
      d.subscribe(d.topic("dp/post/json/accepted"));
      d.publish(d.topic("dp/post/json"), "{\"id\":5,\"dp\":{\"t\":[{\"v\":{\"a\":[1,2]}}]}}", MqttQos.AT_LEAST_ONCE);
      assertThat(MqttClients.Device.text(d.receive().orElseThrow())).isEqualTo("{\"id\":5}");
    }
    server.restart();
    JsonNode items = server.rest().get("/products/onpg01/devices/dev-pg/datapoints").json().get("items");
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("value").toString()).isEqualTo("{\"a\":[1,2]}");
    assertThat(server.rest().post("/products/onpg01/devices", "{\"name\":\"dev-pg\"}").status()).isEqualTo(409);
  }
}
