package io.porta.core.message;

/** The device is online but holds no subscription matching the topic, so the message was not sent. */
public class NotSubscribedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotSubscribedException(String device, String topic) {
    super("device " + device + " is not subscribed to " + topic);
  }
}
