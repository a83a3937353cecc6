package io.porta.api;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.porta.core.command.CommandResult;
import io.porta.core.command.CommandService;
import io.porta.core.command.CommandTimeoutException;
import io.porta.core.command.DeviceOfflineException;
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST …/devices/{name}/commands} (api.md "To devices"): publishes the command and answers
 * once the device replies or the timeout passes. The wait is asynchronous, so a waiting call holds
 * no Jetty thread.
 */
final class CommandHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(CommandHandlers.class);

  static final String TEXT = "text";
  static final String BASE64 = "base64";

  private final CommandService commands;
  private final Lookups lookups;
  private final Timer answered;
  private final Timer timedOut;
  private final Timer offline;

  CommandHandlers(ApiServices s, Lookups lookups) {
    this.commands = s.commands();
    this.lookups = lookups;
    this.answered = roundTrip(s.metrics(), "answered");
    this.timedOut = roundTrip(s.metrics(), "timeout");
    this.offline = roundTrip(s.metrics(), "offline");
  }

  private static Timer roundTrip(MeterRegistry registry, String outcome) {
    return Timer.builder("porta.commands.round.trip")
        .description("Commands sent over the REST API, by outcome, and how long the device took")
        .tag("outcome", outcome)
        .register(registry);
  }

  void send(Context ctx) {
    String pid = ctx.pathParam("pid");
    String name = ctx.pathParam("name");
    JsonBody body = Json.readObject(ctx);
    String payloadText = body.requiredString("payload");
    String encoding = body.optionalString("encoding");
    if (encoding == null) {
      encoding = TEXT;
    } else if (!encoding.equals(TEXT) && !encoding.equals(BASE64)) {
      throw ApiException.invalidBody("encoding: must be \"text\" or \"base64\"");
    }
    byte[] payload = decode(payloadText, encoding);
    Long timeoutMs = body.optionalLong("timeoutMs");
    Product product = lookups.product(pid);
    Device device = lookups.deviceOf(pid, name);
    Duration timeout;
    try {
      timeout = commands.timeout(product, timeoutMs);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidBody("timeoutMs: " + e.getMessage());
    }
    long started = System.nanoTime();
    CompletableFuture<CommandResult> answer;
    try {
      answer = commands.send(product, device.name(), payload, timeout);
    } catch (DeviceOfflineException e) {
      offline.record(Duration.ofNanos(System.nanoTime() - started));
      throw offline(device);
    }
    LOG.info("command sent to {} ({} bytes, timeout {} ms)", device.key(), payload.length, timeout.toMillis());
    String requestedEncoding = encoding;
    ctx.future(
        () ->
            answer.handle(
                (result, error) -> {
                  Duration took = Duration.ofNanos(System.nanoTime() - started);
                  if (error == null) {
                    answered.record(took);
                    Json.write(ctx, 200, answerJson(result, requestedEncoding));
                  } else {
                    answerError(ctx, device, unwrap(error), took);
                  }
                  return null;
                }));
  }

  private void answerError(Context ctx, Device device, Throwable error, Duration took) {
    if (error instanceof CommandTimeoutException t) {
      timedOut.record(took);
      LOG.info("command {} to {} timed out", t.commandId(), device.key());
      Problem.write(
          ctx, 504, "timeout", "the device did not answer in time", Map.of("id", t.commandId()));
    } else if (error instanceof DeviceOfflineException) {
      offline.record(took);
      Problem.write(ctx, offline(device));
    } else {
      LOG.error("command to {} failed", device.key(), error);
      Problem.write(ctx, 500, "internal", "the command could not be completed");
    }
  }

  private static ApiException offline(Device device) {
    return new ApiException(409, "device_offline", "device " + device.name() + " is offline");
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static byte[] decode(String payload, String encoding) {
    if (encoding.equals(TEXT)) {
      return payload.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidBody("payload: not valid base64");
    }
  }

  /** The answer in the request's encoding; bytes that are not UTF-8 go out as base64 whatever it was. */
  static ObjectNode answerJson(CommandResult result, String requestedEncoding) {
    ObjectNode out = Json.object();
    out.put("id", result.id());
    String text = requestedEncoding.equals(TEXT) ? strictUtf8(result.response()) : null;
    if (text != null) {
      out.put("response", text);
      out.put("encoding", TEXT);
    } else {
      out.put("response", Base64.getEncoder().encodeToString(result.response()));
      out.put("encoding", BASE64);
    }
    return out;
  }

  /** The bytes as text, or null when they are not valid UTF-8. */
  static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
