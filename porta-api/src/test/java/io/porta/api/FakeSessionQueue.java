package io.porta.api;

import io.porta.core.model.DeviceKey;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.SessionQueue;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Persistent-session queues in a list: only the devices a test marks as persistent have one. */
final class FakeSessionQueue implements SessionQueue {
  record Queued(DeviceKey device, OutboundMessage message) {}

  final Set<DeviceKey> persistent = ConcurrentHashMap.newKeySet();
  final List<Queued> queued = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<Boolean> enqueue(DeviceKey device, OutboundMessage message) {
    if (!persistent.contains(device)) {
      return CompletableFuture.completedFuture(false);
    }
    queued.add(new Queued(device, message));
    return CompletableFuture.completedFuture(true);
  }
}
