package io.porta.core.thing;

import io.porta.core.event.EventJson;
import io.porta.core.model.DeviceKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Desired property values for the dialects' event loops: the repository's reads and deletes run on
 * the {@code blocking} executor. Also shapes the {@code data} of a desired-get reply.
 */
public final class DesiredProperties {
  private final DesiredPropertyRepository repository;
  private final Executor blocking;

  public DesiredProperties(DesiredPropertyRepository repository, Executor blocking) {
    this.repository = repository;
    this.blocking = blocking;
  }

  public CompletableFuture<List<DesiredProperty>> find(DeviceKey device, Collection<String> identifiers) {
    return CompletableFuture.supplyAsync(() -> repository.find(device, identifiers), blocking);
  }

  public CompletableFuture<List<String>> delete(DeviceKey device, Map<String, Long> versions) {
    return CompletableFuture.supplyAsync(() -> repository.delete(device, versions), blocking);
  }

  /**
   * The {@code data} of the reply to a valid desired get (the values asked) or delete ({@code {}}),
   * either dialect; the repository work runs on the blocking executor.
   */
  public CompletableFuture<String> replyData(DeviceKey device, boolean get, DesiredRequest request) {
    return get
        ? find(device, request.identifiers()).thenApply(DesiredProperties::dataJson)
        : delete(device, request.versions()).thenApply(deleted -> "{}");
  }

  /** B.6.2 / A.7.5 desired-get data: {@code {"Power":{"value":"on","version":2},…}}. */
  public static String dataJson(List<DesiredProperty> properties) {
    StringBuilder b = new StringBuilder(2 + properties.size() * 40).append('{');
    for (int i = 0; i < properties.size(); i++) {
      DesiredProperty p = properties.get(i);
      if (i > 0) {
        b.append(',');
      }
      EventJson.string(b, p.identifier());
      b.append(":{\"value\":").append(p.valueJson()).append(",\"version\":").append(p.version()).append('}');
    }
    return b.append('}').toString();
  }
}
