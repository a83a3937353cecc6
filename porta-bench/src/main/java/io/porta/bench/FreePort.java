package io.porta.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port that is free now (for servers that cannot pick their own and report it). */
final class FreePort {
  private FreePort() {}

  static int find() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
