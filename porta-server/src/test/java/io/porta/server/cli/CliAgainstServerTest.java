package io.porta.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The administrative subcommands against a stand-in HTTP server that records what they send. */
class CliAgainstServerTest {
  record Request(String method, String uri, String authorization, String body) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private String url;
  private volatile int status = 200;
  private volatile String contentType = "application/json";
  private volatile String answer = "{}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()),
            ex.getRequestHeaders().getFirst("Authorization"), body));
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private CliHarness.Result run(String... args) {
    String[] full = new String[args.length + 4];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--url";
    full[args.length + 1] = url;
    full[args.length + 2] = "--token";
    full[args.length + 3] = "tok";
    return CliHarness.run(full);
  }

  private static JsonNode json(String s) {
    return JsonMapper.builder().build().readTree(s);
  }

  @Test
  void productCreatePostsTheProductAndPrintsTheAnswerPretty() {
    answer = "{\"id\":\"238322\",\"name\":\"Meters\",\"dialect\":\"onenet\",\"secret\":\"S\"}";
    status = 201;
    CliHarness.Result r = run("product", "create", "--name", "Meters", "--dialect", "onenet", "--id", "238322");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Request q = requests.get(0);
    assertThat(q.method()).isEqualTo("POST");
    assertThat(q.uri()).isEqualTo("/api/v1/products");
    assertThat(q.authorization()).isEqualTo("Bearer tok");
    assertThat(json(q.body()).get("name").stringValue()).isEqualTo("Meters");
    assertThat(json(q.body()).get("dialect").stringValue()).isEqualTo("onenet");
    assertThat(json(q.body()).get("id").stringValue()).isEqualTo("238322");
    assertThat(r.out()).contains("\n").contains("\"secret\" : \"S\"");
  }

  @Test
  void productList() {
    answer = "{\"items\":[]}";
    assertThat(run("product", "list").exitCode()).isZero();
    assertThat(requests.get(0).method()).isEqualTo("GET");
    assertThat(requests.get(0).uri()).isEqualTo("/api/v1/products");
  }

  @Test
  void deviceCommandsUseEncodedPaths() {
    assertThat(run("device", "create", "p1", "meter@a:1", "--secret", "K").exitCode()).isZero();
    assertThat(requests.get(0).uri()).isEqualTo("/api/v1/products/p1/devices");
    assertThat(json(requests.get(0).body()).get("secret").stringValue()).isEqualTo("K");
    assertThat(run("device", "list", "p1", "--online", "false", "--offset", "2").exitCode()).isZero();
    assertThat(requests.get(1).uri()).isEqualTo("/api/v1/products/p1/devices?online=false&offset=2");
    assertThat(run("device", "show", "p1", "meter@a:1").exitCode()).isZero();
    assertThat(requests.get(2).uri()).isEqualTo("/api/v1/products/p1/devices/meter%40a%3A1");
  }

  @Test
  void commandPostsPayloadEncodingAndTimeout() {
    answer = "{\"id\":\"c1\",\"response\":\"ok\",\"encoding\":\"text\"}";
    CliHarness.Result r = run("command", "p1", "meter-0001", "AQID", "--base64", "--timeout-ms", "2000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Request q = requests.get(0);
    assertThat(q.uri()).isEqualTo("/api/v1/products/p1/devices/meter-0001/commands");
    JsonNode body = json(q.body());
    assertThat(body.get("payload").stringValue()).isEqualTo("AQID");
    assertThat(body.get("encoding").stringValue()).isEqualTo("base64");
    assertThat(body.get("timeoutMs").longValue()).isEqualTo(2000);
    assertThat(r.out()).contains("\"response\" : \"ok\"");
  }

  @Test
  void problemGoesToStderrWithExitCode1() {
    status = 409;
    contentType = "application/problem+json";
    answer = "{\"status\":409,\"title\":\"Conflict\",\"detail\":\"device meter-0001 is offline\",\"code\":\"device_offline\"}";
    CliHarness.Result r = run("command", "p1", "meter-0001", "reboot");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("device meter-0001 is offline").contains("device_offline").contains("409");
  }

  @Test
  void unreachableServerIsExitCode1() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CliHarness.Result r =
        CliHarness.run("product", "list", "--url", "http://127.0.0.1:" + closedPort, "--token", "tok");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("cannot reach");
  }
}
