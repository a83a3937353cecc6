package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.Dialect;
import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.session.DeviceSessions;
import io.porta.core.shadow.ShadowChange;
import io.porta.core.shadow.ShadowRejection;
import io.porta.core.shadow.ShadowService;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /products/{pid}/devices/{name}/shadow} (api.md "Thing model, shadow, events"): read the
 * document, set {@code desired}. A connected device is told at once on its dialect's shadow topic; one
 * that is away reads the document when it asks ({@code image/get}, {@code method: get}).
 */
final class ShadowHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ShadowHandlers.class);
  private static final Set<String> FIELDS = Set.of("state", "version");

  private final ShadowService shadows;
  private final DeviceSessions sessions;
  private final ApiServices services;
  private final Lookups lookups;

  ShadowHandlers(ApiServices s, Lookups lookups) {
    this.shadows = s.shadows();
    this.sessions = s.sessions();
    this.services = s;
    this.lookups = lookups;
  }

  void get(Context ctx) {
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    Json.write(ctx, 200, shadows.get(device.key()).toJson());
  }

  void put(Context ctx) {
    Product product = lookups.product(ctx.pathParam("pid"));
    Device device = lookups.deviceOf(product.id(), ctx.pathParam("name"));
    JsonBody body = Json.readObject(ctx);
    body.allowOnly(FIELDS, "unknown field");
    JsonBody state = body.optionalObject("state");
    ObjectNode desired = state == null ? null : state.optionalRawObject("desired");
    if (desired == null) {
      throw ApiException.invalidBody("state.desired: the attributes to set (null removes one)");
    }
    state.allowOnly(Set.of("desired"), "only desired can be set by applications");
    Long version = body.optionalLong("version");
    Dialect dialect = services.dialects().get(product.dialect());
    ShadowService.Outcome outcome =
        shadows.change(device.key(), ShadowChange.desire(desired, version), dialect.shadowLimits());
    if (!outcome.applied()) {
      throw refusal(outcome);
    }
    DeviceIdentity identity = new DeviceIdentity(product, device.name());
    boolean told =
        sessions
            .find(device.key())
            .map(link -> {
              dialect.shadowDesiredChanged(identity, outcome.document()).forEach(link::send);
              return true;
            })
            .orElse(false);
    LOG.info("{}: shadow desired set, version {}{}", identity, outcome.document().version(), told ? ", device told" : "");
    Json.write(ctx, 200, outcome.document().toJson());
  }

  private static ApiException refusal(ShadowService.Outcome outcome) {
    ShadowRejection r = outcome.rejection();
    return switch (r) {
      case VERSION_CONFLICT -> new ApiException(
          409, "version_conflict",
          "the shadow is at version " + (outcome.document() == null ? "?" : outcome.document().version()));
      case STORE_FAILURE -> new ApiException(503, "store_unavailable", "the shadow could not be stored");
      case TOO_LARGE -> ApiException.invalidBody("state.desired: the document would exceed its size limit");
      case TOO_MANY_ATTRIBUTES -> ApiException.invalidBody("state.desired: too many attributes");
      case TOO_DEEP -> ApiException.invalidBody("state.desired: nested too deeply");
      case INVALID_ATTRIBUTE -> ApiException.invalidBody("state.desired: an attribute name or value breaks the dialect's rules");
    };
  }
}
