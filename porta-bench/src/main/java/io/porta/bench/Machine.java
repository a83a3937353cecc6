package io.porta.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about the box a suite ran on, for the report. */
final class Machine {
  private Machine() {}

  static Map<String, String> facts() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    f.put("cpu", firstLine("/proc/cpuinfo", "model name") + ", " + Runtime.getRuntime().availableProcessors()
        + " core(s) visible to the generator, CPUs online " + onlineCpus());
    f.put("memory", firstLine("/proc/meminfo", "MemTotal"));
    f.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    f.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    f.put("open files limit (generator and servers)", limit("Max open files"));
    f.put("ephemeral ports", read("/proc/sys/net/ipv4/ip_local_port_range").replaceAll("\\s+", "-"));
    f.put("generator CPUs", Pinning.ownCpus());
    return f;
  }

  /**
   * The 1-minute load average now, and the share of the last minute in which some runnable task waited
   * for a CPU (Linux pressure stall information): other work on the machine shows here.
   */
  static String load() {
    String psi = read("/proc/pressure/cpu").replaceAll(".*some avg10=\\S+ avg60=(\\S+).*", "$1");
    return String.format(java.util.Locale.ROOT, "load %.2f, CPU pressure %s %%",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), psi);
  }

  private static String onlineCpus() {
    return read("/sys/devices/system/cpu/online");
  }

  private static String limit(String name) {
    try {
      return Files.readAllLines(Path.of("/proc/self/limits")).stream()
          .filter(l -> l.startsWith(name))
          .map(l -> l.substring(name.length()).trim().split("\\s+")[0])
          .findFirst()
          .orElse("?");
    } catch (Exception e) {
      return "?";
    }
  }

  private static String firstLine(String file, String key) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(l -> l.startsWith(key))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("?");
    } catch (Exception e) {
      return "?";
    }
  }

  private static String read(String file) {
    try {
      return String.join(" ", Files.readAllLines(Path.of(file))).trim();
    } catch (Exception e) {
      return "?";
    }
  }
}
