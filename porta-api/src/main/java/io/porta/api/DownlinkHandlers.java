package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.command.DeviceOfflineException;
import io.porta.core.message.BroadcastResult;
import io.porta.core.message.Delivery;
import io.porta.core.message.DownlinkService;
import io.porta.core.message.NotSubscribedException;
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST …/devices/{name}/messages} and {@code POST …/products/{pid}/broadcast} (api.md "To
 * devices"). Both answer 202 once the message is written or queued; the wait is asynchronous, so it
 * holds no Jetty thread.
 */
final class DownlinkHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(DownlinkHandlers.class);

  private final DownlinkService downlink;
  private final Lookups lookups;
  private final Executor responses;

  /** @param responses writes the answers, off the event loop that completes them */
  DownlinkHandlers(ApiServices s, Lookups lookups, Executor responses) {
    this.downlink = s.downlink();
    this.lookups = lookups;
    this.responses = responses;
  }

  void send(Context ctx) {
    String pid = ctx.pathParam("pid");
    String name = ctx.pathParam("name");
    JsonBody body = Json.readObject(ctx);
    String topic = body.requiredString("topic");
    byte[] payload = Payloads.payload(body);
    Long qos = body.optionalLong("qos");
    if (qos != null && qos != 0 && qos != 1) {
      throw ApiException.invalidBody("qos: must be 0 or 1");
    }
    Product product = lookups.product(pid);
    Device device = lookups.deviceOf(pid, name);
    CompletableFuture<Delivery> delivery;
    try {
      delivery = downlink.send(product, device.name(), topic, payload, qos == null ? 0 : qos.intValue());
    } catch (IllegalArgumentException e) {
      // A topic the device may not subscribe to; the message names the field.
      throw ApiException.invalidBody(e.getMessage());
    } catch (DeviceOfflineException e) {
      throw ApiException.deviceOffline(device.name());
    }
    ctx.future(
        () ->
            delivery.handleAsync(
                (d, error) -> {
                  if (error == null) {
                    // Per message, so DEBUG; porta_downlink_total counts them.
                    LOG.debug("message {} to {} on {}: {}", d.id(), device.key(), topic, d.status().label());
                    ObjectNode out = Json.object();
                    out.put("id", d.id());
                    out.put("status", d.status().label());
                    Json.write(ctx, 202, out);
                  } else {
                    sendError(ctx, device, topic, Futures.unwrap(error));
                  }
                  return null;
                },
                responses));
  }

  private static void sendError(Context ctx, Device device, String topic, Throwable error) {
    if (error instanceof DeviceOfflineException) {
      Problem.write(ctx, ApiException.deviceOffline(device.name()));
    } else if (error instanceof NotSubscribedException) {
      Problem.write(
          ctx, 409, "not_subscribed", "device " + device.name() + " is not subscribed to " + topic);
    } else {
      LOG.error("message to {} on {} failed", device.key(), topic, error);
      Problem.write(ctx, 500, "internal", "the message could not be sent");
    }
  }

  /** QoS 0 to every online device of the product subscribed to the broadcast topic. */
  void broadcast(Context ctx) {
    String pid = ctx.pathParam("pid");
    JsonBody body = Json.readObject(ctx);
    String topic = body.requiredString("topic");
    byte[] payload = Payloads.payload(body);
    Product product = lookups.product(pid);
    CompletableFuture<BroadcastResult> result;
    try {
      result = downlink.broadcast(product, topic, payload);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidBody("topic: " + e.getMessage());
    }
    ctx.future(
        () ->
            result.handleAsync(
                (r, error) -> {
                  if (error == null) {
                    LOG.info("broadcast {} on {} written to {} devices", r.id(), r.topic(), r.devices());
                    ObjectNode out = Json.object();
                    out.put("id", r.id());
                    out.put("topic", r.topic());
                    out.put("devices", r.devices());
                    Json.write(ctx, 202, out);
                  } else {
                    LOG.error("broadcast on {} to product {} failed", topic, pid, Futures.unwrap(error));
                    Problem.write(ctx, 500, "internal", "the broadcast could not be sent");
                  }
                  return null;
                },
                responses));
  }
}
