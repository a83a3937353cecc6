package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.application.Application;
import io.porta.core.application.ApplicationTopics;
import io.porta.core.application.Applications;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/applications}: credentials for the application channel (README "Application
 * channel"). The token is shown once, in the answer to the create call; only its hash is kept.
 */
final class ApplicationHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationHandlers.class);
  private static final Set<String> FIELDS = Set.of("name", "productIds");
  private static final int MAX_NAME_LENGTH = 128;

  private final Applications applications;
  private final Lookups lookups;
  private final ApiServices services;

  ApplicationHandlers(ApiServices s, Lookups lookups) {
    this.applications = s.push().applications();
    this.lookups = lookups;
    this.services = s;
  }

  void create(Context ctx) {
    JsonBody body = Json.readObject(ctx);
    body.allowOnly(FIELDS, "unknown field");
    String name = name(body.requiredString("name"));
    Set<String> products = products(body.optionalStringList("productIds"));
    Applications.Created created = applications.create(name, products);
    Application app = created.application();
    LOG.info("application {} created for products {}", app.id(), app.productIds());
    ObjectNode out = representation(app);
    out.put("token", created.token());
    ObjectNode mqtt = out.putObject("mqtt");
    mqtt.put("port", services.mqttPort());
    if (services.mqttsPort() > 0) {
      mqtt.put("tlsPort", services.mqttsPort());
    }
    mqtt.put("username", Applications.USERNAME_PREFIX + app.id());
    mqtt.put("password", created.token());
    mqtt.put("topics", ApplicationTopics.PREFIX + "/{productId}/{deviceName}/{dp|messages|status|commands}");
    Json.write(ctx, 201, out);
  }

  void list(Context ctx) {
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    applications.list().forEach(a -> items.add(representation(a)));
    Json.write(ctx, 200, out);
  }

  void get(Context ctx) {
    Json.write(ctx, 200, representation(find(ctx.pathParam("id"))));
  }

  void update(Context ctx) {
    Application app = find(ctx.pathParam("id"));
    JsonBody body = Json.readObject(ctx);
    body.allowOnly(FIELDS, "unknown field");
    String name = body.has("name") ? name(body.requiredString("name")) : app.name();
    Set<String> products = body.has("productIds") ? products(body.optionalStringList("productIds")) : app.productIds();
    Application changed = applications.update(app.id(), name, products).orElseThrow(() -> notFound(app.id()));
    LOG.info("application {} updated: products {}", app.id(), changed.productIds());
    Json.write(ctx, 200, representation(changed));
  }

  void delete(Context ctx) {
    String id = ctx.pathParam("id");
    if (!applications.delete(id)) {
      throw notFound(id);
    }
    LOG.info("application {} deleted; its connections are closed", id);
    ctx.status(204);
  }

  private Application find(String id) {
    return applications.find(id).orElseThrow(() -> notFound(id));
  }

  private static ApiException notFound(String id) {
    return new ApiException(404, "application_not_found", "no application " + id);
  }

  private static String name(String name) {
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw ApiException.invalidBody("name: 1 to " + MAX_NAME_LENGTH + " characters");
    }
    return name;
  }

  /** At least one product, each existing (404 otherwise, as for webhooks). */
  private Set<String> products(List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      throw ApiException.invalidBody("productIds: the products the application may read, at least one");
    }
    Set<String> products = new LinkedHashSet<>();
    for (String id : ids) {
      lookups.product(id);
      products.add(id);
    }
    return products;
  }

  private static ObjectNode representation(Application a) {
    ObjectNode out = Json.object();
    out.put("id", a.id());
    out.put("name", a.name());
    ArrayNode products = out.putArray("productIds");
    a.productIds().stream().sorted().forEach(products::add);
    out.put("createdAt", a.createdAt().toString());
    return out;
  }
}
