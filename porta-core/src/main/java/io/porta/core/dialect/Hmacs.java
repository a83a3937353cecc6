package io.porta.core.dialect;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMACs with one {@link Mac} per thread and algorithm: {@code Mac.getInstance} looks up the provider
 * and builds a new engine, a cost paid on every CONNECT otherwise. Each call initialises the Mac with
 * its own key (a thread's Mac holds the last key until its next call, as a dropped Mac did until it
 * was collected). Never logs.
 */
public final class Hmacs {
  private static final ThreadLocal<Map<String, Mac>> MACS = ThreadLocal.withInitial(() -> new HashMap<>(4));

  private Hmacs() {}

  /**
   * @param algorithm a JCA name such as {@code HmacSHA256}
   * @throws IllegalArgumentException for an empty key
   * @throws IllegalStateException when the JVM lacks the algorithm
   */
  public static byte[] hmac(String algorithm, byte[] key, byte[] data) {
    SecretKeySpec spec = new SecretKeySpec(key, algorithm);
    Map<String, Mac> macs = MACS.get();
    Mac mac = macs.get(algorithm);
    try {
      if (mac == null) {
        mac = Mac.getInstance(algorithm);
        macs.put(algorithm, mac);
      }
      mac.init(spec);
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " refused its key", e);
    }
  }
}
