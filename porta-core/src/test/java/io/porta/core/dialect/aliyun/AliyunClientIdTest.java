package io.porta.core.dialect.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** ClientId and username forms of protocols.md B.2.1, as real SDKs send them. */
class AliyunClientIdTest {

  @Test
  void cSdkForm() {
    AliyunClientId c =
        AliyunClientId.parse(
            "a1X2bEnP82z.example1|timestamp=2524608000000,_v=sdk-c-4.1.0,securemode=2,signmethod=hmacsha256,lan=C,gw=0,ext=0|");
    assertThat(c.id()).isEqualTo("a1X2bEnP82z.example1");
    assertThat(c.extension("timestamp")).isEqualTo("2524608000000");
    assertThat(c.extension("signmethod")).isEqualTo("hmacsha256");
    assertThat(c.extension("_v")).isEqualTo("sdk-c-4.1.0");
    assertThat(c.extensions()).hasSize(7);
  }

  @Test
  void pythonSdkFormKeepsUnknownKeys() {
    AliyunClientId c =
        AliyunClientId.parse(
            "a1X2bEnP82z&example1|securemode=2,signmethod=hmacsha1,ext=1,_ss=1,lan=Python,_v=1.2.13,timestamp=1700000000|");
    assertThat(c.id()).isEqualTo("a1X2bEnP82z&example1");
    assertThat(c.extension("ext")).isEqualTo("1");
    assertThat(c.extension("_ss")).isEqualTo("1");
  }

  @Test
  void noBarAtAllIsAllId() {
    AliyunClientId c = AliyunClientId.parse("plain-client");
    assertThat(c.id()).isEqualTo("plain-client");
    assertThat(c.extensions()).isEmpty();
  }

  @Test
  void trailingCommasSpacesAndMissingClosingBarAreTolerated() {
    AliyunClientId c = AliyunClientId.parse("12345| securemode = 3 , signmethod=hmacsha1,,timestamp=789,");
    assertThat(c.id()).isEqualTo("12345");
    assertThat(c.extensions())
        .isEqualTo(Map.of("securemode", "3", "signmethod", "hmacsha1", "timestamp", "789"));
  }

  @Test
  void emptyIdAndNull() {
    assertThat(AliyunClientId.parse("|securemode=3|").id()).isEmpty();
    assertThat(AliyunClientId.parse(null).id()).isEmpty();
  }

  @Test
  void idLongerThan64IsFlagged() {
    assertThat(AliyunClientId.parse("x".repeat(64) + "|securemode=3|").idTooLong()).isFalse();
    assertThat(AliyunClientId.parse("x".repeat(65) + "|securemode=3|").idTooLong()).isTrue();
  }

  @Test
  void usernameSplitsAtTheLastAmpersand() {
    assertThat(AliyunUsername.parse("example1&a1X2bEnP82z"))
        .contains(new AliyunUsername("example1", "a1X2bEnP82z"));
    assertThat(AliyunUsername.parse("a&b&pk")).contains(new AliyunUsername("a&b", "pk"));
    assertThat(AliyunUsername.parse("nodelimiter")).isEmpty();
    assertThat(AliyunUsername.parse("&pk")).isEmpty();
    assertThat(AliyunUsername.parse("dn&")).isEmpty();
    assertThat(AliyunUsername.parse(null)).isEmpty();
  }
}
