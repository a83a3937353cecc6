package io.porta.server.cli;

import io.porta.core.dialect.aliyun.AliyunClientId;
import io.porta.core.dialect.aliyun.AliyunSign;
import io.porta.core.dialect.onenet.OneNetToken;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code porta sign …}: device credentials computed offline, no server needed. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = "Compute device credentials offline.",
    subcommands = {SignCommand.OneNet.class, SignCommand.Aliyun.class})
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

  /**
   * Alibaba MQTT credentials (protocols.md B.2), printed as the {@code connection} endpoint gives them:
   * {@code {"clientId","username","password"}}.
   */
  @Command(
      name = "aliyun",
      mixinStandardHelpOptions = true,
      description = "Print Alibaba MQTT clientId, username and password for a device.")
  static final class Aliyun implements Callable<Integer> {
    private static final Set<String> METHODS = Set.of("hmacmd5", "hmacsha1", "hmacsha256");

    @Option(names = "--product-key", required = true, paramLabel = "PK", description = "The productKey.")
    String productKey;

    @Option(names = "--device-name", required = true, paramLabel = "DN", description = "The deviceName.")
    String deviceName;

    @Option(names = "--device-secret", required = true, paramLabel = "SECRET", description = "The deviceSecret.")
    String deviceSecret;

    @Option(
        names = "--client-id",
        paramLabel = "ID",
        description = "The id before the first '|' (default: PK.DN, as the C SDK and the connection endpoint; "
            + "empty: left out of the signature).")
    String clientId;

    @Option(
        names = "--signmethod",
        defaultValue = "hmacsha256",
        paramLabel = "hmacmd5|hmacsha1|hmacsha256",
        description = "Signature method (default: ${DEFAULT-VALUE}).")
    String signMethod;

    @Option(
        names = "--securemode",
        defaultValue = "2",
        paramLabel = "N",
        description = "securemode in the clientId: 2 TLS, 3 plain TCP (default: ${DEFAULT-VALUE}; informational).")
    int secureMode;

    @ArgGroup(exclusive = true)
    Timestamp timestamp;

    @Spec CommandSpec spec;

    /** The clock the default timestamp is read from; tests fix it. */
    Clock clock = Clock.systemUTC();

    static final class Timestamp {
      @Option(names = "--timestamp", paramLabel = "T", description = "The timestamp to sign (default: now, in ms).")
      Long value;

      @Option(names = "--no-timestamp", description = "Sign without a timestamp (B.2.2: it is optional).")
      boolean omitted;
    }

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      String method = signMethod.toLowerCase(Locale.ROOT);
      if (!METHODS.contains(method)) {
        return usageError(err, "--signmethod must be hmacmd5, hmacsha1 or hmacsha256");
      }
      String id = clientId != null ? clientId : productKey + "." + deviceName;
      // The id ends at the first '|' and the parameters are split at ','.
      if (id.indexOf('|') >= 0 || id.indexOf(',') >= 0) {
        return usageError(err, "--client-id must not contain '|' or ','");
      }
      if (id.length() > AliyunClientId.MAX_ID_LENGTH) {
        return usageError(err, "--client-id has at most " + AliyunClientId.MAX_ID_LENGTH + " characters");
      }
      if (deviceName.indexOf('&') >= 0) {
        return usageError(err, "--device-name must not contain '&' (the username is DN&PK)");
      }
      String ts = null;
      if (timestamp == null) {
        ts = Long.toString(clock.millis());
      } else if (!timestamp.omitted) {
        ts = Long.toString(timestamp.value);
      }
      // B.2.2: every supplied parameter is signed; an empty clientId is left out, as the server does.
      Map<String, String> params = new LinkedHashMap<>();
      if (!id.isEmpty()) {
        params.put("clientId", id);
      }
      params.put("deviceName", deviceName);
      params.put("productKey", productKey);
      StringBuilder extensions =
          new StringBuilder("securemode=").append(secureMode).append(",signmethod=").append(method);
      if (ts != null) {
        params.put("timestamp", ts);
        extensions.append(",timestamp=").append(ts);
      }
      ObjectNode out = ApiClient.mapper().createObjectNode();
      out.put("clientId", id + "|" + extensions + "|");
      out.put("username", deviceName + "&" + productKey);
      out.put("password", AliyunSign.sign(method, deviceSecret, params));
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(ApiClient.mapper().writeValueAsString(out));
      stdout.flush();
      return 0;
    }

    private static int usageError(PrintWriter err, String message) {
      err.println("error: " + message);
      err.flush();
      return 2;
    }
  }
}
