package io.porta.core.thing;

import io.porta.core.event.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies the platform sends, either dialect: {@code {"id":"…","version":"1.0","params":…}}
 * plus {@code "method"} for Alink (B.6.1, A.7.5), and their ids.
 */
public final class ThingRequests {
  /**
   * Ids stay within what both dialects accept: Alink 0…4294967295 (B.6.1), OneJSON ≤ 13 digits
   * (A.7.5). Increasing, wrapping long before either bound; started from the clock so a restart
   * does not reuse recent ids.
   */
  private static final long WRAP = 4_000_000_000L;

  private final AtomicLong last = new AtomicLong(System.currentTimeMillis() % WRAP);

  public String nextId() {
    return Long.toString(last.updateAndGet(prev -> prev + 1 >= WRAP ? 1 : prev + 1));
  }

  /** @param method the Alink method ({@code thing.service.property.set}), or null for OneJSON */
  public static byte[] encode(String id, JsonNode params, String method) {
    StringBuilder b = new StringBuilder(64).append("{\"id\":");
    EventJson.string(b, id);
    b.append(",\"version\":\"1.0\",\"params\":").append(params.toString());
    if (method != null) {
      b.append(",\"method\":");
      EventJson.string(b, method);
    }
    return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }
}
