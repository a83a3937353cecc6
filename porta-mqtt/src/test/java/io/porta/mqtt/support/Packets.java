package io.porta.mqtt.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Literal MQTT 3.1/3.1.1 packet bytes, built by hand so tests can also build broken ones. */
public final class Packets {
  public static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};
  public static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
  public static final byte[] PINGRESP = {(byte) 0xD0, 0x00};
  public static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

  private Packets() {}

  public static byte[] connack(int code) {
    return new byte[] {0x20, 0x02, 0x00, (byte) code};
  }

  /** CONNECT with username, password and clean session (flags 0xC2). */
  public static byte[] connect(String protocol, int level, String clientId, String user, String pass, int keepAlive) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, protocol);
    body.write(level);
    body.write(0xC2);
    body.write(keepAlive >> 8);
    body.write(keepAlive & 0xFF);
    if (level == 5) {
      body.write(0); // MQTT 5 properties length
    }
    string(body, clientId);
    string(body, user);
    string(body, pass);
    return packet(0x10, body.toByteArray());
  }

  /** A 3.1.1 CONNECT of device {@code clientId} of product p1 with the right password. */
  public static byte[] connect(String clientId, int keepAlive) {
    return connect("MQTT", 4, clientId, InMemoryProducts.PRODUCT, InMemoryProducts.SECRET, keepAlive);
  }

  public static byte[] connect(String clientId) {
    return connect(clientId, 60);
  }

  /** SUBSCRIBE asking QoS 1 for each filter. */
  public static byte[] subscribe(int packetId, String... filters) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    id(body, packetId);
    for (String f : filters) {
      string(body, f);
      body.write(1);
    }
    return packet(0x82, body.toByteArray());
  }

  public static byte[] suback(int packetId, int... codes) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    id(body, packetId);
    for (int c : codes) {
      body.write(c);
    }
    return packet(0x90, body.toByteArray());
  }

  public static byte[] unsubscribe(int packetId, String... filters) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    id(body, packetId);
    for (String f : filters) {
      string(body, f);
    }
    return packet(0xA2, body.toByteArray());
  }

  public static byte[] unsuback(int packetId) {
    return new byte[] {(byte) 0xB0, 0x02, (byte) (packetId >> 8), (byte) packetId};
  }

  public static byte[] publish(int qos, boolean retain, String topic, int packetId, String payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, topic);
    if (qos > 0) {
      id(body, packetId);
    }
    body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
    return packet(0x30 | (qos << 1) | (retain ? 1 : 0), body.toByteArray());
  }

  public static byte[] puback(int packetId) {
    return ack(0x40, packetId);
  }

  public static byte[] pubrec(int packetId) {
    return ack(0x50, packetId);
  }

  public static byte[] pubrel(int packetId) {
    return ack(0x62, packetId);
  }

  public static byte[] pubcomp(int packetId) {
    return ack(0x70, packetId);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] ack(int type, int packetId) {
    return new byte[] {(byte) type, 0x02, (byte) (packetId >> 8), (byte) packetId};
  }

  private static byte[] packet(int firstByte, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(firstByte);
    int len = body.length;
    do { // remaining length, §2.2.3
      int digit = len % 128;
      len /= 128;
      out.write(len > 0 ? digit | 0x80 : digit);
    } while (len > 0);
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >> 8);
    out.write(b.length & 0xFF);
    out.writeBytes(b);
  }

  private static void id(ByteArrayOutputStream out, int packetId) {
    out.write(packetId >> 8);
    out.write(packetId & 0xFF);
  }
}
