package io.porta.core.dialect.aliyun;

/**
 * Limits of Alibaba devices (protocols.md B.12, B.5).
 *
 * @param maxPayloadBytes a larger PUBLISH closes the connection (256 KB, the widely cited figure)
 * @param maxFiltersPerSubscribe more filters in one SUBSCRIBE close the connection
 * @param maxTopicLength longest topic or filter (the SDKs cap topics at 128 characters)
 */
public record AliyunLimits(int maxPayloadBytes, int maxFiltersPerSubscribe, int maxTopicLength) {
  public static final AliyunLimits DEFAULTS = new AliyunLimits(256 * 1024, 32, 128);

  public AliyunLimits {
    if (maxPayloadBytes <= 0 || maxFiltersPerSubscribe < 0 || maxTopicLength <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
