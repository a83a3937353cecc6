package io.porta.core.dialect;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Secret generation from a CSPRNG and constant-time comparison (design.md "Security"). */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Secrets() {}

  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  public static String randomBase64(int bytes) {
    return Base64.getEncoder().encodeToString(randomBytes(bytes));
  }

  /** Letters and digits, uniformly drawn. */
  public static String randomAlphanumeric(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
    }
    return new String(out);
  }

  /** Constant-time equality of two byte strings (length is not secret). */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
