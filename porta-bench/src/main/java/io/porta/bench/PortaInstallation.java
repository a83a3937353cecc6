package io.porta.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Porta's data directory for a whole suite: the product and its devices are created once (not part of
 * any figure) and every scenario restarts the server on it. Deleted when the suite ends.
 */
final class PortaInstallation implements AutoCloseable {
  final Path jar;
  final Path dataDir;
  final String jvmOpts;
  final int cpu;
  /** Credentials of the devices created so far, dev-00000 onwards. */
  final List<Credentials> devices = new ArrayList<>();
  boolean productCreated;

  PortaInstallation(Path jar, String jvmOpts, int cpu) throws Exception {
    this.jar = jar;
    this.jvmOpts = jvmOpts;
    this.cpu = cpu;
    this.dataDir = TempDir.create("porta-bench-");
  }

  @Override
  public void close() {
    TempDir.delete(dataDir);
  }
}
