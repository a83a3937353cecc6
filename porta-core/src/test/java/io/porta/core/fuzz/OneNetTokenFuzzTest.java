package io.porta.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porta.core.dialect.onenet.OneNetToken;
import io.porta.core.dialect.onenet.OneNetToken.MalformedTokenException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The OneNET token (protocols.md A.3), the password of every OneNET device: whatever a device sends
 * is read into a token or refused with a {@link MalformedTokenException} whose message names no part
 * of the password; a token that was read verifies to true or false, never throws.
 */
class OneNetTokenFuzzTest {
  /** Every message parse may give: fixed text, or one of the token's own field names. */
  private static final Pattern REFUSAL =
      Pattern.compile(
          "empty token|token pair without a key|token field repeated(: (version|res|et|method|sign))?"
              + "|token field missing: (version|res|et|method|sign)|unsupported token version"
              + "|unknown token method|et is not a number|bad percent escape");

  private static final String KEY = "EnW4T71eIE55xOIQMN6pFMKuqel5T5HTzsGJRPiDhlM=";
  private static final String OTHER_KEY = "c2VjcmV0LW9mLWFub3RoZXItZGV2aWNlLTMyLWJ5dGVz";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

  /** Seeds: OneNetTokenFuzzTestInputs/parseAndVerify (the §C.1 vectors and broken variants). */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void parseAndVerify(FuzzedDataProvider data) {
    String password = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
    OneNetToken token;
    try {
      token = OneNetToken.parse(password);
    } catch (MalformedTokenException e) {
      assertThat(e.getMessage()).matches(REFUSAL);
      return;
    }
    assertThat(token.version()).isEqualTo(OneNetToken.VERSION);
    assertThat(token.method()).isIn("md5", "sha1", "sha256");
    assertThat(token.res()).isNotEmpty();
    assertThat(token.sign()).isNotEmpty();
    assertThat(token.toString())
        .isEqualTo("OneNetToken[res=" + token.res() + ", et=" + token.expirySeconds() + ", method=" + token.method() + "]");
    // Any key, well-formed or not, gives an answer.
    token.verify(KEY);
    token.verify(OTHER_KEY);
    assertThat(token.verify("")).isFalse();
    assertThat(token.verify("not base64!")).isFalse();
    token.isExpired(CLOCK);
  }

  /**
   * What {@link OneNetToken#sign} makes, {@link OneNetToken#parse} reads back and verifies with the
   * same key only — for any resource and expiry, whatever characters the resource holds.
   */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void signedTokenVerifies(FuzzedDataProvider data) {
    String method = data.pickValue(new String[] {"md5", "sha1", "sha256"});
    long expiry = data.consumeLong();
    String res = data.consumeRemainingAsString();
    if (res.isEmpty()) {
      return; // res is required; parseAndVerify covers the refusal
    }
    OneNetToken token = OneNetToken.parse(OneNetToken.sign(res, expiry, method, KEY));

    assertThat(token.res()).isEqualTo(new String(res.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    assertThat(token.expirySeconds()).isEqualTo(expiry);
    assertThat(token.method()).isEqualTo(method);
    assertThat(token.verify(KEY)).isTrue();
    assertThat(token.verify(OTHER_KEY)).isFalse();
  }
}
