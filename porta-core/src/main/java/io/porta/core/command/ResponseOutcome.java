package io.porta.core.command;

/** What became of a device's response to a command id. */
public enum ResponseOutcome {
  /** It answered a pending command, whose caller now has it. */
  ACCEPTED,
  /** The command exists but timed out before the answer (OneNET 112). */
  LATE,
  /** No such command, or it was already answered (OneNET 113). */
  UNKNOWN
}
