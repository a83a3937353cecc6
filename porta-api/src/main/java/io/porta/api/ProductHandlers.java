package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.dialect.Dialect;
import io.porta.core.dialect.Dialects;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.registry.ProductRepository;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.DisconnectReason;
import io.porta.core.topic.TopicCategories;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /api/v1/products} (api.md "Products"). */
final class ProductHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ProductHandlers.class);

  /** Dialects a product may name (api.md); the server may speak fewer. */
  private static final Set<String> DIALECTS = Set.of("onenet", "aliyun");

  private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
  private static final int MAX_NAME_LENGTH = 128;
  private static final Set<String> OPTION_FIELDS =
      Set.of("onenetWildcardLevel", "dynamicRegistration", "requireTls");
  private static final Set<String> REGISTRATION_MODES = Set.of("off", "register", "regnwl");

  private final ProductRepository products;
  private final DeviceRepository devices;
  private final DeviceSessions sessions;
  private final Dialects dialects;
  private final TopicCategories topics;
  private final Lookups lookups;
  private final Clock clock;

  ProductHandlers(ApiServices s, Lookups lookups) {
    this.products = s.products();
    this.devices = s.devices();
    this.sessions = s.sessions();
    this.dialects = s.dialects();
    this.topics = s.topics();
    this.lookups = lookups;
    this.clock = s.clock();
  }

  void create(Context ctx) {
    JsonBody body = Json.readObject(ctx);
    String name = body.requiredString("name");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw ApiException.invalidBody("name: 1–" + MAX_NAME_LENGTH + " characters, not blank");
    }
    String dialectName = body.requiredString("dialect");
    if (!DIALECTS.contains(dialectName)) {
      throw ApiException.invalidBody("dialect: must be \"onenet\" or \"aliyun\"");
    }
    if (!dialects.has(dialectName)) {
      throw ApiException.invalidBody("dialect: " + dialectName + " is not enabled on this server");
    }
    Dialect dialect = dialects.get(dialectName);
    String id = body.optionalString("id");
    if (id == null) {
      id = dialect.newProductId();
    } else if (!PRODUCT_ID.matcher(id).matches()) {
      throw ApiException.invalidBody("id: 1–64 characters of letters, digits, '_' and '-'");
    }
    // A user-supplied key lets products move here from the cloud platform with their firmware.
    String secret = body.optionalString("secret");
    if (secret == null) {
      secret = dialect.newProductSecret();
    } else if (!dialect.isValidSecret(secret)) {
      throw ApiException.invalidBody("secret: not a valid " + dialectName + " product key");
    }
    JsonBody optionsBody = body.optionalObject("options");
    ProductOptions options =
        optionsBody == null ? ProductOptions.DEFAULTS : mergeOptions(ProductOptions.DEFAULTS, optionsBody);
    Product product = new Product(id, name, dialectName, secret, options, now());
    try {
      products.create(product);
    } catch (ConflictException e) {
      throw new ApiException(409, "product_exists", "product " + id + " already exists");
    }
    LOG.info("product {} created (dialect {})", id, dialectName);
    Json.write(ctx, 201, Representations.product(product));
  }

  void list(Context ctx) {
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    for (Product p : products.list()) {
      items.add(Representations.product(p));
    }
    Json.write(ctx, 200, out);
  }

  void get(Context ctx) {
    Json.write(ctx, 200, Representations.product(lookups.product(ctx.pathParam("pid"))));
  }

  /** Only the options can change; they are merged into the current ones. */
  void patch(Context ctx) {
    String pid = ctx.pathParam("pid");
    JsonBody body = Json.readObject(ctx);
    body.allowOnly(Set.of("options"), "cannot be changed (only options can)");
    Product product = lookups.product(pid);
    JsonBody optionsBody = body.optionalObject("options");
    if (optionsBody == null) {
      throw ApiException.invalidBody("options: required");
    }
    ProductOptions options = mergeOptions(product.options(), optionsBody);
    if (!products.updateOptions(pid, options)) {
      throw ApiException.productNotFound(pid);
    }
    LOG.info("product {} options changed to {}", pid, options);
    Json.write(ctx, 200, Representations.product(product.withOptions(options)));
  }

  /** 409 while the product has devices, unless {@code force=true}: then they go too. */
  void delete(Context ctx) {
    String pid = ctx.pathParam("pid");
    boolean force = Params.flag(ctx, "force");
    lookups.product(pid);
    List<String> names = devices.names(pid);
    if (!names.isEmpty() && !force) {
      throw new ApiException(
          409,
          "product_has_devices",
          "product " + pid + " has " + names.size() + " devices; delete them first or use ?force=true");
    }
    if (!products.delete(pid)) {
      throw ApiException.productNotFound(pid);
    }
    // The store dropped its categories; a product created later under this id starts without them.
    topics.forget(pid);
    // Disconnect after the delete, so that a reconnect in between cannot find the device again.
    for (String name : names) {
      sessions.disconnect(new DeviceKey(pid, name), DisconnectReason.DEVICE_DELETED);
    }
    LOG.info("product {} deleted with {} devices", pid, names.size());
    ctx.status(204);
  }

  static ProductOptions mergeOptions(ProductOptions base, JsonBody o) {
    o.allowOnly(OPTION_FIELDS, "unknown option");
    int level = base.onenetWildcardLevel();
    Long requestedLevel = o.optionalLong("onenetWildcardLevel");
    if (requestedLevel != null) {
      if (requestedLevel != 4 && requestedLevel != 5) {
        throw ApiException.invalidBody(o.name("onenetWildcardLevel") + ": must be 4 or 5");
      }
      level = requestedLevel.intValue();
    }
    String registration = base.dynamicRegistration();
    String requestedRegistration = o.optionalString("dynamicRegistration");
    if (requestedRegistration != null) {
      if (!REGISTRATION_MODES.contains(requestedRegistration)) {
        throw ApiException.invalidBody(
            o.name("dynamicRegistration") + ": must be \"off\", \"register\" or \"regnwl\"");
      }
      registration = requestedRegistration;
    }
    Boolean requireTls = o.optionalBoolean("requireTls");
    return new ProductOptions(level, registration, requireTls != null ? requireTls : base.requireTls());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
