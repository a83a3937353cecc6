package io.porta.core.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.session.DisconnectReason;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The metric reason of a refused CONNECT ({@code porta_auth_failures_total{reason}}). */
class ConnectRefusalTest {
  @Test
  void factoriesNameTheirReason() {
    assertThat(ConnectRefusal.badCredentials("x").failure()).isEqualTo(AuthFailure.BAD_CREDENTIALS);
    assertThat(ConnectRefusal.unknownDevice("x").failure()).isEqualTo(AuthFailure.UNKNOWN_DEVICE);
    assertThat(ConnectRefusal.expired("x").failure()).isEqualTo(AuthFailure.EXPIRED);
    assertThat(ConnectRefusal.disabled("x").failure()).isEqualTo(AuthFailure.DISABLED);
    assertThat(ConnectRefusal.notAuthorized("x").failure()).isEqualTo(AuthFailure.NOT_AUTHORIZED);
    assertThat(ConnectRefusal.protocol("x").failure()).isEqualTo(AuthFailure.PROTOCOL);
  }

  @Test
  void finerReasonsKeepTheConnackTheDeviceSees() {
    // Unknown names and expired tokens look like bad credentials on the wire (A.4).
    assertThat(ConnectRefusal.unknownDevice("x").connackCode()).isEqualTo(ConnectRefusal.BAD_USERNAME_OR_PASSWORD);
    assertThat(ConnectRefusal.expired("x").connackCode()).isEqualTo(ConnectRefusal.BAD_USERNAME_OR_PASSWORD);
    assertThat(ConnectRefusal.disabled("x").connackCode()).isEqualTo(ConnectRefusal.NOT_AUTHORIZED);
    assertThat(ConnectRefusal.disabled("x").reason()).isEqualTo(DisconnectReason.AUTH_FAILED);
  }

  @Test
  void withoutAFinerReasonItFollowsTheCodeAndTheDisconnectReason() {
    assertThat(refusal(ConnectRefusal.UNACCEPTABLE_PROTOCOL_VERSION, DisconnectReason.CONNECT_REFUSED))
        .isEqualTo(AuthFailure.UNSUPPORTED_PROTOCOL);
    assertThat(refusal(ConnectRefusal.IDENTIFIER_REJECTED, DisconnectReason.CONNECT_REFUSED))
        .isEqualTo(AuthFailure.IDENTIFIER_REJECTED);
    assertThat(refusal(ConnectRefusal.SERVER_UNAVAILABLE, DisconnectReason.INTERNAL_ERROR))
        .isEqualTo(AuthFailure.ERROR);
    assertThat(refusal(ConnectRefusal.BAD_USERNAME_OR_PASSWORD, DisconnectReason.AUTH_FAILED))
        .isEqualTo(AuthFailure.BAD_CREDENTIALS);
    assertThat(refusal(ConnectRefusal.NOT_AUTHORIZED, DisconnectReason.AUTH_FAILED))
        .isEqualTo(AuthFailure.NOT_AUTHORIZED);
    assertThat(refusal(ConnectRefusal.NOT_AUTHORIZED, DisconnectReason.BANNED)).isEqualTo(AuthFailure.BANNED);
    assertThat(refusal(ConnectRefusal.NOT_AUTHORIZED, DisconnectReason.DEVICE_DISABLED))
        .isEqualTo(AuthFailure.DISABLED);
    assertThat(refusal(ConnectRefusal.NO_CONNACK, DisconnectReason.RATE_LIMIT)).isEqualTo(AuthFailure.RATE_LIMITED);
    assertThat(refusal(ConnectRefusal.NO_CONNACK, DisconnectReason.PROTOCOL_VIOLATION))
        .isEqualTo(AuthFailure.PROTOCOL);
    assertThat(refusal(ConnectRefusal.NO_CONNACK, DisconnectReason.STORE_FAILURE)).isEqualTo(AuthFailure.ERROR);
    assertThat(refusal(42, DisconnectReason.AUTH_FAILED)).isEqualTo(AuthFailure.ERROR);
  }

  @Test
  void labelsAreAFixedSetOfPrometheusFriendlyWords() {
    Pattern label = Pattern.compile("[a-z][a-z_]*");
    Set<String> labels = Arrays.stream(AuthFailure.values()).map(AuthFailure::label).collect(Collectors.toSet());
    assertThat(labels).hasSize(AuthFailure.values().length).allMatch(l -> label.matcher(l).matches());
    assertThat(labels)
        .contains(
            "bad_credentials", "unknown_device", "disabled", "expired", "not_authorized", "banned",
            "tls_required", "rate_limited", "error");
  }

  private static AuthFailure refusal(int code, DisconnectReason reason) {
    return new ConnectRefusal(code, reason, "detail").failure();
  }
}
