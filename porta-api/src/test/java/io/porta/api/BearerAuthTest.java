package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerAuthTest {
  private final BearerAuth auth = new BearerAuth("s3cret-token");

  @Test
  void acceptsTheTokenWithAnyCaseOfTheScheme() {
    assertThat(auth.authorized("Bearer s3cret-token")).isTrue();
    assertThat(auth.authorized("bearer s3cret-token")).isTrue();
  }

  @Test
  void refusesMissingWrongOrPrefixedTokens() {
    assertThat(auth.authorized(null)).isFalse();
    assertThat(auth.authorized("")).isFalse();
    assertThat(auth.authorized("Bearer ")).isFalse();
    assertThat(auth.authorized("Bearer s3cret")).isFalse();
    assertThat(auth.authorized("Bearer s3cret-token2")).isFalse();
    assertThat(auth.authorized("Basic s3cret-token")).isFalse();
    assertThat(auth.authorized("s3cret-token")).isFalse();
  }
}
