package io.porta.server.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code porta product create|list} over the REST API (api.md "Products"). */
@Command(
    name = "product",
    mixinStandardHelpOptions = true,
    description = "Manage products on a running server.",
    subcommands = {ProductCommand.Create.class, ProductCommand.ListProducts.class})
public final class ProductCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a product; prints it with its secret.")
  static final class Create extends ApiCommand {
    @Option(names = "--name", required = true, description = "Display name.")
    String name;

    @Option(names = "--dialect", required = true, description = "onenet or aliyun.")
    String dialect;

    @Option(names = "--id", description = "Product id (default: generated).")
    String id;

    @Override
    ApiClient.Response request(ApiClient client) throws IOException {
      ObjectNode body = ApiClient.mapper().createObjectNode();
      body.put("name", name);
      body.put("dialect", dialect);
      if (id != null) {
        body.put("id", id);
      }
      return client.post("/api/v1/products", body);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List products.")
  static final class ListProducts extends ApiCommand {
    @Override
    ApiClient.Response request(ApiClient client) throws IOException {
      return client.get("/api/v1/products");
    }
  }
}
