package io.porta.server.cli;

import io.porta.core.dialect.onenet.OneNetToken;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code porta sign …}: device credentials computed offline, no server needed. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = "Compute device credentials offline.",
    subcommands = {SignCommand.OneNet.class})
public final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** A OneNET token (protocols.md A.3), printed as the MQTT password to use. */
  @Command(
      name = "onenet",
      mixinStandardHelpOptions = true,
      description = "Print a OneNET token (the MQTT password) for a product- or device-level key.")
  static final class OneNet implements Callable<Integer> {
    @Option(names = "--key", required = true, paramLabel = "BASE64", description = "The product or device key (base64).")
    String key;

    @Option(
        names = "--res",
        required = true,
        paramLabel = "RES",
        description = "products/{pid} or products/{pid}/devices/{name}.")
    String res;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Expiry expiry;

    @Option(
        names = "--method",
        defaultValue = "sha1",
        paramLabel = "md5|sha1|sha256",
        description = "Signature method (default: ${DEFAULT-VALUE}).")
    String method;

    @Spec CommandSpec spec;

    /** The clock {@code --ttl} counts from; tests fix it. */
    Clock clock = Clock.systemUTC();

    static final class Expiry {
      @Option(names = "--et", paramLabel = "EPOCH_SECONDS", description = "Expiry time, Unix seconds.")
      Long et;

      @Option(names = "--ttl", paramLabel = "SECONDS", description = "Valid for this many seconds from now.")
      Long ttl;
    }

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      if (!method.equals("md5") && !method.equals("sha1") && !method.equals("sha256")) {
        err.println("error: --method must be md5, sha1 or sha256");
        err.flush();
        return 2;
      }
      if (expiry.ttl != null && expiry.ttl <= 0) {
        err.println("error: --ttl must be positive");
        err.flush();
        return 2;
      }
      long et = expiry.et != null ? expiry.et : clock.instant().getEpochSecond() + expiry.ttl;
      String token;
      try {
        token = OneNetToken.sign(res, et, method, key);
      } catch (IllegalArgumentException e) {
        err.println("error: --key must be base64 (" + e.getMessage() + ")");
        err.flush();
        return 2;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(token);
      out.flush();
      return 0;
    }
  }
}
