package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.porta.core.application.Applications;
import io.porta.core.testing.InMemoryApplications;
import io.porta.core.testing.InMemoryShadows;
import io.porta.core.testing.InMemoryDesiredProperties;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.porta.api.push.PushServices;
import io.porta.api.push.WebhookDeliveryConfig;
import io.porta.api.push.WebhookDispatcher;
import io.porta.api.push.Webhooks;
import io.porta.core.command.CommandService;
import io.porta.core.command.MessageIds;
import io.porta.core.command.PendingCommands;
import io.porta.core.dialect.Dialect;
import io.porta.core.dialect.Dialects;
import io.porta.core.message.DownlinkService;
import io.porta.core.model.Product;
import io.porta.core.topic.TopicCategories;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Starts the REST API on a free port over in-memory services, and talks to it over real HTTP. */
abstract class ApiTestBase {
  static final String TOKEN = "test-token-0123456789";
  static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  final InMemoryDevices devices = new InMemoryDevices();
  final InMemoryProducts products = new InMemoryProducts(devices);
  final InMemoryTelemetry telemetry = new InMemoryTelemetry();
  final FakeSessions sessions = new FakeSessions();
  final FakeSessionQueue sessionQueue = new FakeSessionQueue();
  final InMemoryTopicCategories topicRepository = new InMemoryTopicCategories();
  final TopicCategories topics = new TopicCategories(topicRepository);
  final InMemoryMessageLog messageLog = new InMemoryMessageLog();
  final InMemoryDeviceEvents deviceEvents = new InMemoryDeviceEvents();
  final InMemoryDesiredProperties desiredProperties = new InMemoryDesiredProperties();
  final InMemoryWebhookStore webhookStore = new InMemoryWebhookStore();
  WebhookDispatcher dispatcher;
  final AtomicBoolean ready = new AtomicBoolean(true);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final HttpClient http = HttpClient.newHttpClient();

  ScheduledExecutorService scheduler;
  RestApi api;
  String base;

  record Response(int status, String contentType, String body) {
    JsonNode json() {
      return MAPPER.readTree(body);
    }

    /** Asserts the problem+json shape and returns the document. */
    JsonNode problem(int expectedStatus, String expectedCode) {
      assertThat(status).as(body).isEqualTo(expectedStatus);
      assertThat(contentType).startsWith("application/problem+json");
      JsonNode p = json();
      assertThat(p.get("status").intValue()).isEqualTo(expectedStatus);
      assertThat(p.get("title").isString()).isTrue();
      assertThat(p.get("detail").isString()).isTrue();
      assertThat(p.get("code").stringValue()).isEqualTo(expectedCode);
      return p;
    }
  }

  @BeforeEach
  void startApi() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    PendingCommands pending = new PendingCommands(scheduler, 100);
    sessions.usePending(pending);
    Dialects dialects = new Dialects(dialects());
    CommandService commands = new CommandService(sessions, dialects, pending);
    DownlinkService downlink = new DownlinkService(sessions, sessionQueue, dialects, new MessageIds());
    ApiServices services =
        new ApiServices(
            products,
            devices,
            telemetry,
            sessions,
            commands,
            dialects,
            topics,
            messageLog,
            deviceEvents,
            downlink,
            registry,
            ready::get,
            TOKEN,
            1883,
            8883,
            Clock.fixed(NOW, ZoneOffset.UTC),
            push(),
            new io.porta.core.shadow.ShadowService(new InMemoryShadows(), Clock.fixed(NOW, ZoneOffset.UTC), Runnable::run),
            desiredProperties,
            new io.porta.core.testing.InMemoryGatewayTopology());
    api = new RestApi(services);
    int port = api.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + port;
  }

  /** Webhooks over an in-memory store; the dispatcher is not started (these tests do not deliver). */
  PushServices push() {
    Webhooks webhooks = new Webhooks(webhookStore);
    dispatcher =
        new WebhookDispatcher(
            webhooks, webhookStore, WebhookDeliveryConfig.DEFAULTS, registry, Clock.fixed(NOW, ZoneOffset.UTC));
    return new PushServices(webhooks, dispatcher, webhookStore, new Applications(new InMemoryApplications(), Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  /** The dialects the server speaks: only OneNET unless a test needs Alibaba too. */
  List<Dialect> dialects() {
    return List.of(new TestDialect("onenet"));
  }

  @AfterEach
  void stopApi() {
    api.stop();
    dispatcher.close();
    scheduler.shutdownNow();
  }

  Response get(String path) {
    return send("GET", path, null, TOKEN);
  }

  Response post(String path, String json) {
    return send("POST", path, json, TOKEN);
  }

  Response patch(String path, String json) {
    return send("PATCH", path, json, TOKEN);
  }

  Response delete(String path) {
    return send("DELETE", path, null, TOKEN);
  }

  /** @param token null: no Authorization header */
  Response send(String method, String path, String json, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return send(b.build());
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates an onenet product over the API. */
  Product createProduct(String id) {
    return createProduct(id, "onenet");
  }

  Product createProduct(String id, String dialect) {
    Response r =
        post(
            "/api/v1/products",
            "{\"name\":\"Meter " + id + "\",\"dialect\":\"" + dialect + "\",\"id\":\"" + id + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return products.find(id).orElseThrow();
  }

  void createDevice(String productId, String name) {
    Response r = post("/api/v1/products/" + productId + "/devices", "{\"name\":\"" + name + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }
}
