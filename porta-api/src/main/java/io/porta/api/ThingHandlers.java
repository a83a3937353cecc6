package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.command.CommandService;
import io.porta.core.command.CommandTimeoutException;
import io.porta.core.command.DeviceOfflineException;
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryRepository;
import io.porta.core.thing.ThingIdentifiers;
import io.porta.core.thing.ThingReply;
import io.porta.core.thing.ThingService;
import io.porta.core.thing.ThingService.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * The thing model over REST (api.md "Thing model, shadow, events"), either dialect: {@code PUT
 * …/properties} (property set), {@code GET …/properties} (property get, or the newest stored values),
 * {@code POST …/services/{identifier}} (service call). Each waits asynchronously for the device's reply
 * and answers {@code {"id","code","message","data"}} from it; 409 offline, 504 timeout.
 */
final class ThingHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ThingHandlers.class);

  private final ThingService things;
  private final CommandService commands;
  private final TelemetryRepository telemetry;
  private final Lookups lookups;
  private final Executor responses;

  /** @param responses writes the answers, off the event loop that completes them */
  ThingHandlers(ApiServices s, Lookups lookups, Executor responses) {
    this.responses = responses;
    this.things = new ThingService(s.dialects(), s.commands());
    this.commands = s.commands();
    this.telemetry = s.telemetry();
    this.lookups = lookups;
  }

  void setProperties(Context ctx) {
    JsonBody body = Json.readObject(ctx);
    ObjectNode params = body.optionalRawObject("params");
    if (params == null || params.isEmpty()) {
      throw ApiException.invalidBody("params: required, a non-empty object");
    }
    for (String identifier : params.propertyNames()) {
      if (!ThingIdentifiers.isValid(identifier)) {
        throw ApiException.invalidBody("params." + identifier + ": identifiers are 1-50 letters, digits or _");
      }
    }
    Call call = call(ctx, body.optionalLong("timeoutMs"));
    answer(ctx, call, () -> things.setProperties(call.product, call.device.name(), params, call.timeout));
  }

  /** With {@code identifiers}: a property get to the device; without: the newest stored values. */
  void getProperties(Context ctx) {
    String list = Params.optionalString(ctx, "identifiers");
    if (list == null) {
      stored(ctx);
      return;
    }
    List<String> identifiers = new ArrayList<>();
    for (String part : list.split(",", -1)) {
      String identifier = part.trim();
      if (!ThingIdentifiers.isValid(identifier)) {
        throw ApiException.invalidParam("identifiers: '" + identifier + "' is not 1-50 letters, digits or _");
      }
      identifiers.add(identifier);
    }
    Long timeoutMs = ctx.queryParam("timeoutMs") == null ? null : Params.longInRange(ctx, "timeoutMs", 0, 0, Long.MAX_VALUE);
    Call call = call(ctx, timeoutMs);
    answer(ctx, call, () -> things.getProperties(call.product, call.device.name(), identifiers, call.timeout));
  }

  void invokeService(Context ctx) {
    String identifier = ctx.pathParam("identifier");
    if (!ThingIdentifiers.isValid(identifier)) {
      throw ApiException.invalidParam("identifier: 1-50 letters, digits or _");
    }
    JsonBody body = Json.readObject(ctx);
    ObjectNode params = body.optionalRawObject("params");
    String mode = body.optionalString("mode");
    if (mode != null && !mode.equals("sync") && !mode.equals("async")) {
      throw ApiException.invalidBody("mode: must be sync or async");
    }
    boolean sync = !"async".equals(mode);
    ObjectNode input = params == null ? Json.object() : params;
    Call call = call(ctx, body.optionalLong("timeoutMs"));
    answer(
        ctx, call, () -> things.invokeService(call.product, call.device.name(), identifier, input, sync, call.timeout));
  }

  /** {@code {"code":200,"message":"success","data":{"Power":{"value":"on","time":ms},…}}}, no round trip. */
  private void stored(Context ctx) {
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    ObjectNode out = Json.object();
    out.put("code", 200);
    out.put("message", "success");
    ObjectNode data = out.putObject("data");
    for (DataPoint p : telemetry.latest(device.key())) {
      ObjectNode item = data.putObject(p.stream());
      item.putRawValue("value", new RawValue(p.valueJson()));
      item.put("time", p.timeMs());
    }
    Json.write(ctx, 200, out);
  }

  private record Call(Product product, Device device, Duration timeout) {}

  private Call call(Context ctx, Long timeoutMs) {
    Product product = lookups.product(ctx.pathParam("pid"));
    Device device = lookups.deviceOf(product.id(), ctx.pathParam("name"));
    if (!things.supports(product)) {
      throw ApiException.invalidParam("the " + product.dialect() + " dialect has no thing model");
    }
    try {
      return new Call(product, device, commands.timeout(product, timeoutMs));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidBody("timeoutMs: " + e.getMessage());
    }
  }

  private void answer(Context ctx, Call call, Supplier<CompletableFuture<Answer>> send) {
    CompletableFuture<Answer> answer;
    try {
      answer = send.get();
    } catch (DeviceOfflineException e) {
      throw ApiException.deviceOffline(call.device.name());
    }
    ctx.future(
        () ->
            answer.handleAsync(
                (a, error) -> {
                  if (error == null) {
                    Json.write(ctx, 200, json(a));
                  } else {
                    failed(ctx, call, Futures.unwrap(error));
                  }
                  return null;
                },
                responses));
  }

  private static ObjectNode json(Answer a) {
    ObjectNode out = Json.object();
    out.put("id", a.requestId());
    out.put("code", a.reply().code());
    String message = a.reply().message();
    // A device may leave the message out; the answer always has one, like the replies Porta sends.
    out.put("message", message != null ? message : a.reply().code() == ThingReply.SUCCESS ? ThingReply.SUCCESS_MESSAGE : "");
    out.putRawValue("data", new RawValue(a.reply().dataJson()));
    return out;
  }

  private static void failed(Context ctx, Call call, Throwable error) {
    if (error instanceof CommandTimeoutException t) {
      Problem.write(ctx, 504, "timeout", "the device did not answer in time", Map.of("id", t.commandId()));
    } else if (error instanceof DeviceOfflineException) {
      Problem.write(ctx, ApiException.deviceOffline(call.device.name()));
    } else if (error instanceof ThingService.BadReplyException) {
      Problem.write(ctx, 502, "bad_reply", error.getMessage());
    } else {
      LOG.error("thing-model call to {} failed", call.device.key(), error);
      Problem.write(ctx, 500, "internal", "the call could not be completed");
    }
  }
}
