package io.porta.core.dialect.onenet;

/**
 * The size and shape limits of OneNET's MQTTS design doc (protocols.md A.6, A.8); exceeding a shape
 * limit closes the connection. All configurable; {@link #DEFAULTS} are OneNET's values.
 *
 * @param maxPayloadBytes largest PUBLISH payload (256 KB)
 * @param maxTopicLevels most levels of a topic or filter (8, i.e. at most 7 '/')
 * @param maxFilterBytes longest SUBSCRIBE filter in UTF-8 bytes (512)
 * @param maxFiltersPerSubscribe most filters in one SUBSCRIBE packet (8)
 * @param maxSubscriptions most subscriptions one session may hold (15; the transport counts them)
 */
public record OneNetLimits(
    int maxPayloadBytes,
    int maxTopicLevels,
    int maxFilterBytes,
    int maxFiltersPerSubscribe,
    int maxSubscriptions) {

  public static final OneNetLimits DEFAULTS = new OneNetLimits(256 * 1024, 8, 512, 8, 15);

  /**
   * A.7.2: a command response must stay within 1 KB; a larger one gets error 99. Fixed by OneNET's
   * command contract, not a tuning knob.
   */
  public static final int MAX_COMMAND_RESPONSE_BYTES = 1024;

  public OneNetLimits {
    if (maxPayloadBytes <= 0
        || maxTopicLevels <= 0
        || maxFilterBytes <= 0
        || maxFiltersPerSubscribe <= 0
        || maxSubscriptions <= 0) {
      throw new IllegalArgumentException("OneNET limits must be positive");
    }
  }
}
