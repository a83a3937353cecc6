package io.porta.mqtt;

import io.porta.mqtt.limit.AuthFailureLimits;
import io.porta.mqtt.limit.ConnectionLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the MQTT transport (design.md "Transport", "Backpressure").
 *
 * @param bindAddress the address both listeners bind ("0.0.0.0" for all)
 * @param tcpPort plain MQTT port; 0 picks a free port, negative disables the listener
 * @param tlsPort MQTTS port; 0 picks a free port, negative disables the listener
 * @param tlsCertFile PEM certificate chain of the TLS listener (required when it is enabled)
 * @param tlsKeyFile PEM PKCS#8 private key of the TLS listener
 * @param tlsProtocols enabled TLS versions (design.md "Security": 1.3 and 1.2 by default)
 * @param tlsCiphers enabled cipher suites, JSSE names (by default AEAD suites with forward secrecy only)
 * @param maxPacketSize the largest remaining length accepted; more closes with PACKET_TOO_LARGE
 * @param maxClientIdLength longer client ids get CONNACK 2
 * @param connectTimeout the time from TCP accept to a sent CONNACK (CONNECT arrival plus credential
 *     check); the TLS handshake shares it
 * @param maxSubscriptionsPerConnection filters a connection may hold; further ones get 0x80
 *     (protocols.md A.8: 15 business topics per session); 0 = no limit
 * @param maxQueuedBeforeConnack packets a client may send after CONNECT before its CONNACK; more
 *     closes with PROTOCOL_VIOLATION
 * @param maxPendingPublishes inbound PUBLISHes awaiting their dialect's completion before the
 *     connection stops reading (resumes at half)
 * @param writeBufferLowWaterMark Netty write-buffer low water mark (bytes)
 * @param writeBufferHighWaterMark above it the channel is unwritable and reading pauses
 * @param maxPendingOutboundBytes queued outbound bytes beyond which sending to the device closes it
 *     with SLOW_CONSUMER
 * @param workerThreads event-loop threads for connections; 0 = Netty's default (2 × cores)
 * @param connectionLimits open connections in all and per address; beyond, new ones are closed
 * @param authFailureLimits when repeated failed logins ban an address or a device
 */
