package io.porta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The harness end to end at smoke size (every scenario, a second or so of traffic each, against the
 * real server jar built by this reactor): it must produce both reports with every scenario's figures.
 * Asserts what was measured, never how fast.
 */
class BenchSmokeTest {
  @Test
  void smokeRunWritesTheMarkdownAndJsonReports(@TempDir Path dir) throws Exception {
    Path jar = Path.of("..", "porta-server", "target", "porta.jar").toAbsolutePath().normalize();
    assertThat(jar).as("the server jar (porta-server is packaged before porta-bench in the reactor)").isRegularFile();
    boolean peer = MosquittoProcess.find().isPresent();
    Path md = dir.resolve("BENCHMARKS.md");
    Path json = dir.resolve("BENCHMARKS.json");

    Bench.run(BenchOptions.parse(new String[] {
      "--smoke", "true", "--server-cpu", "-1", "--jar", jar.toString(),
      "--out", md.toString(), "--json", json.toString()}));

    String report = Files.readString(md);
    assertThat(report).contains("## Goals", "### conn", "### upload", "### p2p", "### rpc", "### soak",
        "memory per idle connected device", "command round trip p99");
    JsonNode root = JsonMapper.builder().build().readTree(Files.readString(json));
    assertThat(root.get("figures").size()).isPositive();
    assertThat(root.get("notes").toString()).doesNotContain("failed");
    assertThat(figure(root, "conn", "N=20: connections held idle", "Porta")).isEqualTo(20);
    assertThat(figure(root, "rpc", "timeouts (504)", "Porta")).isZero();
    assertThat(figure(root, "p2p", "at 30/s: delivery ratio", "Porta")).isEqualTo(100);
    if (peer) {
      assertThat(figure(root, "p2p", "at 30/s: delivery ratio", "Mosquitto")).isEqualTo(100);
    }

    // The Markdown can be rewritten from the JSON alone (template changes without measuring again).
    Path again = dir.resolve("again.md");
    Bench.run(BenchOptions.parse(new String[] {"--rerender", json.toString(), "--out", again.toString()}));
    assertThat(Files.readString(again)).isEqualTo(report);
  }

  private static double figure(JsonNode root, String scenario, String metric, String server) {
    for (JsonNode f : root.get("figures")) {
      if (f.get("scenario").asString().equals(scenario) && f.get("metric").asString().equals(metric)
          && f.get("server").asString().equals(server)) {
        return f.get("median").asDouble();
      }
    }
    throw new AssertionError("no figure " + scenario + " / " + metric + " / " + server + " in " + root.get("figures"));
  }
}
