package io.porta.core.thing;

import io.porta.core.command.CommandResult;
import io.porta.core.command.CommandService;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.Dialects;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceLink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * Property set/get and service calls to an online device (api.md "Thing model, shadow, events"), in
 * its product's dialect, answered by the device's reply. The pending/timeout machinery is the
 * commands' ({@link CommandService#request}).
 */
public final class ThingService {
  private final Dialects dialects;
  private final CommandService commands;

  public ThingService(Dialects dialects, CommandService commands) {
    this.dialects = dialects;
    this.commands = commands;
  }

  /** A reply and the request id it answers (the id of the REST answer). */
  public record Answer(String requestId, ThingReply reply) {}

  /** The device's reply was not a reply object ({@code {"id","code",…}}). */
  public static final class BadReplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadReplyException(String requestId) {
      super("the reply to " + requestId + " is not a thing-model reply");
    }
  }

  /** Whether the product's dialect has a thing model. */
  public boolean supports(Product product) {
    return dialects.get(product.dialect()).thingDownlink().isPresent();
  }

  /**
   * @throws io.porta.core.command.DeviceOfflineException when the device has no live connection
   */
  public CompletableFuture<Answer> setProperties(Product product, String device, JsonNode params, Duration timeout) {
    return call(product, device, timeout, (downlink, d) -> downlink.propertySet(d, params));
  }

  public CompletableFuture<Answer> getProperties(
      Product product, String device, List<String> identifiers, Duration timeout) {
    return call(product, device, timeout, (downlink, d) -> downlink.propertyGet(d, identifiers));
  }

  /** @throws IllegalArgumentException for an identifier that cannot be a topic level */
  public CompletableFuture<Answer> invokeService(
      Product product, String device, String identifier, JsonNode params, boolean sync, Duration timeout) {
    if (!ThingIdentifiers.isValid(identifier)) {
      throw new IllegalArgumentException("service identifier must be 1-50 letters, digits or _");
    }
    return call(product, device, timeout, (downlink, d) -> downlink.service(d, identifier, params, sync));
  }

  private CompletableFuture<Answer> call(
      Product product, String device, Duration timeout, BiFunction<ThingDownlink, DeviceIdentity, ThingCall> shape) {
    ThingDownlink downlink = downlink(product);
    DeviceLink link = commands.link(product, device);
    ThingCall call = shape.apply(downlink, link.identity());
    return commands
        .request(link, call.pendingId(), call.topic(), call.payload(), timeout)
        .thenApply((CommandResult r) -> answer(call, r));
  }

  private static Answer answer(ThingCall call, CommandResult result) {
    ThingReply reply = ThingReply.parse(result.response());
    if (reply == null) {
      throw new BadReplyException(call.requestId());
    }
    return new Answer(call.requestId(), reply);
  }

  private ThingDownlink downlink(Product product) {
    return dialects
        .get(product.dialect())
        .thingDownlink()
        .orElseThrow(() -> new IllegalArgumentException("the " + product.dialect() + " dialect has no thing model"));
  }
}
