package io.porta.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Eclipse Mosquitto as the peer broker, pinned to the server core, with a configuration that gives it
 * a fair run: Nagle off like Porta, and none of the connection, in-flight or queue limits a scenario
 * would hit. Anonymous access; its devices publish to plain topics (it knows no $sys rules).
 */
final class MosquittoProcess implements Broker {
  /** The settings beyond the listener, log and user lines; shown in the report. */
  static final List<String> SETTINGS =
      List.of(
          "allow_anonymous true",
          "persistence false",
          "set_tcp_nodelay true",
          "max_connections -1",
          // 0 = no maximum: the default 20 in flight per client would throttle the one p2p consumer.
          "max_inflight_messages 0",
          // 0 = no maximum (the default is 1000 queued per client), and no byte limits either.
          "max_queued_messages 0",
          "max_queued_bytes 0",
          "max_inflight_bytes 0");

  private final Path dir;
  private final Process process;
  private final int port;

  private MosquittoProcess(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /** The executable on PATH (Debian puts it in /usr/sbin, often not on a user's PATH: looked at too). */
  static Optional<Path> find() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add("/usr/sbin");
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "mosquitto"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** "mosquitto version 2.0.11" from its help text, or "mosquitto" when it cannot tell. */
  static String version(Path executable) {
    try {
      Process p = new ProcessBuilder(executable.toString(), "-h").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(5, TimeUnit.SECONDS);
      return out.lines().filter(l -> l.contains("version")).findFirst().orElse("mosquitto").trim();
    } catch (Exception e) {
      return "mosquitto";
    }
  }

  static MosquittoProcess start(Path executable, int cpu) throws Exception {
    Path dir = TempDir.create("porta-bench-mosquitto-");
    try {
      int port = FreePort.find();
      Path conf = dir.resolve("mosquitto.conf");
      List<String> lines = new ArrayList<>();
      lines.add("listener " + port + " 127.0.0.1");
      lines.addAll(SETTINGS);
      lines.add("log_dest file " + dir.resolve("mosquitto.log"));
      // Started as root, mosquitto would switch to the user 'mosquitto', who cannot write here.
      lines.add("user " + System.getProperty("user.name"));
      Files.writeString(conf, String.join("\n", lines) + "\n");
      List<String> cmd = new ArrayList<>(Pinning.prefix(cpu));
      cmd.addAll(List.of(executable.toString(), "-c", conf.toString()));
      Process p = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.log").toFile())
          .start();
      MosquittoProcess m = new MosquittoProcess(dir, p, port);
      m.awaitListening();
      return m;
    } catch (Exception e) {
      TempDir.delete(dir);
      throw e;
    }
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        close();
        throw new IllegalStateException("mosquitto exited with " + process.exitValue());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s");
  }

  @Override
  public String name() {
    return "Mosquitto";
  }

  @Override
  public int mqttPort() {
    return port;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public List<Credentials> devices(int n) {
    List<Credentials> devices = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = Credentials.deviceName(i);
      devices.add(new Credentials(name, name, null, null, "bench/" + name + "/"));
    }
    return devices;
  }

  @Override
  public Memory memory() throws IOException {
    return new Memory(ProcStat.rssBytes(process.pid()), -1, -1);
  }

  @Override
  public void close() {
    ChildProcess.stop(process);
    TempDir.delete(dir);
  }
}
