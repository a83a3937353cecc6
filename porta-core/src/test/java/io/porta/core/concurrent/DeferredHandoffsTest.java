package io.porta.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-offs held back until the burst that queued them ends: in order, none lost. */
class DeferredHandoffsTest {
  @Test
  void outsideABurstNothingIsQueued() {
    List<String> ran = new ArrayList<>();

    assertThat(DeferredHandoffs.defer(() -> ran.add("handoff"))).isFalse();

    assertThat(ran).isEmpty();
  }

  @Test
  void handOffsRunInOrderOnceTheBurstEnds() {
    List<String> ran = new ArrayList<>();

    DeferredHandoffs.during(
        () -> {
          assertThat(DeferredHandoffs.defer(() -> ran.add("first"))).isTrue();
          assertThat(DeferredHandoffs.defer(() -> ran.add("second"))).isTrue();
          ran.add("burst done");
        });

    assertThat(ran).containsExactly("burst done", "first", "second");
    assertThat(DeferredHandoffs.defer(() -> ran.add("after"))).isFalse(); // the burst is over
  }

  @Test
  void aNestedBurstJoinsTheOuterOne() {
    List<String> ran = new ArrayList<>();

    DeferredHandoffs.during(
        () -> {
          DeferredHandoffs.during(() -> DeferredHandoffs.defer(() -> ran.add("inner handoff")));
          ran.add("outer burst done");
        });

    assertThat(ran).containsExactly("outer burst done", "inner handoff");
  }

  @Test
  void handOffsRunWhenTheBurstThrowsAndWhenOneOfThemFails() {
    List<String> ran = new ArrayList<>();

    assertThatThrownBy(
            () ->
                DeferredHandoffs.during(
                    () -> {
                      DeferredHandoffs.defer(
                          () -> {
                            throw new IllegalStateException("loop gone");
                          });
                      DeferredHandoffs.defer(() -> ran.add("second"));
                      throw new IllegalArgumentException("burst failed");
                    }))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(ran).containsExactly("second");
  }
}
