package io.porta.server.cli;

import static io.porta.server.cli.ApiClient.segment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code porta device create|list|show} over the REST API (api.md "Devices"). */
@Command(
    name = "device",
    mixinStandardHelpOptions = true,
    description = "Manage devices on a running server.",
    subcommands = {DeviceCommand.Create.class, DeviceCommand.ListDevices.class, DeviceCommand.Show.class})
public final class DeviceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  static String devicesPath(String productId) {
    return "/api/v1/products/" + segment(productId) + "/devices";
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Register a device; prints it with its secret.")
  static final class Create extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PID", description = "Product id.")
    String productId;

    @Parameters(index = "1", paramLabel = "NAME", description = "Device name (4–64 of letters, digits, _-.@:).")
    String name;

    @Option(names = "--secret", description = "Device key (default: generated).")
    String secret;

    @Override
    ApiClient.Response request(ApiClient client) throws IOException {
      ObjectNode body = ApiClient.mapper().createObjectNode();
      body.put("name", name);
      if (secret != null) {
        body.put("secret", secret);
      }
      return client.post(devicesPath(productId), body);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a product's devices.")
  static final class ListDevices extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PID", description = "Product id.")
    String productId;

    @Option(names = "--online", arity = "1", paramLabel = "true|false", description = "Only online (true) or offline (false) devices.")
    Boolean online;

    @Option(names = "--offset", description = "Skip this many devices.")
    Integer offset;

    @Option(names = "--limit", description = "At most this many devices (server default 100, max 1000).")
    Integer limit;

    @Override
    ApiClient.Response request(ApiClient client) throws IOException {
      List<String> query = new ArrayList<>();
      if (online != null) {
        query.add("online=" + online);
      }
      if (offset != null) {
        query.add("offset=" + offset);
      }
      if (limit != null) {
        query.add("limit=" + limit);
      }
      return client.get(devicesPath(productId) + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a device and its connection state.")
  static final class Show extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PID", description = "Product id.")
    String productId;

    @Parameters(index = "1", paramLabel = "NAME", description = "Device name.")
    String name;

    @Override
    ApiClient.Response request(ApiClient client) throws IOException {
      return client.get(devicesPath(productId) + "/" + segment(name));
    }
  }
}
