package io.porta.core.dialect.onenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** protocols.md A.3 and the §C.1 vectors O1–O6. */
class OneNetTokenTest {
  static final String KEY_O1 = "EnW4T71eIE55xOIQMN6pFMKuqel5T5HTzsGJRPiDhlM=";
  static final String RES_O1 = "products/238322/devices/mqtts-test-device";
  static final long ET_O1 = 7557387130L;
  static final String KEY_O4 = "KuF3NT/jUBJ62LNBB/A8XZA9CqS3Cu79B/ABmfA1UCw=";
  static final String RES_O4 = "products/123123";
  static final long ET_O4 = 1537255523L;

  /** OneNET's own published password (ON-connect-example). */
  static final String O1_TOKEN =
      "version=2018-10-31&res=products%2F238322%2Fdevices%2Fmqtts-test-device&et=7557387130"
          + "&method=sha1&sign=Rs0u%2FKnyoK5%2FMuKo5xKa0tW%2BWqY%3D";

  static final Clock FROZEN_2018 = Clock.fixed(Instant.ofEpochSecond(1537255000L), ZoneOffset.UTC);
  static final Clock FROZEN_NOW = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "O1, sha1, Rs0u/KnyoK5/MuKo5xKa0tW+WqY=",
    "O2, md5, 9z6sXacZSD2aPEH8lbVPyA==",
    "O3, sha256, hVAf8QEdu5v4O/vqQmyNzkkxVMzvZOpwtrXXmhyGu7M=",
  })
  void signaturesMatchVectorsO1ToO3(String vector, String method, String expected) {
    assertThat(OneNetToken.signature(RES_O1, ET_O1, method, KEY_O1)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "O4, sha1, lsaPSiiGvEFFjXu5WU7a6IkScqE=",
    "O5, md5, M3jB6jcSNUuGcvW3dFcrWA==",
    "O6, sha256, tuFMd8Cc5krZO+RiNaW4mad5tauSFq2J89Gd70MXQPI=",
  })
  void signaturesMatchVectorsO4ToO6(String vector, String method, String expected) {
    assertThat(OneNetToken.signature(RES_O4, ET_O4, method, KEY_O4)).isEqualTo(expected);
  }

  @Test
  void signProducesTheFullEncodedTokenOfO1() {
    assertThat(OneNetToken.sign(RES_O1, ET_O1, "sha1", KEY_O1)).isEqualTo(O1_TOKEN);
  }

  @Test
  void signProducesTheFullEncodedTokensOfO2O3O4() {
    assertThat(OneNetToken.sign(RES_O1, ET_O1, "md5", KEY_O1))
        .isEqualTo(
            "version=2018-10-31&res=products%2F238322%2Fdevices%2Fmqtts-test-device&et=7557387130"
                + "&method=md5&sign=9z6sXacZSD2aPEH8lbVPyA%3D%3D");
    assertThat(OneNetToken.sign(RES_O1, ET_O1, "sha256", KEY_O1))
        .isEqualTo(
            "version=2018-10-31&res=products%2F238322%2Fdevices%2Fmqtts-test-device&et=7557387130"
                + "&method=sha256&sign=hVAf8QEdu5v4O%2FvqQmyNzkkxVMzvZOpwtrXXmhyGu7M%3D");
    assertThat(OneNetToken.sign(RES_O4, ET_O4, "sha1", KEY_O4))
        .isEqualTo(
            "version=2018-10-31&res=products%2F123123&et=1537255523&method=sha1"
                + "&sign=lsaPSiiGvEFFjXu5WU7a6IkScqE%3D");
  }

  @Test
  void oneNetsPublishedPasswordO1Verifies() {
    OneNetToken token = OneNetToken.parse(O1_TOKEN);
    assertThat(token.res()).isEqualTo(RES_O1);
    assertThat(token.expirySeconds()).isEqualTo(ET_O1);
    assertThat(token.method()).isEqualTo("sha1");
    assertThat(token.version()).isEqualTo("2018-10-31");
    assertThat(token.verify(KEY_O1)).isTrue();
    assertThat(token.isExpired(FROZEN_NOW)).isFalse();
  }

  @Test
  void pastEtIsExpiredWithTheRealClockButNotWithAFrozenOne() {
    OneNetToken token = OneNetToken.parse(OneNetToken.sign(RES_O4, ET_O4, "sha1", KEY_O4));
    assertThat(token.verify(KEY_O4)).isTrue();
    assertThat(token.isExpired(Clock.systemUTC())).isTrue();
    assertThat(token.isExpired(FROZEN_2018)).isFalse();
  }

  @Test
  void tokenExpiresOnlyOnceEtIsBeforeNow() {
    OneNetToken token = OneNetToken.parse(OneNetToken.sign(RES_O4, ET_O4, "sha1", KEY_O4));
    assertThat(token.isExpired(Clock.fixed(Instant.ofEpochSecond(ET_O4), ZoneOffset.UTC))).isFalse();
    assertThat(token.isExpired(Clock.fixed(Instant.ofEpochSecond(ET_O4 + 1), ZoneOffset.UTC))).isTrue();
  }

  @Test
  void vectorsO5AndO6VerifyFromTheirTokens() {
    for (String method : new String[] {"md5", "sha256"}) {
      OneNetToken token = OneNetToken.parse(OneNetToken.sign(RES_O4, ET_O4, method, KEY_O4));
      assertThat(token.verify(KEY_O4)).as(method).isTrue();
    }
  }

  @Test
  void keyOrderDoesNotMatter() {
    String reordered =
        "sign=Rs0u%2FKnyoK5%2FMuKo5xKa0tW%2BWqY%3D&method=sha1&et=7557387130"
            + "&res=products%2F238322%2Fdevices%2Fmqtts-test-device&version=2018-10-31";
    assertThat(OneNetToken.parse(reordered).verify(KEY_O1)).isTrue();
  }

  @Test
  void unencodedValuesAreReadAsIs() {
    // '+' stays '+' (not a space), '/' and '=' pass through; each pair splits at its first '='.
    String raw =
        "version=2018-10-31&res=products/238322/devices/mqtts-test-device&et=7557387130"
            + "&method=sha1&sign=Rs0u/KnyoK5/MuKo5xKa0tW+WqY=";
    OneNetToken token = OneNetToken.parse(raw);
    assertThat(token.sign()).isEqualTo("Rs0u/KnyoK5/MuKo5xKa0tW+WqY=");
    assertThat(token.verify(KEY_O1)).isTrue();
  }

  @Test
  void signatureIsComparedAfterBase64Normalisation() {
    String noPadding = O1_TOKEN.replace("%3D", "");
    assertThat(OneNetToken.parse(noPadding).verify(KEY_O1)).isTrue();
    int sign = O1_TOKEN.indexOf("&sign=");
    String urlSafe =
        O1_TOKEN.substring(0, sign)
            + O1_TOKEN.substring(sign).replace("%2F", "_").replace("%2B", "-");
    assertThat(OneNetToken.parse(urlSafe).verify(KEY_O1)).isTrue();
    String lowerHexEscapes = O1_TOKEN.replace("%2F", "%2f").replace("%2B", "%2b").replace("%3D", "%3d");
    assertThat(OneNetToken.parse(lowerHexEscapes).verify(KEY_O1)).isTrue();
  }

  @Test
  void badSignatureDoesNotVerify() {
    String tampered = O1_TOKEN.replace("sign=Rs0u", "sign=Rs0v");
    assertThat(OneNetToken.parse(tampered).verify(KEY_O1)).isFalse();
    assertThat(OneNetToken.parse(O1_TOKEN).verify(KEY_O4)).isFalse();
    assertThat(OneNetToken.parse(O1_TOKEN.replace("sign=Rs0u", "sign=!!")).verify(KEY_O1)).isFalse();
  }

  @Test
  void changedFieldsBreakTheSignature() {
    assertThat(OneNetToken.parse(O1_TOKEN.replace("et=7557387130", "et=7557387131")).verify(KEY_O1))
        .isFalse();
    assertThat(OneNetToken.parse(O1_TOKEN.replace("method=sha1", "method=md5")).verify(KEY_O1)).isFalse();
    assertThat(OneNetToken.parse(O1_TOKEN.replace("mqtts-test-device", "other")).verify(KEY_O1)).isFalse();
  }

  @Test
  void invalidKeyNeverVerifies() {
    OneNetToken token = OneNetToken.parse(O1_TOKEN);
    assertThat(token.verify("not base64!")).isFalse();
    assertThat(token.verify("")).isFalse();
  }

  @Test
  void missingFieldsAreRejected() {
    for (String field : new String[] {"version", "res", "et", "method", "sign"}) {
      String without = O1_TOKEN.replaceAll("(^|&)" + field + "=[^&]*", "").replaceFirst("^&", "");
      assertThatThrownBy(() -> OneNetToken.parse(without))
          .as(field)
          .isInstanceOf(OneNetToken.MalformedTokenException.class)
          .hasMessageContaining(field);
    }
    assertThatThrownBy(() -> OneNetToken.parse(O1_TOKEN.replace("sign=Rs0u%2FKnyoK5%2FMuKo5xKa0tW%2BWqY%3D", "sign=")))
        .isInstanceOf(OneNetToken.MalformedTokenException.class);
  }

  @Test
  void unknownMethodIsRejected() {
    assertThatThrownBy(() -> OneNetToken.parse(O1_TOKEN.replace("method=sha1", "method=sha512")))
        .isInstanceOf(OneNetToken.MalformedTokenException.class);
    assertThatThrownBy(() -> OneNetToken.sign(RES_O1, ET_O1, "sha512", KEY_O1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wrongVersionIsRejected() {
    assertThatThrownBy(() -> OneNetToken.parse(O1_TOKEN.replace("2018-10-31", "2020-01-01")))
        .isInstanceOf(OneNetToken.MalformedTokenException.class);
  }

  @Test
  void garbageIsRejected() {
    for (String bad :
        new String[] {
          "", "&", "garbage", "version", "=x", O1_TOKEN.replace("et=7557387130", "et=soon"),
          O1_TOKEN + "&sign=again", O1_TOKEN.replace("%2F", "%2"), O1_TOKEN.replace("%2F", "%zz")
        }) {
      assertThatThrownBy(() -> OneNetToken.parse(bad)).as(bad).isInstanceOf(OneNetToken.MalformedTokenException.class);
    }
  }

  @Test
  void malformedTokenMessagesNeverContainTheToken() {
    assertThatThrownBy(() -> OneNetToken.parse(O1_TOKEN.replace("method=sha1", "method=x")))
        .message()
        .doesNotContain("Rs0u");
  }

  @Test
  void toStringHidesTheSignature() {
    assertThat(OneNetToken.parse(O1_TOKEN).toString()).doesNotContain("Rs0u").contains(RES_O1);
  }

  @Test
  void percentDecodingKeepsPlusAndDecodesUtf8() {
    assertThat(OneNetToken.percentDecode("a+b%20c")).isEqualTo("a+b c");
    assertThat(OneNetToken.percentDecode("%E6%B8%A9%F0%9F%98%80x")).isEqualTo("温😀x");
    assertThat(OneNetToken.percentDecode("😀%2F")).isEqualTo("😀/");
  }

  @Test
  void urlEncodingMatchesPythonQuoteWithNothingSafe() {
    assertThat(OneNetToken.urlEncode("a+b /?%#&=~._-")).isEqualTo("a%2Bb%20%2F%3F%25%23%26%3D~._-");
  }

  @Test
  void strayAmpersandsAreIgnored() {
    assertThat(OneNetToken.parse(O1_TOKEN + "&").verify(KEY_O1)).isTrue();
    assertThat(OneNetToken.parse("&" + O1_TOKEN.replace("&et=", "&&et=")).verify(KEY_O1)).isTrue();
  }

  @Test
  void unknownKeysAreIgnored() {
    assertThat(OneNetToken.parse(O1_TOKEN + "&extra=1").verify(KEY_O1)).isTrue();
  }
}
