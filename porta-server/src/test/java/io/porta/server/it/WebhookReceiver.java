package io.porta.server.it;

import com.sun.net.httpserver.HttpServer;
import io.porta.api.push.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP receiver (the JDK's HttpServer) for webhook tests: it checks every request's
 * {@code X-Porta-Signature} against the shared secret, answers 204 when up and 503 when told to be
 * down, and hands over the events of the batches it accepted, in arrival order.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String secret;
  private final HttpServer server;
  private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private final List<String> badSignatures = new ArrayList<>();
  private volatile boolean up = true;
  private volatile int refused;

  WebhookReceiver(String secret) throws IOException {
    this.secret = secret;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          String presented = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
          String expected = WebhookSignature.of(this.secret, body);
          if (presented == null
              || !MessageDigest.isEqual(
                  presented.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII))) {
            synchronized (badSignatures) {
              badSignatures.add(String.valueOf(presented));
            }
            exchange.sendResponseHeaders(401, -1);
          } else if (!up) {
            refused++;
            exchange.sendResponseHeaders(503, -1);
          } else {
            JsonNode batch = JSON.readTree(body);
            for (JsonNode e : batch.get("events")) {
              events.add(e);
            }
            exchange.sendResponseHeaders(204, -1);
          }
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  void down() {
    up = false;
  }

  void up() {
    up = true;
  }

  int refused() {
    return refused;
  }

  List<String> badSignatures() {
    synchronized (badSignatures) {
      return List.copyOf(badSignatures);
    }
  }

  /** The next event received, waiting up to 20 s; fails when none comes. */
  JsonNode next() throws InterruptedException {
    JsonNode e = events.poll(20, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no webhook event within 20 s");
    }
    return e;
  }

  /** Every event received and not yet taken, in arrival order. */
  List<JsonNode> drain() {
    List<JsonNode> all = new ArrayList<>();
    events.drainTo(all);
    return all;
  }

  /** The next event of a type, skipping others. */
  JsonNode next(String type) throws InterruptedException {
    for (;;) {
      JsonNode e = next();
      if (e.get("type").asString().equals(type)) {
        return e;
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
