package io.porta.bench;

import java.util.List;

/** A server under test, running as its own process on loopback, pinned to its core. */
interface Broker extends AutoCloseable {
  /** Column name in the report. */
  String name();

  int mqttPort();

  long pid();

  /** Credentials of {@code n} devices that may connect and publish telemetry. */
  List<Credentials> devices(int n) throws Exception;

  /** The process's memory now; a JVM is garbage-collected first. */
  Memory memory() throws Exception;

  /** The heap and direct memory in use now, without a GC (-1 when not a JVM), for periodic samples. */
  default Memory currentMemory() throws Exception {
    return new Memory(ProcStat.rssBytes(pid()), -1, -1);
  }

  /** Counters or log lines worth a look after a scenario (errors, disconnects); empty when none. */
  default String diagnostics() throws Exception {
    return "";
  }

  @Override
  void close();

  /** Resident set size, and for a JVM the heap and Netty/NIO direct memory in use (-1 when not a JVM). */
  record Memory(long rssBytes, long heapBytes, long directBytes) {
    long heapAndDirect() {
      return heapBytes < 0 ? -1 : heapBytes + Math.max(0, directBytes);
    }
  }
}
