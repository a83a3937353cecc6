package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.Dialect;
import io.porta.core.topic.TopicAccess;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TopicApiTest extends ApiTestBase {
  private static final String PK = "a1TopicPk01";
  private static final String TOPICS = "/api/v1/products/" + PK + "/topics";
  private static final String USER = "/${productKey}/${deviceName}/user/";

  @Override
  List<Dialect> dialects() {
    return List.of(new TestDialect("onenet"), new TestAliyunDialect());
  }

  @BeforeEach
  void product() {
    createProduct(PK, "aliyun");
  }

  private JsonNode add(String topic, String access) {
    Response r = post(TOPICS, "{\"topic\":\"" + topic + "\",\"access\":\"" + access + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void listGivesTheSystemCategoriesThenTheCustomOnesInCreationOrder() {
    add(USER + "update", "pub");
    add(USER + "get/+", "sub");
    JsonNode items = get(TOPICS).json().get("items");
    assertThat(items).hasSize(4);
    assertThat(items.get(0).get("id").stringValue()).isEqualTo("sys-1");
    assertThat(items.get(0).get("topic").stringValue()).isEqualTo("/sys/" + PK + "/${deviceName}/thing/event/property/post");
    assertThat(items.get(0).get("access").stringValue()).isEqualTo("pub");
    assertThat(items.get(0).get("system").booleanValue()).isTrue();
    assertThat(items.get(1).get("access").stringValue()).isEqualTo("sub");
    assertThat(items.get(1).get("system").booleanValue()).isTrue();
    assertThat(items.get(2).get("topic").stringValue()).isEqualTo(USER + "update");
    assertThat(items.get(2).get("access").stringValue()).isEqualTo("pub");
    assertThat(items.get(2).get("system").booleanValue()).isFalse();
    assertThat(items.get(3).get("topic").stringValue()).isEqualTo(USER + "get/+");
    assertThat(items.get(3).get("access").stringValue()).isEqualTo("sub");
  }

  @Test
  void createAnswers201WithTheCanonicalTemplateAndFillsTheDialectsCache() {
    JsonNode c = add("/" + PK + "/${deviceName}/user/cmd", "pubsub");
    assertThat(c.get("topic").stringValue()).isEqualTo(USER + "cmd");
    assertThat(c.get("access").stringValue()).isEqualTo("pubsub");
    assertThat(c.get("system").booleanValue()).isFalse();
    String id = c.get("id").stringValue();
    assertThat(id).isNotBlank().doesNotStartWith("sys-");
    // Devices' permission checks read the cache only: the new category must be in it at once.
    assertThat(topics.cached(PK))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo(id);
              assertThat(t.topic()).isEqualTo(USER + "cmd");
              assertThat(t.access()).isEqualTo(TopicAccess.PUBSUB);
            });
  }

  @Test
  void topicTheDialectRefusesIs400WithItsReason() {
    JsonNode p = post(TOPICS, "{\"topic\":\"/elsewhere/x\",\"access\":\"pub\"}").problem(400, "invalid_body");
    assertThat(p.get("detail").stringValue()).startsWith("topic").contains("a custom topic must start with " + USER);
    assertThat(topicRepository.list(PK)).isEmpty();
  }

  @Test
  void missingOrBadFieldsAre400() {
    assertThat(post(TOPICS, "{\"access\":\"pub\"}").problem(400, "invalid_body").get("detail").stringValue())
        .startsWith("topic");
    assertThat(post(TOPICS, "{\"topic\":\"" + USER + "a\"}").problem(400, "invalid_body").get("detail").stringValue())
        .startsWith("access");
    assertThat(
            post(TOPICS, "{\"topic\":\"" + USER + "a\",\"access\":\"readwrite\"}")
                .problem(400, "invalid_body")
                .get("detail")
                .stringValue())
        .startsWith("access");
    post(TOPICS, "{\"topic\":\"" + USER + "a\",\"access\":1}").problem(400, "invalid_body");
    assertThat(topicRepository.list(PK)).isEmpty();
  }

  @Test
  void duplicateTopicIs409() {
    add(USER + "update", "pub");
    post(TOPICS, "{\"topic\":\"/" + PK + "/${deviceName}/user/update\",\"access\":\"sub\"}").problem(409, "topic_exists");
    assertThat(topicRepository.list(PK)).hasSize(1);
  }

  @Test
  void deleteRemovesACustomCategoryFromStoreAndCache() {
    String id = add(USER + "update", "pub").get("id").stringValue();
    Response r = delete(TOPICS + "/" + id);
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    assertThat(topicRepository.list(PK)).isEmpty();
    assertThat(topics.cached(PK)).isEmpty();
    assertThat(get(TOPICS).json().get("items")).hasSize(2);
  }

  @Test
  void deletingASystemCategoryIs409() {
    delete(TOPICS + "/sys-2").problem(409, "system_topic");
    assertThat(get(TOPICS).json().get("items")).hasSize(2);
  }

  @Test
  void deletingAnUnknownCategoryIs404() {
    delete(TOPICS + "/no-such-id").problem(404, "topic_not_found");
  }

  @Test
  void onenetProductsHaveNoCategoriesToManage() {
    createProduct("p1");
    JsonNode list = get("/api/v1/products/p1/topics").json();
    assertThat(list.get("items")).isEmpty();
    post("/api/v1/products/p1/topics", "{\"topic\":\"" + USER + "a\",\"access\":\"pub\"}").problem(409, "not_supported");
    delete("/api/v1/products/p1/topics/sys-1").problem(409, "not_supported");
    assertThat(topicRepository.list("p1")).isEmpty();
  }

  @Test
  void unknownProductIs404() {
    get("/api/v1/products/nope/topics").problem(404, "product_not_found");
    post("/api/v1/products/nope/topics", "{\"topic\":\"" + USER + "a\",\"access\":\"pub\"}")
        .problem(404, "product_not_found");
    delete("/api/v1/products/nope/topics/sys-1").problem(404, "product_not_found");
  }

  @Test
  void deletingTheProductForgetsItsCachedCategories() {
    add(USER + "update", "pub");
    assertThat(delete("/api/v1/products/" + PK).status()).isEqualTo(204);
    assertThat(topics.cached(PK)).isEmpty();
  }
}
