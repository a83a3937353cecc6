package io.porta.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code porta sign onenet} against protocols.md §C.1. */
class SignCommandTest {
  private static final String KEY = "EnW4T71eIE55xOIQMN6pFMKuqel5T5HTzsGJRPiDhlM=";
  private static final String RES = "products/238322/devices/mqtts-test-device";

  @Test
  void vectorO1GivesTheOfficialPassword() {
    CliHarness.Result r = CliHarness.run("sign", "onenet", "--key", KEY, "--res", RES, "--et", "7557387130");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().trim())
        .isEqualTo(
            "version=2018-10-31&res=products%2F238322%2Fdevices%2Fmqtts-test-device&et=7557387130"
                + "&method=sha1&sign=Rs0u%2FKnyoK5%2FMuKo5xKa0tW%2BWqY%3D");
  }

  @Test
  void vectorO2WithMd5() {
    CliHarness.Result r =
        CliHarness.run("sign", "onenet", "--key", KEY, "--res", RES, "--et", "7557387130", "--method", "md5");
    assertThat(r.out().trim()).endsWith("&method=md5&sign=9z6sXacZSD2aPEH8lbVPyA%3D%3D");
  }

  @Test
  void vectorO3WithSha256() {
    CliHarness.Result r =
        CliHarness.run("sign", "onenet", "--key", KEY, "--res", RES, "--et", "7557387130", "--method", "sha256");
    assertThat(r.out().trim()).endsWith("&method=sha256&sign=hVAf8QEdu5v4O%2FvqQmyNzkkxVMzvZOpwtrXXmhyGu7M%3D");
  }

  @Test
  void ttlCountsFromNow() {
    CommandLine cli = CliHarness.commandLine();
    CommandLine onenet = cli.getSubcommands().get("sign").getSubcommands().get("onenet");
    SignCommand.OneNet command = onenet.getCommand();
    command.clock = Clock.fixed(Instant.ofEpochSecond(7557387000L), ZoneOffset.UTC);
    java.io.StringWriter out = new java.io.StringWriter();
    cli.setOut(new java.io.PrintWriter(out, true));
    int code = cli.execute("sign", "onenet", "--key", KEY, "--res", RES, "--ttl", "130");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("&et=7557387130&").contains("sign=Rs0u%2FKnyoK5%2FMuKo5xKa0tW%2BWqY%3D");
  }

  @Test
  void expiryIsRequiredAndExclusive() {
    assertThat(CliHarness.run("sign", "onenet", "--key", KEY, "--res", RES).exitCode()).isEqualTo(2);
    assertThat(CliHarness.run("sign", "onenet", "--key", KEY, "--res", RES, "--et", "1", "--ttl", "1").exitCode())
        .isEqualTo(2);
  }

  @Test
  void badMethodOrKeyIsAUsageError() {
    CliHarness.Result r =
        CliHarness.run("sign", "onenet", "--key", KEY, "--res", RES, "--et", "1", "--method", "sha512");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--method");
    r = CliHarness.run("sign", "onenet", "--key", "not base64!", "--res", RES, "--et", "1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--key");
    assertThat(r.out()).isEmpty();
  }
}
