package io.porta.core.command;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs, as {@link UUID#randomUUID()} makes them, from a generator per thread.
 * {@code randomUUID()} shares one process-wide generator behind a lock; at a thousand commands a
 * second the REST threads queued on it (JFR, rpc scenario). Each thread's DRBG is seeded by the JDK
 * from the operating system, so the ids stay unguessable.
 */
public final class RandomUuids {
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RandomUuids::newGenerator);

  private RandomUuids() {}

  public static UUID next() {
    byte[] b = new byte[16];
    RANDOM.get().nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
    b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
    return new UUID(longAt(b, 0), longAt(b, 8));
  }

  private static long longAt(byte[] b, int from) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  private static SecureRandom newGenerator() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
