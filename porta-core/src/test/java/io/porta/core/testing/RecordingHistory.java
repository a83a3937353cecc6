package io.porta.core.testing;

import io.porta.core.event.DeviceEventWriter;
import io.porta.core.event.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A device event history whose commits the test completes by hand. */
public final class RecordingHistory implements DeviceEventWriter {
  public record Append(StoredEvent event, CompletableFuture<Void> commit) {}

  public final List<Append> appends = new ArrayList<>();

  @Override
  public synchronized CompletableFuture<Void> append(StoredEvent event) {
    CompletableFuture<Void> commit = new CompletableFuture<>();
    appends.add(new Append(event, commit));
    return commit;
  }

  /** Commits every append so far. */
  public synchronized void commitAll() {
    appends.forEach(a -> a.commit().complete(null));
  }
}
