package io.porta.server;

import io.porta.server.cli.DeviceCommand;
import io.porta.server.cli.ProductCommand;
import io.porta.server.cli.SendCommand;
import io.porta.server.cli.SignCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code porta} command: {@code server} (the default) and the administrative subcommands. */
@Command(
    name = "porta",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Porta: self-hosted device access for OneNET and Alibaba Cloud IoT devices.",
    subcommands = {
      ServerCommand.class,
      ProductCommand.class,
      DeviceCommand.class,
      SendCommand.class,
      SignCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line; with no subcommand (or only server options) it starts the server. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    if (args.length == 0 || (args[0].startsWith("-") && !isTopLevelOption(args[0]))) {
      String[] withServer = new String[args.length + 1];
      withServer[0] = "server";
      System.arraycopy(args, 0, withServer, 1, args.length);
      args = withServer;
    }
    return cli.execute(args);
  }

  private static boolean isTopLevelOption(String arg) {
    return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"porta " + (v == null ? "development build" : v)};
    }
  }
}
