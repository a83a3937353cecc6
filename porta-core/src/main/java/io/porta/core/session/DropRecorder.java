package io.porta.core.session;

/** Counts messages the platform deliberately dropped, by reason (metrics live in the server). */
@FunctionalInterface
public interface DropRecorder {
  DropRecorder NONE = (reason, count) -> {};

  void dropped(String reason, int count);
}
