package io.porta.store.topic;

import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porta.core.registry.ConflictException;
import io.porta.core.topic.TopicAccess;
import io.porta.core.topic.TopicCategory;
import io.porta.core.topic.TopicCategoryRepository;
import io.porta.store.StoreTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Custom topic categories, on every engine. */
abstract class TopicCategoryContract extends StoreTestBase {
  private TopicCategoryRepository categories;

  @BeforeEach
  void registry() {
    db.products().create(product("p1"));
    db.products().create(product("p2"));
    categories = db.topicCategories();
  }

  @Test
  void categoriesRoundTripOldestFirstEvenWithinOneMillisecond() {
    // Ids that sort against creation order.
    TopicCategory c = category("p1", "c", "/p1/${deviceName}/user/get", TopicAccess.SUB);
    TopicCategory b = category("p1", "b", "/p1/${deviceName}/user/update", TopicAccess.PUB);
    TopicCategory a = category("p1", "a", "/p1/${deviceName}/user/both", TopicAccess.PUBSUB);
    categories.create(c);
    categories.create(b);
    categories.create(a);
    categories.create(category("p2", "a", "/p2/x", TopicAccess.PUB));

    assertThat(categories.list("p1")).containsExactly(c, b, a);
    assertThat(categories.list("p2")).containsExactly(category("p2", "a", "/p2/x", TopicAccess.PUB));
    assertThat(categories.list("nope")).isEmpty();
  }

  @Test
  void aDuplicateTopicOrIdOfTheProductIsAConflict() {
    categories.create(category("p1", "a", "/p1/x", TopicAccess.PUB));

    assertThatThrownBy(() -> categories.create(category("p1", "b", "/p1/x", TopicAccess.SUB)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> categories.create(category("p1", "a", "/p1/y", TopicAccess.SUB)))
        .isInstanceOf(ConflictException.class);
    // The same topic in another product is fine.
    categories.create(category("p2", "b", "/p1/x", TopicAccess.SUB));
    assertThat(categories.list("p1")).hasSize(1);
  }

  @Test
  void aCategoryOfAMissingProductIsAConflict() {
    assertThatThrownBy(() -> categories.create(category("nope", "a", "/x", TopicAccess.PUB)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void systemCategoriesAreNotStored() {
    assertThatThrownBy(() -> categories.create(new TopicCategory("s", "p1", "/sys", TopicAccess.SUB, true)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(categories.list("p1")).isEmpty();
  }

  @Test
  void deleteReturnsWhetherTheCategoryExisted() {
    categories.create(category("p1", "a", "/p1/x", TopicAccess.PUB));
    categories.create(category("p1", "b", "/p1/y", TopicAccess.PUB));

    assertThat(categories.delete("p2", "a")).isFalse();
    assertThat(categories.delete("p1", "a")).isTrue();
    assertThat(categories.delete("p1", "a")).isFalse();
    assertThat(categories.list("p1")).extracting(TopicCategory::id).containsExactly("b");
    // The topic is free again.
    categories.create(category("p1", "c", "/p1/x", TopicAccess.SUB));
    assertThat(categories.list("p1")).extracting(TopicCategory::id).containsExactly("b", "c");
  }

  @Test
  void deletingAProductDeletesItsCategories() {
    categories.create(category("p1", "a", "/p1/x", TopicAccess.PUB));
    categories.create(category("p2", "a", "/p2/x", TopicAccess.PUB));

    assertThat(db.products().delete("p1")).isTrue();

    assertThat(categories.list("p1")).isEmpty();
    assertThat(count("SELECT COUNT(*) FROM topic_categories WHERE product_id = 'p1'")).isZero();
    assertThat(categories.list("p2")).hasSize(1);
  }

  private static TopicCategory category(String productId, String id, String topic, TopicAccess access) {
    return new TopicCategory(id, productId, topic, access, false);
  }
}
