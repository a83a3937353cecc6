package io.porta.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds the server and its token (api.md "Running"). */
class ApiClientOptionsTest {
  @TempDir Path data;

  private ApiClientOptions options(String url, String token, Path dir) {
    ApiClientOptions o = new ApiClientOptions();
    o.url = url;
    o.token = token;
    o.dataDir = dir;
    return o;
  }

  @Test
  void readsPortAndTokenFromTheDataDirectory() throws IOException {
    Files.writeString(data.resolve("ports.json"), "{\"mqtt\":41883, \"mqtts\":null, \"http\":48080}\n");
    Files.writeString(data.resolve("api-token"), "file-token\n");
    ApiClient.Target t = options(null, null, data).resolve(Map.of());
    assertThat(t.url()).isEqualTo("http://127.0.0.1:48080");
    assertThat(t.token()).isEqualTo("file-token");
  }

  @Test
  void dataDirectoryComesFromTheEnvironmentWhenNotGiven() throws IOException {
    Files.writeString(data.resolve("api-token"), "file-token");
    ApiClient.Target t = options(null, null, null).resolve(Map.of("PORTA_DATA_DIR", data.toString()));
    assertThat(t.url()).isEqualTo("http://127.0.0.1:8080");
    assertThat(t.token()).isEqualTo("file-token");
  }

  @Test
  void environmentTokenBeatsTheFileAndFlagsBeatBoth() throws IOException {
    Files.writeString(data.resolve("api-token"), "file-token");
    Files.writeString(data.resolve("ports.json"), "{\"http\":48080}");
    assertThat(options(null, null, data).resolve(Map.of("PORTA_API_TOKEN", "env-token")).token())
        .isEqualTo("env-token");
    ApiClient.Target t =
        options("http://example.com:9000/", "flag-token", data).resolve(Map.of("PORTA_API_TOKEN", "env-token"));
    assertThat(t.token()).isEqualTo("flag-token");
    assertThat(t.url()).isEqualTo("http://example.com:9000");
  }

  @Test
  void noTokenAnywhereIsAnError() {
    assertThatThrownBy(() -> options(null, null, data).resolve(Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("--token");
  }

  @Test
  void tokenIsNeverInTheTargetsToString() {
    assertThat(new ApiClient.Target("http://h", "s3cret").toString()).doesNotContain("s3cret");
  }
}
