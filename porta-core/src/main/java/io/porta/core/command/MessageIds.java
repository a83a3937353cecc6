package io.porta.core.command;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Numeric message ids as Alibaba's APIs return them: increasing, unique within this process and
 * across restarts (milliseconds since the epoch × 1000 plus a counter).
 */
public final class MessageIds {
  private final AtomicLong last = new AtomicLong();

  public String next() {
    long candidate = System.currentTimeMillis() * 1000;
    return Long.toString(last.accumulateAndGet(candidate, (prev, now) -> Math.max(prev + 1, now)));
  }
}
