package io.porta.core.message;

/**
 * What became of a message an application sent to a device (api.md "messages").
 *
 * @param id the message id returned to the application
 */
public record Delivery(String id, Status status) {
  public enum Status {
    /** Written to the device's live connection. */
    DELIVERED,
    /** Stored in the device's persistent session; delivered when it connects. */
    QUEUED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
