package io.porta.bench;

import java.util.List;

/** A server under test, running as its own process on loopback. */
interface Broker extends AutoCloseable {
  /** Column name in the report. */
  String name();

  int mqttPort();

  /** Credentials of {@code n} devices that may connect and publish telemetry. */
  List<Credentials> devices(int n) throws Exception;

  /** The process's memory now; a JVM is garbage-collected first. */
  Memory memory() throws Exception;

  /** Counters or log lines worth a look after a scenario (errors, disconnects); empty when none. */
  default String diagnostics() throws Exception {
    return "";
  }

  @Override
  void close();

  /** Resident set size, and for a JVM the live heap after a full GC (-1 when not a JVM). */
  record Memory(long rssBytes, long heapBytes) {}
}
