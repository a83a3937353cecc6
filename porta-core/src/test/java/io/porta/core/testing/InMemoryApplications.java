package io.porta.core.testing;

import io.porta.core.application.Application;
import io.porta.core.application.ApplicationRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applications in memory. */
public final class InMemoryApplications implements ApplicationRepository {
  private final Map<String, Stored> byId = new LinkedHashMap<>();

  @Override
  public synchronized void create(Application application, byte[] tokenHash) {
    byId.put(application.id(), new Stored(application, tokenHash.clone()));
  }

  @Override
  public synchronized List<Stored> list() {
    return new ArrayList<>(byId.values());
  }

  @Override
  public synchronized boolean update(Application application) {
    Stored old = byId.get(application.id());
    if (old == null) {
      return false;
    }
    byId.put(application.id(), new Stored(application, old.tokenHash()));
    return true;
  }

  @Override
  public synchronized boolean delete(String id) {
    return byId.remove(id) != null;
  }
}
