package io.porta.core.delivery;

/** The device is online but holds no subscription matching the topic, so nothing was sent. */
public class NotSubscribedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotSubscribedException(String device, String topic) {
    super("device " + device + " has no subscription matching " + topic);
  }
}
