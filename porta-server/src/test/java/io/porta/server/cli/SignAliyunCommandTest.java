package io.porta.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.aliyun.AliyunClientId;
import io.porta.core.dialect.aliyun.AliyunSign;
import io.porta.core.dialect.aliyun.AliyunUsername;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code porta sign aliyun} against protocols.md §C.2 (A1–A8) and the server's check of B.2.2. */
class SignAliyunCommandTest {
  private static final String C_SDK_SECRET = "ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe";

  /** Runs {@code sign aliyun} with the options and returns the printed credentials. */
  private static JsonNode sign(String... options) {
    List<String> args = new ArrayList<>(List.of("sign", "aliyun"));
    args.addAll(List.of(options));
    CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return ApiClient.mapper().readTree(r.out());
  }

  private static String[] a1(String method) {
    return new String[] {
      "--product-key", "pk", "--device-name", "device", "--device-secret", "secret",
      "--client-id", "12345", "--timestamp", "789", "--securemode", "3", "--signmethod", method
    };
  }

  @Test
  void vectorA1GivesTheOfficialExample() {
    JsonNode c = sign(a1("hmacsha1"));
    assertThat(c.get("clientId").stringValue()).isEqualTo("12345|securemode=3,signmethod=hmacsha1,timestamp=789|");
    assertThat(c.get("username").stringValue()).isEqualTo("device&pk");
    assertThat(c.get("password").stringValue()).isEqualTo("fafd82a3d602b37fb0fa8b7892f24a477f851a14");
  }

  @Test
  void vectorsA2AndA3WithMd5AndSha256() {
    assertThat(sign(a1("hmacmd5")).get("password").stringValue()).isEqualTo("14b198324fe55e1d3c88f2e705e201ee");
    assertThat(sign(a1("hmacsha256")).get("password").stringValue())
        .isEqualTo("6074a46a91b1ebb2cc4ea42790ad0e80202c9843859fc292e57c4eb19fad9e57");
  }

  @Test
  void vectorA4WithoutTimestamp() {
    JsonNode c =
        sign(
            "--product-key", "pk", "--device-name", "device", "--device-secret", "secret",
            "--client-id", "12345", "--no-timestamp", "--signmethod", "hmacsha1");
    assertThat(c.get("clientId").stringValue()).isEqualTo("12345|securemode=2,signmethod=hmacsha1|");
    assertThat(c.get("password").stringValue()).isEqualTo("3504e4df7ce4766d30f796ee973c9ce7fc5425cb");
  }

  @Test
  void vectorA5WithEmptyClientIdLeavesItOutOfTheSignature() {
    JsonNode c =
        sign(
            "--product-key", "pk", "--device-name", "device", "--device-secret", "secret",
            "--client-id", "", "--no-timestamp", "--signmethod", "hmacsha1");
    assertThat(c.get("clientId").stringValue()).isEqualTo("|securemode=2,signmethod=hmacsha1|");
    assertThat(c.get("password").stringValue()).isEqualTo("ef1338106ebf173868958116f51797c8b9149855");
  }

  @Test
  void vectorA6() {
    JsonNode c =
        sign(
            "--product-key", "a14Xib5kdYd", "--device-name", "light1983432",
            "--device-secret", "oLyaKqVxtRvjH284LdhqVgVUx1UPy6zq", "--client-id", "SN1928339",
            "--timestamp", "1539421321846", "--signmethod", "hmacsha1");
    assertThat(c.get("password").stringValue()).isEqualTo("b2488041f64f425016b467ee1c94959ebd592ad1");
  }

  @Test
  void vectorA7UsesTheDefaultClientIdAndMethod() {
    JsonNode c =
        sign(
            "--product-key", "a1X2bEnP82z", "--device-name", "example1", "--device-secret", C_SDK_SECRET,
            "--timestamp", "2524608000000");
    assertThat(c.get("clientId").stringValue())
        .isEqualTo("a1X2bEnP82z.example1|securemode=2,signmethod=hmacsha256,timestamp=2524608000000|");
    assertThat(c.get("username").stringValue()).isEqualTo("example1&a1X2bEnP82z");
    assertThat(c.get("password").stringValue())
        .isEqualTo("B8CE8F1D706DD3C61D13BFD9855DEF7E321B785084CA9C93F0169A2B46785DD2".toLowerCase(Locale.ROOT));
  }

  @Test
  void vectorA8WithPythonSdkClientIdAndSecondsTimestamp() {
    JsonNode c =
        sign(
            "--product-key", "a1X2bEnP82z", "--device-name", "example1", "--device-secret", C_SDK_SECRET,
            "--client-id", "a1X2bEnP82z&example1", "--timestamp", "1700000000", "--signmethod", "hmacsha1");
    assertThat(c.get("password").stringValue()).isEqualTo("4608d3aa3c928984bb5968cbcb2b2710bea4b8db");
  }

  @Test
  void defaultTimestampIsNowInMillisAndThePrintedCredentialsPassTheServersCheck() {
    CommandLine cli = CliHarness.commandLine();
    SignCommand.Aliyun command = cli.getSubcommands().get("sign").getSubcommands().get("aliyun").getCommand();
    command.clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    int code =
        cli.execute("sign", "aliyun", "--product-key", "a1X2bEnP82z", "--device-name", "example1", "--device-secret", C_SDK_SECRET);
    assertThat(code).isZero();
    JsonNode c = ApiClient.mapper().readTree(out.toString());
    AliyunClientId clientId = AliyunClientId.parse(c.get("clientId").stringValue());
    assertThat(clientId.extension("timestamp")).isEqualTo("1700000000123");
    assertThat(clientId.extension("securemode")).isEqualTo("2");
    // B.2.2 as the server verifies it: the signed values are those the clientId and username carry.
    AliyunUsername user = AliyunUsername.parse(c.get("username").stringValue()).orElseThrow();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("clientId", clientId.id());
    params.put("deviceName", user.deviceName());
    params.put("productKey", user.productKey());
    params.put("timestamp", clientId.extension("timestamp"));
    assertThat(AliyunSign.verify(clientId.extension("signmethod"), C_SDK_SECRET, params, c.get("password").stringValue()))
        .isTrue();
  }

  @Test
  void badOptionsAreUsageErrors() {
    String[] device = {"--product-key", "pk", "--device-name", "device", "--device-secret", "secret"};
    CliHarness.Result r = CliHarness.run(with(device, "--signmethod", "hmacsha512"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--signmethod");
    assertThat(r.out()).isEmpty();
    r = CliHarness.run(with(device, "--client-id", "a|b"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--client-id");
    assertThat(CliHarness.run(with(device, "--client-id", "x".repeat(65))).exitCode()).isEqualTo(2);
    assertThat(CliHarness.run(with(device, "--timestamp", "1", "--no-timestamp")).exitCode()).isEqualTo(2);
    assertThat(CliHarness.run("sign", "aliyun", "--product-key", "pk", "--device-name", "device").exitCode())
        .isEqualTo(2);
  }

  private static String[] with(String[] device, String... more) {
    List<String> args = new ArrayList<>(List.of("sign", "aliyun"));
    args.addAll(List.of(device));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }
}
