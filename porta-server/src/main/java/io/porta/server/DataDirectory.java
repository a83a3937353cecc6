package io.porta.server;

import io.porta.core.dialect.Secrets;
import io.porta.server.tls.TlsFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The files Porta keeps in its data directory besides the database: API token and ports.json. */
public final class DataDirectory {
  public static final String API_TOKEN_FILE = "api-token";
  public static final String PORTS_FILE = "ports.json";

  private final Path dir;

  public DataDirectory(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  public Path path() {
    return dir;
  }

  /** The token in {@code api-token}, or null when there is none yet. */
  public String readApiToken() throws IOException {
    Path file = dir.resolve(API_TOKEN_FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).trim();
    return token.isEmpty() ? null : token;
  }

  /** Generates a token from a CSPRNG and stores it, readable by the owner only. */
  public String generateApiToken() throws IOException {
    String token = Secrets.randomAlphanumeric(40);
    write(API_TOKEN_FILE, token + "\n", true);
    return token;
  }

  public Path apiTokenFile() {
    return dir.resolve(API_TOKEN_FILE);
  }

  /** Writes {@code {"mqtt":…, "mqtts":…, "http":…}}; a disabled listener is null. */
  public void writePorts(int mqtt, Integer mqtts, int http) throws IOException {
    String json = "{\"mqtt\":" + mqtt + ", \"mqtts\":" + mqtts + ", \"http\":" + http + "}\n";
    write(PORTS_FILE, json, false);
  }

  private void write(String name, String content, boolean secret) throws IOException {
    Path target = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    if (secret) {
      TlsFiles.restrictToOwner(tmp);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
