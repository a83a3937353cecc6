package io.porta.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs the CLI subcommands as the launcher does and captures what they print. */
final class CliHarness {
  /** The same subcommands as the launcher's {@code porta} command (minus {@code server}). */
  @Command(
      name = "porta",
      subcommands = {ProductCommand.class, DeviceCommand.class, SendCommand.class, SignCommand.class})
  static final class Root {}

  record Result(int exitCode, String out, String err) {}

  private CliHarness() {}

  static CommandLine commandLine() {
    return new CommandLine(new Root());
  }

  static Result run(Map<String, String> env, String... args) {
    CommandLine cli = commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    setEnv(cli, env);
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return run(Map.of(), args);
  }

  private static void setEnv(CommandLine cli, Map<String, String> env) {
    if (cli.getCommand() instanceof ApiCommand c) {
      c.env = env;
    }
    for (CommandLine sub : cli.getSubcommands().values()) {
      setEnv(sub, env);
    }
  }
}
