package io.porta.core.command;

import io.porta.core.event.EventJson;
import java.util.concurrent.CompletionException;

/**
 * The data of {@code commands} events: {@code {"id","phase":"request","topic","payload","encoding"}}
 * when a command is sent, {@code {"id","phase":"outcome","result":"success"|"timeout"|"offline"|"error",
 * "payload","encoding"}} (payload: the answer, on success) when it ends.
 */
final class CommandEvents {
  private CommandEvents() {}

  static String request(String id, String topic, byte[] payload) {
    StringBuilder b = new StringBuilder(96 + payload.length).append("{\"id\":");
    EventJson.string(b, id);
    b.append(",\"phase\":\"request\",\"topic\":");
    EventJson.string(b, topic);
    b.append(',');
    EventJson.payload(b, payload);
    return b.append('}').toString();
  }

  static String outcome(String id, CommandResult result, Throwable error) {
    StringBuilder b = new StringBuilder(96).append("{\"id\":");
    EventJson.string(b, id);
    b.append(",\"phase\":\"outcome\",\"result\":\"").append(result(error)).append('"');
    if (error == null && result != null) {
      b.append(',');
      EventJson.payload(b, result.response());
    }
    return b.append('}').toString();
  }

  private static String result(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e == null) {
      return "success";
    }
    if (e instanceof CommandTimeoutException) {
      return "timeout";
    }
    if (e instanceof DeviceOfflineException) {
      return "offline";
    }
    return "error";
  }
}
