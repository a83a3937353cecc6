package io.porta.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The p2p consumer on Porta: an application on the application channel, subscribed to every data
 * point event of the bench product at QoS 1 ({@code $app/bench/+/dp}, clean session). Events leave
 * only after the points are committed, so a delivery here means stored and pushed. Timed from the
 * intended send time carried in the point's value.
 */
final class AppChannelProbe extends ConsumerProbe {
  private static final byte[] VALUE = "\"value\":".getBytes(StandardCharsets.US_ASCII);

  private AppChannelProbe(ClientConnection connection) {
    super(connection);
  }

  static AppChannelProbe start(LoadClient client, PortaRest rest, String productId) throws Exception {
    JsonNode app =
        rest.post("/api/v1/applications", "{\"name\":\"bench consumer\",\"productIds\":[\"" + productId + "\"]}");
    JsonNode mqtt = app.get("mqtt");
    Credentials consumer =
        new Credentials("consumer", "bench-app", mqtt.get("username").asText(), mqtt.get("password").asText(), "");
    ConnectBatch.Result r = ConnectBatch.run(client, List.of(consumer), 1, 1, 10);
    if (r.connected().isEmpty()) {
      throw new IllegalStateException("the application did not connect: " + r.failures());
    }
    AppChannelProbe probe = new AppChannelProbe(r.connected().get(0));
    probe.connection().listen(probe);
    probe.connection().subscribe("$app/" + productId + "/+/dp").get(10, TimeUnit.SECONDS);
    return probe;
  }

  @Override
  public String describe() {
    return "an application on Porta's application channel, `$app/bench/+/dp` at QoS 1, clean session"
        + " (raw Netty client, acknowledges each event; events leave after the store commit)";
  }

  /** The point's value in the event JSON ({@code …"value":<intended send nanos>…}), or -1. */
  @Override
  long intendedNanos(ByteBuf payload) {
    int end = payload.writerIndex();
    outer:
    for (int i = payload.readerIndex(); i + VALUE.length < end; i++) {
      for (int k = 0; k < VALUE.length; k++) {
        if (payload.getByte(i + k) != VALUE[k]) {
          continue outer;
        }
      }
      long value = 0;
      boolean any = false;
      for (int j = i + VALUE.length; j < end; j++) {
        byte b = payload.getByte(j);
        if (b < '0' || b > '9') {
          break;
        }
        value = value * 10 + (b - '0');
        any = true;
      }
      return any ? value : -1;
    }
    return -1;
  }
}
