package io.porta.core.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The applications of this server, cached in memory so that the event fan-out never waits for the
 * store; writes go to the store first. A token is shown once, at creation, and only its SHA-256 is
 * kept. Reads are thread-safe; writes block (call them off the event loops).
 */
public final class Applications {
  /** The MQTT username of an application is this prefix and its id. */
  public static final String USERNAME_PREFIX = "app:";

  /** A new application and its token (the only time the token is known). */
  public record Created(Application application, String token) {}

  private final ApplicationRepository repository;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, ApplicationRepository.Stored> byId = new ConcurrentHashMap<>();
  private final List<Consumer<Application>> revokedListeners = new CopyOnWriteArrayList<>();

  public Applications(ApplicationRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
    for (ApplicationRepository.Stored s : repository.list()) {
      byId.put(s.application().id(), s);
    }
  }

  public Created create(String name, Set<String> productIds) {
    byte[] id = new byte[8];
    random.nextBytes(id);
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Application app = new Application(HexFormat.of().formatHex(id), name, productIds, clock.instant());
    byte[] hash = sha256(token);
    repository.create(app, hash);
    byId.put(app.id(), new ApplicationRepository.Stored(app, hash));
    return new Created(app, token);
  }

  public List<Application> list() {
    return byId.values().stream()
        .map(ApplicationRepository.Stored::application)
        .sorted((a, b) -> a.createdAt().equals(b.createdAt())
            ? a.id().compareTo(b.id()) : a.createdAt().compareTo(b.createdAt()))
        .toList();
  }

  public Optional<Application> find(String id) {
    ApplicationRepository.Stored s = byId.get(id);
    return s == null ? Optional.empty() : Optional.of(s.application());
  }

  /** Changes name and scope; connections lose what the new scope no longer covers at once. */
  public Optional<Application> update(String id, String name, Set<String> productIds) {
    ApplicationRepository.Stored old = byId.get(id);
    if (old == null) {
      return Optional.empty();
    }
    Application updated = old.application().with(name, productIds);
    if (!repository.update(updated)) {
      byId.remove(id);
      return Optional.empty();
    }
    byId.put(id, new ApplicationRepository.Stored(updated, old.tokenHash()));
    return Optional.of(updated);
  }

  /** Deletes the application; its connections are closed and its sessions forgotten. */
  public boolean delete(String id) {
    ApplicationRepository.Stored old = byId.remove(id);
    boolean deleted = repository.delete(id);
    if (old != null) {
      revokedListeners.forEach(l -> l.accept(old.application()));
    }
    return deleted || old != null;
  }

  /** Called after an application was deleted (the transport closes its connections). */
  public void onRevoked(Consumer<Application> listener) {
    revokedListeners.add(listener);
  }

  /** The application an MQTT username names, when the token matches (constant-time). */
  public Optional<Application> authenticate(String applicationId, byte[] token) {
    ApplicationRepository.Stored s = byId.get(applicationId);
    byte[] presented = token == null ? new byte[0] : sha256(token);
    // Compare even for an unknown id, so timing does not tell which ids exist.
    byte[] expected = s == null ? new byte[32] : s.tokenHash();
    boolean match = MessageDigest.isEqual(expected, presented);
    return match && s != null ? Optional.of(s.application()) : Optional.empty();
  }

  /** Whether an MQTT username is an application's (product ids never contain ':'). */
  public static boolean isApplicationUsername(String username) {
    return username != null && username.startsWith(USERNAME_PREFIX);
  }

  static byte[] sha256(String token) {
    return sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
