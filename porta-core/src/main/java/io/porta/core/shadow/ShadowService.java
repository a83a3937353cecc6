package io.porta.core.shadow;

import io.porta.core.model.DeviceKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and changes device shadows (design.md: shared; the dialects only translate their topics).
 * Changes are compare-and-set on the stored version, so a device and an application changing the same
 * shadow at once never lose each other's change. Blocking: call it off the event loops.
 */
public final class ShadowService {
  private static final Logger LOG = LoggerFactory.getLogger(ShadowService.class);
  private static final int ATTEMPTS = 5;

  /** The outcome of a change: the new document, or why not. */
  public record Outcome(ShadowDocument document, ShadowRejection rejection) {
    public boolean applied() {
      return rejection == null;
    }
  }

  private final ShadowRepository repository;
  private final Clock clock;
  private final Executor executor;

  /** @param executor where device-initiated changes run (never an event loop) */
  public ShadowService(ShadowRepository repository, Clock clock, Executor executor) {
    this.repository = repository;
    this.clock = clock;
    this.executor = executor;
  }

  /** {@link #get} on the executor, for the dialects (called on event loops). */
  public CompletableFuture<ShadowDocument> getLater(DeviceKey device) {
    return CompletableFuture.supplyAsync(() -> get(device), executor);
  }

  /** {@link #change} on the executor; a refused task is a store failure. */
  public CompletableFuture<Outcome> changeLater(DeviceKey device, ShadowChange change, ShadowLimits limits) {
    try {
      return CompletableFuture.supplyAsync(() -> change(device, change, limits), executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(new Outcome(null, ShadowRejection.STORE_FAILURE));
    }
  }

  public ShadowDocument get(DeviceKey device) {
    return repository.find(device).map(ShadowDocument::parse).orElseGet(ShadowDocument::empty);
  }

  public Outcome change(DeviceKey device, ShadowChange change, ShadowLimits limits) {
    Optional<ShadowRejection> invalid = check(change.desired(), limits).or(() -> check(change.reported(), limits));
    if (invalid.isPresent()) {
      return new Outcome(null, invalid.get());
    }
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        ShadowDocument current = get(device);
        if (change.expectedVersion() != null && change.expectedVersion() != current.version()) {
          return new Outcome(current, ShadowRejection.VERSION_CONFLICT);
        }
        if (change.version() != null && change.version() <= current.version()) {
          return new Outcome(current, ShadowRejection.VERSION_CONFLICT);
        }
        long version = change.version() != null ? change.version() : current.version() + 1;
        long now = clock.millis();
        ShadowDocument next =
            current.apply(change.desired(), change.clearDesired(), change.reported(), change.clearReported(), version, now);
        if (next.attributes() > limits.maxAttributes()) {
          return new Outcome(current, ShadowRejection.TOO_MANY_ATTRIBUTES);
        }
        String json = next.toJson().toString();
        if (json.getBytes(StandardCharsets.UTF_8).length > limits.maxDocumentBytes()) {
          return new Outcome(current, ShadowRejection.TOO_LARGE);
        }
        if (repository.save(device, json, version, current.version(), now)) {
          return new Outcome(next, null);
        }
      }
      LOG.warn("{}: shadow change lost {} races in a row", device, ATTEMPTS);
      return new Outcome(null, ShadowRejection.VERSION_CONFLICT);
    } catch (RuntimeException e) {
      LOG.warn("{}: shadow store failed: {}", device, e.toString());
      return new Outcome(null, ShadowRejection.STORE_FAILURE);
    }
  }

  /** Names, string sizes and nesting of a patch (null values are removals and always allowed). */
  static Optional<ShadowRejection> check(ObjectNode patch, ShadowLimits limits) {
    if (patch == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (!limits.key().matcher(e.getKey()).matches()) {
        return Optional.of(ShadowRejection.INVALID_ATTRIBUTE);
      }
      Optional<ShadowRejection> value = checkValue(e.getValue(), limits, 1);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  private static Optional<ShadowRejection> checkValue(JsonNode value, ShadowLimits limits, int depth) {
    if (value.isString() && value.asString().getBytes(StandardCharsets.UTF_8).length > limits.maxStringBytes()) {
      return Optional.of(ShadowRejection.INVALID_ATTRIBUTE);
    }
    if (value.isContainer()) {
      if (depth >= limits.maxDepth()) {
        return Optional.of(ShadowRejection.TOO_DEEP);
      }
      for (JsonNode child : value.values()) {
        Optional<ShadowRejection> r = checkValue(child, limits, depth + 1);
        if (r.isPresent()) {
          return r;
        }
      }
    }
    return Optional.empty();
  }
}
