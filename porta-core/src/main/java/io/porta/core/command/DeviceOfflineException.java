package io.porta.core.command;

/** The target device has no live connection. */
public class DeviceOfflineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeviceOfflineException(String device) {
    super("device " + device + " is offline");
  }
}