public record MqttConfig(
    String bindAddress,
    int tcpPort,
    int tlsPort,
    Path tlsCertFile,
    Path tlsKeyFile,
    List<String> tlsProtocols,
    List<String> tlsCiphers,
    int maxPacketSize,
    int maxClientIdLength,
    Duration connectTimeout,
    int maxSubscriptionsPerConnection,
    int maxQueuedBeforeConnack,
    int maxPendingPublishes,
    int writeBufferLowWaterMark,
    int writeBufferHighWaterMark,
    long maxPendingOutboundBytes,
    int workerThreads,
    ConnectionLimits connectionLimits,
    AuthFailureLimits authFailureLimits) {

  public static final List<String> DEFAULT_TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /**
   * AEAD suites with forward secrecy only, strongest first: TLS 1.3's, then TLS 1.2's ECDHE with
   * AES-GCM or ChaCha20-Poly1305 (no CBC, no static RSA key exchange, no finite-field DHE).
   */
  public static final List<String> DEFAULT_TLS_CIPHERS =
      List.of(
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** 256 KB payload (protocols.md A.6) plus headroom for the topic and headers. */
  public static final int DEFAULT_MAX_PACKET_SIZE = 266_240;

  public MqttConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(connectionLimits, "connectionLimits");
    Objects.requireNonNull(authFailureLimits, "authFailureLimits");
    tlsProtocols = List.copyOf(tlsProtocols);
    tlsCiphers = List.copyOf(tlsCiphers);
    if (tlsPort >= 0 && (tlsProtocols.isEmpty() || tlsCiphers.isEmpty())) {
      throw new IllegalArgumentException("the TLS listener needs at least one protocol and one cipher suite");
    }
    if (tlsPort >= 0 && (tlsCertFile == null || tlsKeyFile == null)) {
      throw new IllegalArgumentException("the TLS listener needs tlsCertFile and tlsKeyFile");
    }
    if (maxPacketSize <= 0 || maxClientIdLength <= 0) {
      throw new IllegalArgumentException("maxPacketSize and maxClientIdLength must be positive");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (writeBufferLowWaterMark <= 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
      throw new IllegalArgumentException("need 0 < writeBufferLowWaterMark <= writeBufferHighWaterMark");
    }
    if (maxPendingOutboundBytes < writeBufferHighWaterMark) {
      throw new IllegalArgumentException("maxPendingOutboundBytes must be >= writeBufferHighWaterMark");
    }
    if (maxSubscriptionsPerConnection < 0 || maxQueuedBeforeConnack < 0 || maxPendingPublishes <= 0) {
      throw new IllegalArgumentException("subscription, queue and pending limits must not be negative");
    }
    if (workerThreads < 0) {
      throw new IllegalArgumentException("workerThreads must be >= 0");
    }
  }

  /** Design defaults: 1883 plain, TLS disabled until a certificate is configured. */
  public static MqttConfig defaults() {
    return new MqttConfig(
        "0.0.0.0",
        1883,
        -1,
        null,
        null,
        DEFAULT_TLS_PROTOCOLS,
        DEFAULT_TLS_CIPHERS,
        DEFAULT_MAX_PACKET_SIZE,
        256,
        Duration.ofSeconds(10),
        15,
        64,
        64,
        32 * 1024,
        64 * 1024,
        1024 * 1024,
        0,
        ConnectionLimits.UNLIMITED,
        AuthFailureLimits.DEFAULTS);
  }

  public MqttConfig withPorts(int tcp, int tls) {
    return new MqttConfig(
        bindAddress, tcp, tls, tlsCertFile, tlsKeyFile, tlsProtocols, tlsCiphers, maxPacketSize,
        maxClientIdLength, connectTimeout, maxSubscriptionsPerConnection, maxQueuedBeforeConnack,
        maxPendingPublishes, writeBufferLowWaterMark, writeBufferHighWaterMark,
        maxPendingOutboundBytes, workerThreads, connectionLimits, authFailureLimits);
  }

  public MqttConfig withTls(int port, Path certFile, Path keyFile) {
    return new MqttConfig(
        bindAddress, tcpPort, port, certFile, keyFile, tlsProtocols, tlsCiphers, maxPacketSize,
        maxClientIdLength, connectTimeout, maxSubscriptionsPerConnection, maxQueuedBeforeConnack,
        maxPendingPublishes, writeBufferLowWaterMark, writeBufferHighWaterMark,
        maxPendingOutboundBytes, workerThreads, connectionLimits, authFailureLimits);
  }

  public MqttConfig withLimits(
      int packetSize, int clientIdLength, Duration connectTimeoutValue, int subscriptions) {
    return new MqttConfig(
        bindAddress, tcpPort, tlsPort, tlsCertFile, tlsKeyFile, tlsProtocols, tlsCiphers, packetSize,
        clientIdLength, connectTimeoutValue, subscriptions, maxQueuedBeforeConnack,
        maxPendingPublishes, writeBufferLowWaterMark, writeBufferHighWaterMark,
        maxPendingOutboundBytes, workerThreads, connectionLimits, authFailureLimits);
  }

  public MqttConfig withOutboundBudget(int lowWaterMark, int highWaterMark, long maxPendingBytes) {
    return new MqttConfig(
        bindAddress, tcpPort, tlsPort, tlsCertFile, tlsKeyFile, tlsProtocols, tlsCiphers, maxPacketSize,
        maxClientIdLength, connectTimeout, maxSubscriptionsPerConnection, maxQueuedBeforeConnack,
        maxPendingPublishes, lowWaterMark, highWaterMark, maxPendingBytes, workerThreads, connectionLimits,
        authFailureLimits);
  }
}
