package io.porta.core.application;

import java.util.List;
import java.util.Optional;

/** Applications and the hash of their token. Blocking: call it off the event loops. */
public interface ApplicationRepository {
  /** A stored application with the SHA-256 of its token (the token itself is never stored). */
  record Stored(Application application, byte[] tokenHash) {}

  void create(Application application, byte[] tokenHash);

  /** Oldest first. */
  List<Stored> list();

  /** Replaces name and products. @return false when unknown */
  boolean update(Application application);

  /** @return false when unknown */
  boolean delete(String id);
}
