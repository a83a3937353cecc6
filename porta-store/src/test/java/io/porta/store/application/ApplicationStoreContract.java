package io.porta.store.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.application.Application;
import io.porta.core.application.ApplicationRepository;
import io.porta.store.StoreTestBase;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applications of the application channel, on every engine. */
abstract class ApplicationStoreContract extends StoreTestBase {
  private static final Instant T = Instant.ofEpochMilli(1_700_000_000_000L);
  private ApplicationRepository apps;

  @BeforeEach
  void repository() {
    apps = db.applications();
  }

  @Test
  void createdApplicationsAreListedOldestFirstWithTheirTokenHash() {
    apps.create(new Application("b2", "later", Set.of("p1"), T.plusMillis(1)), new byte[] {1, 2, 3});
    apps.create(new Application("a1", "first", Set.of("p2", "p1"), T), new byte[] {(byte) 0xff, 0});

    assertThat(apps.list()).extracting(s -> s.application().id()).containsExactly("a1", "b2");
    ApplicationRepository.Stored first = apps.list().get(0);
    assertThat(first.application()).isEqualTo(new Application("a1", "first", Set.of("p1", "p2"), T));
    assertThat(first.tokenHash()).containsExactly((byte) 0xff, 0);
  }

  @Test
  void updateChangesNameAndProductsButNotTheToken() {
    apps.create(new Application("a1", "first", Set.of("p1"), T), new byte[] {7});
    assertThat(apps.update(new Application("a1", "renamed", Set.of("p3"), T))).isTrue();
    assertThat(apps.update(new Application("zz", "ghost", Set.of("p3"), T))).isFalse();

    ApplicationRepository.Stored s = apps.list().get(0);
    assertThat(s.application().name()).isEqualTo("renamed");
    assertThat(s.application().productIds()).containsExactly("p3");
    assertThat(s.tokenHash()).containsExactly(7);
  }

  @Test
  void deleteRemovesIt() {
    apps.create(new Application("a1", "first", Set.of("p1"), T), new byte[] {7});
    assertThat(apps.delete("a1")).isTrue();
    assertThat(apps.delete("a1")).isFalse();
    assertThat(apps.list()).isEmpty();
  }
}
