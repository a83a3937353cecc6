package io.porta.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.session.DisconnectReason;
import io.porta.core.session.SessionInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status entry's JSON is written by hand on the event loop; stored history and events must stay
 * byte for byte what Jackson wrote for the same object before, whatever the address or listener holds.
 */
class StatusEventsDataTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Instant NOW = Instant.parse("2025-01-01T00:00:00.123Z");

  /** The object as StatusEvents built it with Jackson before it was written by hand. */
  static String jackson(SessionInfo session, DisconnectReason reason) {
    ObjectNode data = JSON.createObjectNode();
    if (reason != null) {
      data.put("reason", reason.label());
    }
    data.put("remoteAddress", session.remoteAddress());
    data.put("listener", session.listener());
    data.put("protocolLevel", session.protocolLevel());
    data.put("keepAlive", session.keepAliveSeconds());
    data.put("cleanSession", session.cleanSession());
    return JSON.writeValueAsString(data);
  }

  static List<String> trickyTexts() {
    List<String> texts = new ArrayList<>(
        Arrays.asList(
            "127.0.0.1:50123",
            "[0:0:0:0:0:0:0:1%lo]:1883",
            "",
            "quote\"in",
            "back\\slash\\",
            "sl/ash",
            "tab\tnew\nline\rcr",
            "bell\u0007back\bform\fvt\u000bnul\u0000us\u001f",
            "é€ 中文 \uD83D\uDE00",
            "lone \uD800 high and \uDC00 low",
            "line sep \u2028 para \u2029 del \u007f nbsp \u00a0",
            "</script>",
            null));
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x100; c++) {
      all.append(c);
    }
    texts.add(all.toString());
    return texts;
  }

  @Test
  void handWrittenDataIsJacksonsByteForByte() {
    List<DisconnectReason> reasons = new ArrayList<>(Arrays.asList(DisconnectReason.values()));
    reasons.add(null); // online
    for (String text : trickyTexts()) {
      for (DisconnectReason reason : reasons) {
        for (SessionInfo session :
            List.of(
                new SessionInfo(NOW, NOW, text, 4, 120, true, "mqtt"),
                new SessionInfo(NOW, NOW, "10.0.0.1:1", 3, 0, false, text),
                new SessionInfo(NOW, NOW, text, 4, 65_535, false, text))) {
          assertThat(StatusEvents.data(session, reason))
              .as("%s / %s", session, reason)
              .isEqualTo(jackson(session, reason));
        }
      }
    }
  }
}
