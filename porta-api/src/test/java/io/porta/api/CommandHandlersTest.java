package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.command.CommandResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandHandlersTest {
  @Test
  void validUtf8StaysText() {
    var a = CommandHandlers.answerJson(new CommandResult("1", "温度 ok".getBytes(StandardCharsets.UTF_8)), "text");
    assertThat(a.get("response").stringValue()).isEqualTo("温度 ok");
    assertThat(a.get("encoding").stringValue()).isEqualTo("text");
  }

  @Test
  void truncatedUtf8BecomesBase64() {
    byte[] cut = {(byte) 0xe6, (byte) 0xb8};
    assertThat(Payloads.strictUtf8(cut)).isNull();
    var a = CommandHandlers.answerJson(new CommandResult("1", cut), "text");
    assertThat(a.get("encoding").stringValue()).isEqualTo("base64");
    assertThat(a.get("response").stringValue()).isEqualTo("5rg=");
  }

  @Test
  void base64RequestGetsBase64EvenForText() {
    var a = CommandHandlers.answerJson(new CommandResult("1", "ok".getBytes(StandardCharsets.UTF_8)), "base64");
    assertThat(a.get("response").stringValue()).isEqualTo("b2s=");
  }
}
