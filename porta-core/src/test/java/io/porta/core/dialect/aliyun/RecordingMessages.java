package io.porta.core.dialect.aliyun;

import io.porta.core.message.MessageLogWriter;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A MessageLogWriter whose commits the test completes by hand. */
final class RecordingMessages implements MessageLogWriter {
  record Append(DeviceKey device, UplinkMessage message, CompletableFuture<Void> commit) {}

  final List<Append> appends = new ArrayList<>();
  RuntimeException throwOnAppend;

  @Override
  public synchronized CompletableFuture<Void> append(DeviceKey device, UplinkMessage message) {
    if (throwOnAppend != null) {
      throw throwOnAppend;
    }
    CompletableFuture<Void> commit = new CompletableFuture<>();
    appends.add(new Append(device, message, commit));
    return commit;
  }

  synchronized Append last() {
    return appends.get(appends.size() - 1);
  }
}
