package io.porta.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TopicFilters#covers}: every topic matching the filter also matches the category. */
class TopicFiltersCoversTest {

  @ParameterizedTest
  @CsvSource({
    "a/b/c, a/b/c",
    "a/+/c, a/b/c",
    "a/+/c, a/+/c",
    "a/#, a/b/c",
    "a/#, a/+/#",
    "a/#, a/#",
    "a/#, a",
    "#, #",
    "#, a/+/#",
    "+/+, a/+",
    "/sys/pk/dn/thing/#, /sys/pk/dn/thing/service/property/set",
    "/sys/pk/dn/rrpc/#, /sys/pk/dn/rrpc/request/+",
    "/broadcast/pk/#, /broadcast/pk/+",
    "/pk/dn/user/+, /pk/dn/user/get",
  })
  void covered(String category, String filter) {
    assertThat(TopicFilters.covers(category, filter)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "a/b/c, a/b/+",
    "a/b/c, a/b/#",
    "a/+/c, a/#",
    "a/+, a/#",
    "a/+, a",
    "a/+/#, a/#",
    "a/b, a/b/c",
    "a/b/c, a/b",
    "+/+, #",
    "+, a/b",
    "/sys/pk/dn/thing/#, /sys/pk/dn/#",
    "/sys/pk/dn/thing/#, /sys/pk/+/thing/#",
    "/sys/pk/dn/thing/#, /sys/pk/other/thing/event",
    "/pk/dn/get, /pk/dn/+",
  })
  void notCovered(String category, String filter) {
    assertThat(TopicFilters.covers(category, filter)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"a/b, a/b", "a/#, a/b/c/d", "a/+/c, a/x/c"})
  void aTopicNameIsCoveredExactlyWhenItMatches(String category, String topic) {
    assertThat(TopicFilters.covers(category, topic)).isEqualTo(TopicFilters.matches(category, topic));
  }
}
