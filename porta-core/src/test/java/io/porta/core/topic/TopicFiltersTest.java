package io.porta.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** MQTT 3.1.1 §4.7 topic names, filters and matching. */
class TopicFiltersTest {

  @ParameterizedTest
  @CsvSource({
    "a/b/c, a/b/c",
    "a/+/c, a/b/c",
    "+/+/+, a/b/c",
    "a/#, a/b/c",
    "a/#, a/b",
    "#, a/b/c",
    "#, a",
    "+, a",
    "a/b/+, a/b/c",
    "a/+/#, a/b/c/d",
    "$sys/p/d/cmd/request/+, $sys/p/d/cmd/request/123",
    "$sys/p/d/cmd/response/+/+, $sys/p/d/cmd/response/1/accepted",
    "$sys/p/d/cmd/#, $sys/p/d/cmd/request/1",
  })
  void matching(String filter, String topic) {
    assertThat(TopicFilters.matches(filter, topic)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "a/b/c, a/b",
    "a/b, a/b/c",
    "a/+, a/b/c",
    "a/+/c, a/b/d",
    "+, a/b",
    "a/b/c, a/b/cd",
    "a/bc, a/b",
    "$sys/p/d/cmd/request/+, $sys/p/d/cmd/response/1",
    "$sys/p/d/dp/post/json/+, $sys/p/d/dp/post/json",
    "a/+/c, a/c",
  })
  void notMatching(String filter, String topic) {
    assertThat(TopicFilters.matches(filter, topic)).isFalse();
  }

  @Test
  void hashMatchesItsParentLevel() {
    // §4.7.1.2: "sport/tennis/player1/#" also matches "sport/tennis/player1".
    assertThat(TopicFilters.matches("sport/tennis/player1/#", "sport/tennis/player1")).isTrue();
    assertThat(TopicFilters.matches("sport/tennis/player1/#", "sport/tennis/player1/ranking")).isTrue();
    assertThat(TopicFilters.matches("sport/tennis/player1/#", "sport/tennis/player2")).isFalse();
    assertThat(TopicFilters.matches("a/+/#", "a/b")).isTrue();
  }

  @Test
  void plusMatchesExactlyOneLevelIncludingAnEmptyOne() {
    // §4.7.1.3: "sport/+" matches "sport/" (an empty level) but not "sport".
    assertThat(TopicFilters.matches("sport/+", "sport/")).isTrue();
    assertThat(TopicFilters.matches("sport/+", "sport")).isFalse();
    assertThat(TopicFilters.matches("+/+", "/finance")).isTrue();
    assertThat(TopicFilters.matches("/+", "/finance")).isTrue();
    assertThat(TopicFilters.matches("+", "/finance")).isFalse();
  }

  @Test
  void emptyLevelsAreLevels() {
    assertThat(TopicFilters.matches("a//b", "a//b")).isTrue();
    assertThat(TopicFilters.matches("a/+/b", "a//b")).isTrue();
    assertThat(TopicFilters.matches("a/b", "a//b")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"#", "+", "a/#", "a/+/b", "+/+", "/", "a//b", "$sys/+/#", "sport/tennis/#"})
  void validFilters(String filter) {
    assertThat(TopicFilters.isValidFilter(filter)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/#/b", "a#", "a/b#", "#/a", "a+", "a/+b", "+a/b", "a/b\u0000"})
  void invalidFilters(String filter) {
    assertThat(TopicFilters.isValidFilter(filter)).isFalse();
  }

  @Test
  void nullFilterIsInvalid() {
    assertThat(TopicFilters.isValidFilter(null)).isFalse();
    assertThat(TopicFilters.isValidTopicName(null)).isFalse();
  }

  @Test
  void topicNamesHaveNoWildcards() {
    assertThat(TopicFilters.isValidTopicName("a/b/c")).isTrue();
    assertThat(TopicFilters.isValidTopicName("$sys/p/d/dp/post/json")).isTrue();
    assertThat(TopicFilters.isValidTopicName("/")).isTrue();
    assertThat(TopicFilters.isValidTopicName("")).isFalse();
    assertThat(TopicFilters.isValidTopicName("a/+")).isFalse();
    assertThat(TopicFilters.isValidTopicName("a/#")).isFalse();
    assertThat(TopicFilters.isValidTopicName("a\u0000")).isFalse();
  }

  @Test
  void hasWildcard() {
    assertThat(TopicFilters.hasWildcard("a/+")).isTrue();
    assertThat(TopicFilters.hasWildcard("#")).isTrue();
    assertThat(TopicFilters.hasWildcard("a/b")).isFalse();
  }

  @Test
  void levelsCountsSeparatorsPlusOne() {
    assertThat(TopicFilters.levels("a")).isEqualTo(1);
    assertThat(TopicFilters.levels("a/b/c")).isEqualTo(3);
    assertThat(TopicFilters.levels("/")).isEqualTo(2);
    assertThat(TopicFilters.levels("$sys/p/d/cmd/response/id/accepted")).isEqualTo(7);
  }
}
