package io.porta.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Eclipse Mosquitto as the peer broker: a minimal config on a free loopback port, anonymous access,
 * in-memory only or with persistence. Its devices publish to plain topics (it knows no $sys rules).
 */
final class MosquittoProcess implements Broker {
  private final String name;
  private final Path dir;
  private final Process process;
  private final int port;

  private MosquittoProcess(String name, Path dir, Process process, int port) {
    this.name = name;
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

  static MosquittoProcess start(Path executable, boolean persistence) throws Exception {
    Path dir = TempDir.create("porta-bench-mosquitto-");
    try {
      int port = freePort();
      Path conf = dir.resolve("mosquitto.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "listener " + port + " 127.0.0.1",
              "allow_anonymous true",
              "persistence " + persistence,
              "persistence_location " + dir + "/",
              "log_dest file " + dir.resolve("mosquitto.log"),
              // Started as root, mosquitto would switch to the user 'mosquitto', who cannot write here.
              "user " + System.getProperty("user.name"),
              ""));
      Process p = new ProcessBuilder(executable.toString(), "-c", conf.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.log").toFile())
          .start();
      MosquittoProcess m = new MosquittoProcess(persistence ? "mosquitto+persist" : "mosquitto", dir, p, port);
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int mqttPort() {
    return port;
  }

  @Override
  public List<Credentials> devices(int n) {
    List<Credentials> devices = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = String.format(Locale.ROOT, "dev-%05d", i);
      devices.add(new Credentials(id, null, null, "bench/" + id + "/dp/post/json"));
    }
    return devices;
  }

  @Override
  public Memory memory() throws IOException {
    return new Memory(ProcMemory.rssBytes(process.pid()), -1);
  }

  @Override
  public void close() {
    ChildProcess.stop(process);
    TempDir.delete(dir);
  }
}
