package io.porta.server.cli;

import static io.porta.server.cli.ApiClient.segment;

import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code porta command PID NAME PAYLOAD}: sends a command and prints the device's answer (api.md
 * "To devices": 409 when offline, 504 on timeout).
 */
@Command(
    name = "command",
    mixinStandardHelpOptions = true,
    description = "Send a command to an online device and print its answer.")
public final class SendCommand extends ApiCommand {
  /** Longer than any dialect's command timeout (OneNET: up to 30 s). */
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);

  @Parameters(index = "0", paramLabel = "PID", description = "Product id.")
  String productId;

  @Parameters(index = "1", paramLabel = "NAME", description = "Device name.")
  String name;

  @Parameters(index = "2", paramLabel = "PAYLOAD", description = "The command (text, or base64 with --base64).")
  String payload;

  @Option(names = "--timeout-ms", paramLabel = "N", description = "How long the device has to answer (default: the dialect's, 5 s).")
  Long timeoutMs;

  @Option(names = "--base64", description = "PAYLOAD is base64; the answer is printed in base64.")
  boolean base64;

  @Override
  ApiClient.Response request(ApiClient client) throws IOException {
    ObjectNode body = ApiClient.mapper().createObjectNode();
    body.put("payload", payload);
    body.put("encoding", base64 ? "base64" : "text");
    if (timeoutMs != null) {
      body.put("timeoutMs", timeoutMs);
    }
    Duration wait = (timeoutMs != null && timeoutMs > 0 ? Duration.ofMillis(timeoutMs) : MAX_WAIT)
        .plus(ApiClient.DEFAULT_TIMEOUT);
    String path = DeviceCommand.devicesPath(productId) + "/" + segment(name) + "/commands";
    return client.send("POST", path, body, wait);
  }
}
