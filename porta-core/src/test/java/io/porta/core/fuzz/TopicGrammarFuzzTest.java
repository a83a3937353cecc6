package io.porta.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porta.core.topic.TopicFilters;
import java.nio.charset.StandardCharsets;

/**
 * The MQTT topic grammar (3.1.1 §4.7) both dialects build on: the allocation-free matcher agrees with
 * the rule read level by level, and {@code covers} is sound — a filter a category covers never
 * matches a topic outside the category (the Alibaba permission check rests on this).
 */
class TopicGrammarFuzzTest {
  /** Input: {@code categoryFilter \n filter \n topic}. Seeds: TopicGrammarFuzzTestInputs/filters. */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void filters(FuzzedDataProvider data) {
    String[] parts = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8).split("\n", 3);
    String category = parts[0];
    String filter = parts.length > 1 ? parts[1] : "";
    String topic = parts.length > 2 ? parts[2] : "";

    assertThat(TopicFilters.levels(topic)).isEqualTo(topic.split("/", -1).length);
    boolean validTopic = TopicFilters.isValidTopicName(topic);
    assertThat(validTopic).isEqualTo(!topic.isEmpty() && topic.chars().noneMatch(c -> c == '+' || c == '#' || c == 0));
    boolean validFilter = TopicFilters.isValidFilter(filter);
    assertThat(validFilter).isEqualTo(isValidFilter(filter));
    if (validFilter && validTopic) {
      assertThat(TopicFilters.matches(filter, topic)).isEqualTo(matches(filter, topic));
    }
    if (validFilter && TopicFilters.isValidFilter(category) && TopicFilters.covers(category, filter)) {
      if (validTopic && TopicFilters.matches(filter, topic)) {
        assertThat(TopicFilters.matches(category, topic)).isTrue();
      }
    }
  }

  /** §4.7.1, level by level: '#' alone and last, '+' alone in its level, no NUL. */
  private static boolean isValidFilter(String filter) {
    if (filter.isEmpty() || filter.indexOf('\u0000') >= 0) {
      return false;
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
        return false;
      }
      if (level.contains("+") && !level.equals("+")) {
        return false;
      }
    }
    return true;
  }

  /** §4.7.1, level by level; '#' also matches the parent level (§4.7.1.2). */
  private static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length) {
        return false;
      }
      if (!f[i].equals("+") && !f[i].equals(t[i])) {
        return false;
      }
    }
    return f.length == t.length;
  }
}
