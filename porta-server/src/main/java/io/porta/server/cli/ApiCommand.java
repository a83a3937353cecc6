package io.porta.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * An administrative subcommand: one REST call, its JSON printed to stdout; a failure printed to
 * stderr with exit code 1.
 */
abstract class ApiCommand implements Callable<Integer> {
  @Mixin ApiClientOptions api;

  @Spec CommandSpec spec;

  /** The environment defaults come from; tests replace it. */
  Map<String, String> env = System.getenv();

  @Override
  public final Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ApiClient.Target target;
    try {
      target = api.resolve(env);
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
    try {
      ApiClient.Response response = request(new ApiClient(target));
      return ApiClient.print(response, spec.commandLine().getOut(), err);
    } catch (ConnectException e) {
      err.println("error: cannot reach the server at " + target.url() + " (is it running?)");
    } catch (HttpTimeoutException e) {
      err.println("error: no answer from " + target.url() + " in time");
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: request to " + target.url() + " failed: " + e.getMessage());
    }
    err.flush();
    return 1;
  }

  /** Makes the call. */
  abstract ApiClient.Response request(ApiClient client) throws IOException;
}
