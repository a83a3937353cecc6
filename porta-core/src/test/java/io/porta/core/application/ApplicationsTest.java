package io.porta.core.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.testing.InMemoryApplications;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApplicationsTest {
  final InMemoryApplications repo = new InMemoryApplications();
  final Applications apps = new Applications(repo, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void onlyTheTokenGivenAtCreationOpensTheApplication() {
    Applications.Created c = apps.create("dash", Set.of("p1"));
    String id = c.application().id();
    assertThat(apps.authenticate(id, bytes(c.token()))).contains(c.application());
    assertThat(apps.authenticate(id, bytes(c.token() + "x"))).isEmpty();
    assertThat(apps.authenticate(id, null)).isEmpty();
    assertThat(apps.authenticate("unknown", bytes(c.token()))).isEmpty();
    // Only the hash is stored.
    assertThat(new String(repo.list().get(0).tokenHash(), StandardCharsets.ISO_8859_1)).doesNotContain(c.token());
  }

  @Test
  void tokensAndIdsDifferEveryTime() {
    Applications.Created a = apps.create("a", Set.of("p1"));
    Applications.Created b = apps.create("b", Set.of("p1"));
    assertThat(a.token()).isNotEqualTo(b.token());
    assertThat(a.application().id()).isNotEqualTo(b.application().id()).matches("[0-9a-f]{16}");
    assertThat(apps.authenticate(a.application().id(), bytes(b.token()))).isEmpty();
  }

  @Test
  void aRestartedServerKnowsTheApplicationsAndTheirTokens() {
    Applications.Created c = apps.create("dash", Set.of("p1", "p2"));
    Applications reloaded = new Applications(repo, Clock.systemUTC());
    assertThat(reloaded.find(c.application().id())).contains(c.application());
    assertThat(reloaded.authenticate(c.application().id(), bytes(c.token()))).isPresent();
  }

  @Test
  void deletingTellsTheListenersAndRefusesTheToken() {
    Applications.Created c = apps.create("dash", Set.of("p1"));
    List<String> revoked = new ArrayList<>();
    apps.onRevoked(a -> revoked.add(a.id()));
    assertThat(apps.delete(c.application().id())).isTrue();
    assertThat(revoked).containsExactly(c.application().id());
    assertThat(apps.authenticate(c.application().id(), bytes(c.token()))).isEmpty();
    assertThat(apps.delete(c.application().id())).isFalse();
  }

  @Test
  void updateChangesTheScope() {
    Applications.Created c = apps.create("dash", Set.of("p1"));
    Application changed = apps.update(c.application().id(), "dash2", Set.of("p2")).orElseThrow();
    assertThat(changed.covers("p2")).isTrue();
    assertThat(changed.covers("p1")).isFalse();
    assertThat(apps.find(c.application().id())).contains(changed);
    assertThat(apps.update("nope", "x", Set.of("p1"))).isEmpty();
  }

  @Test
  void applicationUsernamesNeverLookLikeProductIds() {
    assertThat(Applications.isApplicationUsername("app:0123")).isTrue();
    assertThat(Applications.isApplicationUsername("app-0123")).isFalse();
    assertThat(Applications.isApplicationUsername(null)).isFalse();
  }
}
