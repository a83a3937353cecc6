package io.porta.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porta.core.model.DeviceKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands wait for one answer; late answers are told apart from unknown ones (protocols.md A.7.2). */
class PendingCommandsTest {
  static final DeviceKey DEVICE = new DeviceKey("p1", "dev-1");
  static final DeviceKey OTHER = new DeviceKey("p1", "dev-2");
  static final Duration LONG = Duration.ofMinutes(5);
  static final Duration SHORT = Duration.ofMillis(1);

  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final PendingCommands pending = new PendingCommands(scheduler, 2);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Waits for the timeout to fire; no assertion about when. */
  static void awaitTimeout(CompletableFuture<CommandResult> answer) {
    assertThatThrownBy(answer::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(CommandTimeoutException.class);
  }

  @Test
  void answerCompletesTheCaller() {
    CompletableFuture<CommandResult> answer = pending.register(DEVICE, "c1", LONG);
    assertThat(pending.isPending(DEVICE, "c1")).isTrue();
    assertThat(pending.complete(DEVICE, "c1", bytes("ok"))).isEqualTo(ResponseOutcome.ACCEPTED);
    CommandResult result = answer.join();
    assertThat(result.id()).isEqualTo("c1");
    assertThat(result.response()).isEqualTo(bytes("ok"));
    assertThat(pending.isPending(DEVICE, "c1")).isFalse();
    assertThat(pending.size()).isZero();
  }

  @Test
  void commandIsAnsweredOnlyOnce() {
    pending.register(DEVICE, "c1", LONG);
    assertThat(pending.complete(DEVICE, "c1", bytes("first"))).isEqualTo(ResponseOutcome.ACCEPTED);
    assertThat(pending.complete(DEVICE, "c1", bytes("second"))).isEqualTo(ResponseOutcome.UNKNOWN);
  }

  @Test
  void unknownIdIsUnknown() {
    assertThat(pending.complete(DEVICE, "nope", bytes("x"))).isEqualTo(ResponseOutcome.UNKNOWN);
  }

  @Test
  void answerFromAnotherDeviceIsUnknown() {
    CompletableFuture<CommandResult> answer = pending.register(DEVICE, "c1", LONG);
    assertThat(pending.complete(OTHER, "c1", bytes("x"))).isEqualTo(ResponseOutcome.UNKNOWN);
    assertThat(answer).isNotDone();
  }

  @Test
  void timeoutFailsTheCallerAndALateAnswerIsLate() {
    CompletableFuture<CommandResult> answer = pending.register(DEVICE, "c1", SHORT);
    awaitTimeout(answer);
    assertThat(pending.isPending(DEVICE, "c1")).isFalse();
    assertThat(pending.complete(DEVICE, "c1", bytes("late"))).isEqualTo(ResponseOutcome.LATE);
  }

  @Test
  void lateIsReportedOnceThenUnknown() {
    awaitTimeout(pending.register(DEVICE, "c1", SHORT));
    assertThat(pending.complete(DEVICE, "c1", bytes("late"))).isEqualTo(ResponseOutcome.LATE);
    assertThat(pending.complete(DEVICE, "c1", bytes("again"))).isEqualTo(ResponseOutcome.UNKNOWN);
  }

  @Test
  void onlyTheNewestExpiredIdsAreRemembered() {
    // rememberExpired = 2: the third timeout pushes out the first.
    awaitTimeout(pending.register(DEVICE, "c1", SHORT));
    awaitTimeout(pending.register(DEVICE, "c2", SHORT));
    awaitTimeout(pending.register(DEVICE, "c3", SHORT));
    assertThat(pending.complete(DEVICE, "c1", bytes("x"))).isEqualTo(ResponseOutcome.UNKNOWN);
    assertThat(pending.complete(DEVICE, "c2", bytes("x"))).isEqualTo(ResponseOutcome.LATE);
    assertThat(pending.complete(DEVICE, "c3", bytes("x"))).isEqualTo(ResponseOutcome.LATE);
  }

  @Test
  void answerBeforeTheTimeoutWins() {
    CompletableFuture<CommandResult> answer = pending.register(DEVICE, "c1", LONG);
    pending.complete(DEVICE, "c1", bytes("ok"));
    assertThat(answer.join().response()).isEqualTo(bytes("ok"));
    assertThat(answer).isNotCompletedExceptionally();
  }

  @Test
  void duplicateIdIsRefused() {
    pending.register(DEVICE, "c1", LONG);
    assertThatThrownBy(() -> pending.register(DEVICE, "c1", LONG)).isInstanceOf(IllegalStateException.class);
    // The same id for another device is a different command.
    pending.register(OTHER, "c1", LONG);
    assertThat(pending.size()).isEqualTo(2);
  }

  @Test
  void cancelledCommandFailsWithTheCauseAndIsForgotten() {
    CompletableFuture<CommandResult> answer = pending.register(DEVICE, "c1", LONG);
    pending.cancel(DEVICE, "c1", new DeviceOfflineException(DEVICE.toString()));
    assertThatThrownBy(answer::join).hasCauseInstanceOf(DeviceOfflineException.class);
    assertThat(pending.complete(DEVICE, "c1", bytes("x"))).isEqualTo(ResponseOutcome.UNKNOWN);
  }

  @Test
  void cancelOfAnUnknownCommandDoesNothing() {
    pending.cancel(DEVICE, "nope", new IllegalStateException());
    assertThat(pending.size()).isZero();
  }
}
