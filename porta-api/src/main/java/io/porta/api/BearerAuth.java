package io.porta.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} (api.md "REST API": 401 without it or with a wrong
 * one). Both sides are hashed first so the comparison takes the same time whatever the token's
 * length or content (design.md "Security": compared in constant time).
 */
final class BearerAuth implements Handler {
  private static final String SCHEME = "bearer ";
  /** Never used itself, only cloned: a clone skips the provider lookup of {@code getInstance}. */
  private static final MessageDigest SHA_256 = newSha256();

  private final byte[] expectedDigest;

  BearerAuth(String token) {
    this.expectedDigest = sha256(token);
  }

  @Override
  public void handle(Context ctx) {
    if (!authorized(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(401, "unauthorized", "a valid bearer token is required");
    }
  }

  boolean authorized(String header) {
    if (header == null || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    String given = header.substring(SCHEME.length()).trim();
    return MessageDigest.isEqual(expectedDigest, sha256(given));
  }

  private static byte[] sha256(String s) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      digest = newSha256();
    }
    return digest.digest(s.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
