package io.porta.server.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A byte-level MQTT client for packets that well-behaved clients refuse to send (forbidden flags,
 * QoS 2, PUBREC, malformed bytes). Reads whole packets back.
 */
public final class RawMqttClient implements AutoCloseable {
  /** A packet as received: first byte and body. */
  public record Packet(int header, byte[] body) {
    public int type() {
      return header >> 4;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  public RawMqttClient(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /**
   * A client whose socket is bound to {@code localAddress} (another 127.x.y.z: a second remote address
   * on one host).
   */
  public static RawMqttClient from(String localAddress, int port) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(localAddress, 0));
    s.connect(new InetSocketAddress("127.0.0.1", port));
    return new RawMqttClient(s);
  }

  /** A client with a small socket receive buffer: a device that stops reading fills it quickly. */
  public static RawMqttClient withReceiveBuffer(int port, int bytes) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(bytes);
    s.connect(new InetSocketAddress("127.0.0.1", port));
    return new RawMqttClient(s);
  }

  /** A client over TLS, trusting what {@code trust} trusts. */
  public static RawMqttClient tls(int port, TrustManagerFactory trust) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
    s.startHandshake();
    return new RawMqttClient(s);
  }

  private RawMqttClient(Socket connected) throws IOException {
    socket = connected;
    socket.setSoTimeout(20_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next packet, or null when the server closed the connection. */
  public Packet read() throws IOException {
    try {
      int header = in.read();
      if (header < 0) {
        return null;
      }
      int length = 0;
      int multiplier = 1;
      int b;
      do {
        b = in.readUnsignedByte();
        length += (b & 127) * multiplier;
        multiplier *= 128;
      } while ((b & 128) != 0);
      byte[] body = new byte[length];
      in.readFully(body);
      return new Packet(header, body);
    } catch (EOFException | SocketException e) {
      return null;
    }
  }

  /** Reads until the server closes the connection; returns true when it did (false on timeout). */
  public boolean awaitClose() throws IOException {
    try {
      while (read() != null) {
        // discard whatever comes before the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /**
   * SUBSCRIBE one filter at QoS 1 and read the answer.
   *
   * @return the SUBACK return code (0, 1 or 0x80), or -1 when the server closed the connection instead
   */
  public int subscribeCode(int packetId, String filter) throws IOException {
    write(subscribe(packetId, 1, filter));
    Packet suback = read();
    if (suback == null) {
      return -1;
    }
    if (suback.type() != 9 || packetId(suback) != packetId || suback.body().length != 3) {
      throw new IOException("SUBACK " + packetId + " expected, got " + describe(suback));
    }
    return suback.body()[2] & 0xFF;
  }

  /** PINGREQ: true when the PINGRESP comes back (the connection is alive and served). */
  public boolean pings() throws IOException {
    write(pingreq());
    Packet p = read();
    return p != null && p.type() == 13;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  // ---- packet builders ------------------------------------------------------------------------

  /** CONNECT with explicit flags. {@code level} 3 uses "MQIsdp", others "MQTT"; 5 has MQTT 5's shape. */
  public static byte[] connect(
      int level, int flags, int keepAlive, String clientId, String username, String password) {
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    string(v, level == 3 ? "MQIsdp" : "MQTT");
    v.write(level);
    v.write(flags);
    v.write(keepAlive >> 8);
    v.write(keepAlive & 0xFF);
    if (level == 5) {
      v.write(0); // MQTT 5 CONNECT properties: none
    }
    string(v, clientId);
    if ((flags & 0x04) != 0) {
      string(v, "will/topic");
      string(v, "bye");
    }
    if ((flags & 0x80) != 0) {
      string(v, username);
    }
    if ((flags & 0x40) != 0) {
      string(v, password);
    }
    return packet(0x10, v.toByteArray());
  }

  /** The flags OneNET requires: username, password, clean session (protocols.md A.2: 0xC2). */
  public static final int ONENET_FLAGS = 0xC2;

  public static byte[] subscribe(int packetId, String... filters) {
    return subscribe(packetId, 0, filters);
  }

  /** SUBSCRIBE requesting {@code qos} for every filter. */
  public static byte[] subscribe(int packetId, int qos, String... filters) {
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    v.write(packetId >> 8);
    v.write(packetId & 0xFF);
    for (String f : filters) {
      string(v, f);
      v.write(qos);
    }
    return packet(0x82, v.toByteArray());
  }

  public static byte[] publish(String topic, int qos, boolean retain, int packetId, byte[] payload) {
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    string(v, topic);
    if (qos > 0) {
      v.write(packetId >> 8);
      v.write(packetId & 0xFF);
    }
    v.writeBytes(payload);
    return packet(0x30 | (qos << 1) | (retain ? 1 : 0), v.toByteArray());
  }

  public static byte[] puback(int packetId) {
    return new byte[] {0x40, 2, (byte) (packetId >> 8), (byte) packetId};
  }

  public static byte[] unsubscribe(int packetId, String... filters) {
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    v.write(packetId >> 8);
    v.write(packetId & 0xFF);
    for (String f : filters) {
      string(v, f);
    }
    return packet(0xA2, v.toByteArray());
  }

  public static byte[] pubrec(int packetId) {
    return new byte[] {0x50, 2, (byte) (packetId >> 8), (byte) packetId};
  }

  public static byte[] pingreq() {
    return new byte[] {(byte) 0xC0, 0};
  }

  public static byte[] disconnect() {
    return new byte[] {(byte) 0xE0, 0};
  }

  public static byte[] packet(int header, byte[] body) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(header);
    int len = body.length;
    do {
      int digit = len % 128;
      len /= 128;
      p.write(len > 0 ? digit | 128 : digit);
    } while (len > 0);
    p.writeBytes(body);
    return p.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String s) {
    field(out, s.getBytes(StandardCharsets.UTF_8));
  }

  /** A length-prefixed field of raw bytes (MQTT 3.1.1 §1.5.3), valid UTF-8 or not. */
  public static void field(ByteArrayOutputStream out, byte[] b) {
    out.write(b.length >> 8);
    out.write(b.length & 0xFF);
    out.writeBytes(b);
  }

  /** A PUBLISH as received. @param dup the DUP flag of its fixed header */
  public record Publish(String topic, int qos, boolean dup, int packetId, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** The next PUBLISH, skipping other packets; null when the connection closed. */
  public Publish readPublish() throws IOException {
    for (Packet p = read(); p != null; p = read()) {
      if (p.type() == 3) {
        return parsePublish(p);
      }
    }
    return null;
  }

  public static Publish parsePublish(Packet p) {
    byte[] b = p.body();
    int topicLength = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    String topic = new String(b, 2, topicLength, StandardCharsets.UTF_8);
    int qos = (p.header() >> 1) & 3;
    int at = 2 + topicLength;
    int packetId = 0;
    if (qos > 0) {
      packetId = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
      at += 2;
    }
    byte[] payload = Arrays.copyOfRange(b, at, b.length);
    return new Publish(topic, qos, (p.header() & 0x08) != 0, packetId, payload);
  }

  /** The packet id at the start of a PUBACK's or SUBACK's body. */
  public static int packetId(Packet p) {
    return ((p.body()[0] & 0xFF) << 8) | (p.body()[1] & 0xFF);
  }

  /** A packet in an assertion message. */
  public static String describe(Packet p) {
    if (p == null) {
      return "connection closed";
    }
    if (p.type() == 3) {
      Publish pub = parsePublish(p);
      return "PUBLISH " + pub.topic() + " " + pub.text();
    }
    if (p.type() == 2) {
      return "CONNACK " + connackCode(p);
    }
    return "packet type " + p.type();
  }

  /** The CONNACK return code of a packet, or -1 when it is not a CONNACK. */
  public static int connackCode(Packet p) {
    return p != null && p.type() == 2 ? p.body()[1] & 0xFF : -1;
  }

}
