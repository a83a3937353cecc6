package io.porta.core.command;

/** The device did not answer a command within its timeout. */
public class CommandTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String commandId;

  public CommandTimeoutException(String commandId) {
    super("command " + commandId + " timed out");
    this.commandId = commandId;
  }

  public String commandId() {
    return commandId;
  }
}
