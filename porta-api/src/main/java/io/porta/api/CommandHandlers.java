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
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST …/devices/{name}/commands} (api.md "To devices"): publishes the command and answers
 * once the device replies or the timeout passes. The wait is asynchronous, so a waiting call holds
 * no Jetty thread. An optional {@code topic} carries it on a device topic (Alibaba custom-topic RRPC).
 */
final class CommandHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(CommandHandlers.class);

  private final CommandService commands;
  private final Lookups lookups;
  private final Timer answered;
  private final Timer timedOut;
  private final Timer offline;
  private final Executor responses;

  /** How a command ended, the {@code outcome} tag of {@code porta.command.duration}. */
  enum Outcome {
    SUCCESS,
    TIMEOUT,
    OFFLINE,
    ERROR;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  /** {@code porta.command.duration} by dialect, indexed by {@link Outcome}; a few dialects at most. */
  private final Map<String, Timer[]> durations = new ConcurrentHashMap<>();

  /** @param responses writes the answers, off the event loop that completes them */
  CommandHandlers(ApiServices s, Lookups lookups, Executor responses) {
    this.commands = s.commands();
    this.responses = responses;
    this.lookups = lookups;
    this.answered = roundTrip(s.metrics(), "answered");
    this.timedOut = roundTrip(s.metrics(), "timeout");
    this.offline = roundTrip(s.metrics(), "offline");
    this.registry = s.metrics();
    for (String dialect : s.dialects().names()) {
      durations(dialect); // every series from the start
    }
  }

  private Timer[] durations(String dialect) {
    return durations.computeIfAbsent(
        dialect,
        d -> {
          Timer[] timers = new Timer[Outcome.values().length];
          for (Outcome o : Outcome.values()) {
            timers[o.ordinal()] =
                Timer.builder("porta.command.duration")
                    .description("Command round trips over the REST API, from the request to the device's answer")
                    .tags("dialect", d, "outcome", o.label())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry);
          }
          return timers;
        });
  }

  private void recordDuration(Product product, Outcome outcome, long startedNanos) {
    durations(product.dialect())[outcome.ordinal()].record(Duration.ofNanos(System.nanoTime() - startedNanos));
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
    byte[] payload = Payloads.payload(body);
    String encoding = Payloads.encoding(body);
    Long timeoutMs = body.optionalLong("timeoutMs");
    String customTopic = body.optionalString("topic");
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
      answer = commands.send(product, device.name(), payload, timeout, customTopic);
    } catch (DeviceOfflineException e) {
      offline.record(Duration.ofNanos(System.nanoTime() - started));
      recordDuration(product, Outcome.OFFLINE, started);
      throw ApiException.deviceOffline(device.name());
    } catch (IllegalArgumentException e) {
      // The dialect or the device's login does not allow commands on that topic.
      throw ApiException.invalidBody("topic: " + e.getMessage());
    } catch (RuntimeException e) {
      recordDuration(product, Outcome.ERROR, started);
      throw e;
    }
    // Per command, so DEBUG: at INFO the shared appender's lock became the bottleneck under load.
    // porta_command_duration_seconds_count counts every command by outcome.
    LOG.debug("command sent to {} ({} bytes, timeout {} ms)", device.key(), payload.length, timeout.toMillis());
    ctx.future(
        () ->
            answer.handleAsync(
                (result, error) -> {
                  Duration took = Duration.ofNanos(System.nanoTime() - started);
                  if (error == null) {
                    answered.record(took);
                    recordDuration(product, Outcome.SUCCESS, started);
                    Json.write(ctx, 200, answerJson(result, encoding));
                  } else {
                    Throwable cause = Futures.unwrap(error);
                    recordDuration(product, outcome(cause), started);
                    answerError(ctx, device, cause, took);
                  }
                  return null;
                },
                responses));
  }

  static Outcome outcome(Throwable error) {
    if (error instanceof CommandTimeoutException) {
      return Outcome.TIMEOUT;
    }
    if (error instanceof DeviceOfflineException) {
      return Outcome.OFFLINE;
    }
    return Outcome.ERROR;
  }

  private void answerError(Context ctx, Device device, Throwable error, Duration took) {
    if (error instanceof CommandTimeoutException t) {
      timedOut.record(took);
      LOG.info("command {} to {} timed out", t.commandId(), device.key());
      Problem.write(
          ctx, 504, "timeout", "the device did not answer in time", Map.of("id", t.commandId()));
    } else if (error instanceof DeviceOfflineException) {
      offline.record(took);
      Problem.write(ctx, ApiException.deviceOffline(device.name()));
    } else {
      LOG.error("command to {} failed", device.key(), error);
      Problem.write(ctx, 500, "internal", "the command could not be completed");
    }
  }

  /** The answer in the request's encoding; bytes that are not UTF-8 go out as base64 whatever it was. */
  static ObjectNode answerJson(CommandResult result, String requestedEncoding) {
    ObjectNode out = Json.object();
    out.put("id", result.id());
    Payloads.write(out, "response", result.response(), requestedEncoding.equals(Payloads.TEXT));
    return out;
  }
}
