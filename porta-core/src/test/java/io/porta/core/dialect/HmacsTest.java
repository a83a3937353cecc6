package io.porta.core.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The per-thread Macs give the published test vectors, whatever key the thread used before. */
class HmacsTest {
  static final byte[] JEFE = "Jefe".getBytes(StandardCharsets.US_ASCII);
  static final byte[] WHAT = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
  static final byte[] KEY_0B = HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  static final byte[] KEY_0B_16 = HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  static final byte[] HI = "Hi There".getBytes(StandardCharsets.US_ASCII);

  static String hex(String algorithm, byte[] key, byte[] data) {
    return HexFormat.of().formatHex(Hmacs.hmac(algorithm, key, data));
  }

  /** RFC 2202 (MD5, SHA-1) and RFC 4231 (SHA-256), test cases 1 and 2, keys alternating. */
  static void vectors() {
    for (int round = 0; round < 3; round++) {
      assertThat(hex("HmacMD5", JEFE, WHAT)).isEqualTo("750c783e6ab0b503eaa86e310a5db738");
      assertThat(hex("HmacMD5", KEY_0B_16, HI)).isEqualTo("9294727a3638bb1c13f48ef8158bfc9d");
      assertThat(hex("HmacSHA1", JEFE, WHAT)).isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
      assertThat(hex("HmacSHA1", KEY_0B, HI)).isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00");
      assertThat(hex("HmacSHA256", JEFE, WHAT))
          .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
      assertThat(hex("HmacSHA256", KEY_0B, HI))
          .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }
  }

  @Test
  void knownVectorsWithKeysAlternatingOnOneThread() {
    vectors();
  }

  @Test
  void eachThreadGetsTheSameResults() {
    CompletableFuture<?>[] threads = new CompletableFuture<?>[4];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = CompletableFuture.runAsync(HmacsTest::vectors);
    }
    CompletableFuture.allOf(threads).join();
  }

  @Test
  void anEmptyKeyIsRefusedAndTheThreadsMacStillWorksAfterwards() {
    assertThatThrownBy(() -> Hmacs.hmac("HmacSHA256", new byte[0], HI)).isInstanceOf(IllegalArgumentException.class);
    vectors();
  }
}
