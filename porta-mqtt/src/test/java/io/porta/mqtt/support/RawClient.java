package io.porta.mqtt.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A socket that writes literal bytes and reads literal bytes: for packets real clients never send. */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawClient(int port) {
    this(newSocket(port));
  }

  public RawClient(Socket socket) {
    try {
      this.socket = socket;
      socket.setSoTimeout(10_000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Socket newSocket(int port) {
    try {
      return new Socket("127.0.0.1", port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RawClient send(byte[]... packets) {
    try {
      out.write(Packets.concat(packets));
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads exactly n bytes (waits up to the socket timeout). */
  public byte[] read(int n) {
    try {
      byte[] b = in.readNBytes(n);
      if (b.length != n) {
        throw new AssertionError("stream ended after " + b.length + " of " + n + " bytes: " + Arrays.toString(b));
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads until the server closes the connection and returns what came before the end. Fails if the
   * server keeps it open for the socket timeout.
   */
  public byte[] readUntilClosed() {
    try {
      return in.readAllBytes();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection", e);
    } catch (IOException e) {
      return new byte[0]; // reset by the server: closed as well
    }
  }

  /** CONNECTs as a device of product p1 and expects CONNACK 0. */
  public RawClient connect(String device, int keepAlive) {
    send(Packets.connect(device, keepAlive));
    byte[] connack = read(4);
    if (!Arrays.equals(connack, Packets.CONNACK_ACCEPTED)) {
      throw new AssertionError("expected CONNACK 0, got " + Arrays.toString(connack));
    }
    return this;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // ignore
    }
  }
}
