package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.dialect.Dialect;
import io.porta.core.dialect.Dialects;
import io.porta.core.model.Product;
import io.porta.core.registry.ConflictException;
import io.porta.core.topic.TopicAccess;
import io.porta.core.topic.TopicCategories;
import io.porta.core.topic.TopicCategory;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/products/{pid}/topics} (api.md "Topic categories"): the dialect's system categories
 * and the product's custom ones. Changes go through {@link TopicCategories}, so the cache the
 * dialect checks permissions against sees them at once.
 */
final class TopicHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(TopicHandlers.class);

  private final TopicCategories topics;
  private final Dialects dialects;
  private final Lookups lookups;

  TopicHandlers(ApiServices s, Lookups lookups) {
    this.topics = s.topics();
    this.dialects = s.dialects();
    this.lookups = lookups;
  }

  /** System categories first, then the custom ones oldest first; none for a dialect without them. */
  void list(Context ctx) {
    Product product = lookups.product(ctx.pathParam("pid"));
    List<TopicCategory> system = dialect(product).systemTopicCategories(product);
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    for (TopicCategory c : system) {
      items.add(Representations.topicCategory(c));
    }
    if (!system.isEmpty()) {
      for (TopicCategory c : topics.load(product.id())) {
        items.add(Representations.topicCategory(c));
      }
    }
    Json.write(ctx, 200, out);
  }

  void create(Context ctx) {
    String pid = ctx.pathParam("pid");
    JsonBody body = Json.readObject(ctx);
    String topic = body.requiredString("topic");
    TopicAccess access;
    try {
      access = TopicAccess.parse(body.requiredString("access"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidBody("access: must be \"pub\", \"sub\" or \"pubsub\"");
    }
    Product product = lookups.product(pid);
    Dialect dialect = managing(product);
    String template;
    try {
      template = dialect.customTopicCategory(product, topic);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidBody("topic: " + e.getMessage());
    }
    TopicCategory category = new TopicCategory(UUID.randomUUID().toString(), pid, template, access, false);
    try {
      topics.create(category);
    } catch (ConflictException e) {
      throw new ApiException(409, "topic_exists", "product " + pid + " already has the topic category " + template);
    }
    LOG.info("topic category {} ({}) added to product {}", template, access.label(), pid);
    Json.write(ctx, 201, Representations.topicCategory(category));
  }

  void delete(Context ctx) {
    String pid = ctx.pathParam("pid");
    String id = ctx.pathParam("id");
    Product product = lookups.product(pid);
    List<TopicCategory> system = managing(product).systemTopicCategories(product);
    if (system.stream().anyMatch(c -> c.id().equals(id))) {
      throw new ApiException(409, "system_topic", "topic category " + id + " is a system category and cannot be deleted");
    }
    if (!topics.delete(pid, id)) {
      throw new ApiException(404, "topic_not_found", "no topic category " + id + " in product " + pid);
    }
    LOG.info("topic category {} deleted from product {}", id, pid);
    ctx.status(204);
  }

  /** The product's dialect, or 409 when it has no categories to manage (OneNET: fixed topics only). */
  private Dialect managing(Product product) {
    Dialect dialect = dialect(product);
    if (dialect.systemTopicCategories(product).isEmpty()) {
      throw new ApiException(
          409, "not_supported", "products of dialect " + product.dialect() + " have no topic categories to manage");
    }
    return dialect;
  }

  private Dialect dialect(Product product) {
    return dialects.get(product.dialect());
  }
}
