package io.porta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A batch of HiveMQ-client devices, connected in parallel, all disconnected on close. */
final class HiveFleet implements AutoCloseable {
  final List<HiveDevice> devices = new ArrayList<>();

  static HiveFleet connect(List<Credentials> credentials, int port) throws Exception {
    HiveFleet fleet = new HiveFleet();
    List<CompletableFuture<HiveDevice>> pending = new ArrayList<>();
    for (Credentials c : credentials) {
      pending.add(HiveDevice.connect(c, port));
    }
    try {
      for (CompletableFuture<HiveDevice> f : pending) {
        fleet.devices.add(f.get(60, TimeUnit.SECONDS));
      }
    } catch (Exception e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  @Override
  public void close() {
    devices.parallelStream().forEach(HiveDevice::close);
  }
}
