package io.porta.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rewrites the Markdown report from a JSON report written earlier, with the current template: the
 * figures stay exactly as measured, only the text around them changes.
 */
final class Rerender {
  private Rerender() {}

  static void markdown(Path json, Path out) throws Exception {
    JsonNode root = JsonMapper.builder().build().readTree(Files.readString(json));
    String[] args;
    if (root.has("options")) {
      args = root.get("options").properties().stream()
          .flatMap(e -> Stream.of("--" + e.getKey(), e.getValue().asString()))
          .toArray(String[]::new);
    } else { // reports before the options were written: the command line holds them (no quoted values)
      String command = root.get("command").asString();
      String rest = command.substring(command.indexOf("bench.sh") + "bench.sh".length()).trim();
      args = rest.isEmpty() ? new String[0] : rest.split("\\s+");
    }
    BenchOptions options = BenchOptions.parse(args);

    Figures figures = new Figures();
    for (JsonNode f : root.get("figures")) {
      for (JsonNode v : f.get("runs")) {
        figures.add(f.get("scenario").asString(), f.get("metric").asString(), f.get("unit").asString(),
            f.get("server").asString(), v.isNull() ? Double.NaN : v.asDouble());
      }
    }
    for (JsonNode s : root.get("sweepSteps")) {
      figures.step(new Figures.Step(s.get("scenario").asString(), s.get("server").asString(), s.get("run").asInt(),
          s.get("offeredPerSecond").asDouble(), s.get("deliveredPerSecond").asDouble(), num(s, "pubackP50Ms"),
          num(s, "pubackP99Ms"), num(s, "deliveryP99Ms"), s.get("deliveryRatio").asDouble(),
          s.get("keptUp").asBoolean(), num(s, "serverCpuPercent"), num(s, "generatorCpuPercent"),
          num(s, "storeCommitMeanMs"), num(s, "storeBatchMean")));
    }
    root.get("notes").properties().forEach(e -> e.getValue().forEach(n -> figures.note(e.getKey(), n.asString())));
    Map<String, String> machine = new LinkedHashMap<>();
    root.get("machine").properties().forEach(e -> machine.put(e.getKey(), e.getValue().asString()));
    JsonNode peer = root.get("peer");
    new Report(options, figures, machine, peer == null || peer.isNull() ? null : peer.asString(),
        root.get("loadAverageBefore").asString(), root.get("loadAverageAfter").asString(),
        root.get("minutes").asDouble()).writeMarkdown(out);
  }

  private static double num(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }
}
