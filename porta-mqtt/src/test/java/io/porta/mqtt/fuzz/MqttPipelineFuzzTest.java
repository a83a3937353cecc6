package io.porta.mqtt.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.Packets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * Raw bytes from a client through the real MQTT pipeline (decoder, CONNECT handling, subscribe,
 * publish, control packets) on an EmbeddedChannel, with the test dialect behind it. Each input is
 * read twice on new connections: as one read, and cut into three reads, so the decoder's
 * partial-packet states are reached too. {@link PipelineRun}
 * holds the contract. Seeds: MqttPipelineFuzzTestInputs/&lt;method&gt;, literal packet bytes.
 */
class MqttPipelineFuzzTest {
  private static EmbeddedMqtt mqtt;
  private static PipelineRun pipeline;
  private static Level porta;

  @BeforeAll
  static void start() {
    LeakListener.install();
    // A refused CONNECT is logged at INFO; millions of them would only fill the report file.
    Logger logger = (Logger) LoggerFactory.getLogger("io.porta");
    porta = logger.getLevel();
    logger.setLevel(Level.WARN);
    mqtt = new EmbeddedMqtt();
    pipeline = new PipelineRun(mqtt);
  }

  @AfterAll
  static void stop() {
    mqtt.close();
    ((Logger) LoggerFactory.getLogger("io.porta")).setLevel(porta);
  }

  /** A new connection: the first packet should be CONNECT, and anything else must be survived. */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void newConnection(FuzzedDataProvider data) {
    byte[] input = data.consumeRemainingAsBytes();
    pipeline.run(new byte[0], new byte[0], input, 0);
    pipeline.run(new byte[0], new byte[0], input, chunk(input));
  }

  /** A connection whose CONNECT was accepted: SUBSCRIBE, PUBLISH, acks, PING, DISCONNECT, garbage. */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void connected(FuzzedDataProvider data) {
    byte[] input = data.consumeRemainingAsBytes();
    pipeline.run(Packets.connect("dev1"), Packets.CONNACK_ACCEPTED, input, 0);
    pipeline.run(Packets.connect("dev1"), Packets.CONNACK_ACCEPTED, input, chunk(input));
  }

  /** Three reads; the fuzzer varies the length, so the cuts fall everywhere in a packet. */
  private static int chunk(byte[] input) {
    return Math.max(1, (input.length + 2) / 3);
  }
}
