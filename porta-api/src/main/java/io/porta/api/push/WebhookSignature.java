package io.porta.api.push;

import io.porta.core.dialect.Hmacs;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** {@code X-Porta-Signature: sha256=<hex HMAC-SHA256 of the body, keyed with the webhook's secret>}. */
public final class WebhookSignature {
  public static final String HEADER = "X-Porta-Signature";

  private WebhookSignature() {}

  public static String of(String secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(Hmacs.hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), body));
  }
}
