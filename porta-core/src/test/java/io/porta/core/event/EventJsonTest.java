package io.porta.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Event text written by hand must be what Jackson writes for the same string, byte for byte. */
class EventJsonTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void stringLiteralsAreEscapedAsJacksonEscapesThem() {
    for (String text : StatusEventsDataTest.trickyTexts()) {
      if (text == null) {
        continue;
      }
      StringBuilder b = new StringBuilder();
      EventJson.string(b, text);
      assertThat(b.toString()).as("%s", text).isEqualTo(JSON.writeValueAsString(text));
    }
  }

  @Test
  void everyControlCharacterHasItsShortOrUpperCaseHexEscape() {
    StringBuilder b = new StringBuilder();
    EventJson.string(b, "\b\f\u0001\u001f");
    assertThat(b.toString()).isEqualTo("\"\\b\\f\\u0001\\u001F\"");
  }
}
