package io.porta.core.shadow;

import java.util.regex.Pattern;

/**
 * What a shadow document may hold (protocols.md A.7.3 for OneNET: 4 KB, keys of 1–30 {@code
 * [A-Za-z0-9_]}, strings up to 512 bytes, nesting up to 4 levels; B.11 for Alibaba).
 */
public record ShadowLimits(int maxDocumentBytes, int maxAttributes, Pattern key, int maxStringBytes, int maxDepth) {
  public static final ShadowLimits ONENET = new ShadowLimits(4096, 1000, Pattern.compile("[A-Za-z0-9_]{1,30}"), 512, 4);

  /** Alibaba: up to 128 attributes (B.11, marked uncertain), 16 KB, Alink identifiers. */
  public static final ShadowLimits ALIYUN =
      new ShadowLimits(16 * 1024, 128, Pattern.compile("[A-Za-z0-9_]{1,50}"), 4096, 5);
}
