package io.porta.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The subcommands' arguments parse as api.md "Running" and the launcher describe them. */
class CliParsingTest {

  private static <T> T leaf(String... args) {
    ParseResult r = CliHarness.commandLine().parseArgs(args);
    while (r.hasSubcommand()) {
      r = r.subcommand();
    }
    return r.commandSpec().commandLine().getCommand();
  }

  @Test
  void productCreate() {
    ProductCommand.Create c = leaf("product", "create", "--name", "Meters", "--dialect", "onenet", "--id", "238322");
    assertThat(c.name).isEqualTo("Meters");
    assertThat(c.dialect).isEqualTo("onenet");
    assertThat(c.id).isEqualTo("238322");
    assertThat(c.api.url).isNull();
  }

  @Test
  void productCreateNeedsNameAndDialect() {
    assertThatThrownBy(() -> CliHarness.commandLine().parseArgs("product", "create", "--name", "x"))
        .isInstanceOf(CommandLine.MissingParameterException.class);
  }

  @Test
  void productListTakesClientOptions() {
    ProductCommand.ListProducts c =
        leaf("product", "list", "--url", "http://h:1", "--token", "t", "--data-dir", "/srv/porta");
    assertThat(c.api.url).isEqualTo("http://h:1");
    assertThat(c.api.token).isEqualTo("t");
    assertThat(c.api.dataDir).isEqualTo(Path.of("/srv/porta"));
  }

  @Test
  void deviceCreateListShow() {
    DeviceCommand.Create create = leaf("device", "create", "p1", "meter-0001", "--secret", "S");
    assertThat(List.of(create.productId, create.name, create.secret)).containsExactly("p1", "meter-0001", "S");
    DeviceCommand.ListDevices list = leaf("device", "list", "p1", "--online", "true", "--limit", "5");
    assertThat(list.productId).isEqualTo("p1");
    assertThat(list.online).isTrue();
    assertThat(list.limit).isEqualTo(5);
    DeviceCommand.Show show = leaf("device", "show", "p1", "meter-0001");
    assertThat(show.name).isEqualTo("meter-0001");
  }

  @Test
  void commandTakesPayloadTimeoutAndBase64() {
    SendCommand c = leaf("command", "p1", "meter-0001", "AQID", "--timeout-ms", "2000", "--base64");
    assertThat(c.productId).isEqualTo("p1");
    assertThat(c.name).isEqualTo("meter-0001");
    assertThat(c.payload).isEqualTo("AQID");
    assertThat(c.timeoutMs).isEqualTo(2000L);
    assertThat(c.base64).isTrue();
    SendCommand plain = leaf("command", "p1", "meter-0001", "reboot");
    assertThat(plain.base64).isFalse();
    assertThat(plain.timeoutMs).isNull();
  }

  @Test
  void signOnenetOptions() {
    SignCommand.OneNet c = leaf("sign", "onenet", "--key", "K", "--res", "products/1", "--ttl", "60");
    assertThat(c.method).isEqualTo("sha1");
    assertThat(c.expiry.ttl).isEqualTo(60L);
    assertThat(c.expiry.et).isNull();
  }

  @Test
  void groupCommandWithoutSubcommandPrintsUsage() {
    CliHarness.Result r = CliHarness.run("product");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("create").contains("list");
  }
}
