package dev.warpcache.cli;

import dev.warpcache.cli.shm.ShmCommand;
import dev.warpcache.cli.sim.SimCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code warp} command, entry point of the warp-cache command line. Each job is a subcommand;
 * {@code warp demo} is the main one.
 */
@Command(
    name = "warp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "warp-cache: a thread-safe memoizing cache with SIEVE eviction and TTL.",
    subcommands = {
      DemoCommand.class,
      SimCommand.class,
      ShmCommand.class,
      CommandLine.HelpCommand.class
    })
public final class WarpCli implements Runnable {

  @Spec private CommandSpec spec;

  /** Creates the top-level command; picocli fills in its fields. */
  public WarpCli() {}

  /**
   * Builds the command line with every subcommand, ready to {@link CommandLine#execute execute}.
   *
   * @return a new command line for {@code warp}
   */
  public static CommandLine commandLine() {
    return new CommandLine(new WarpCli());
  }

  /**
   * Runs {@code warp} with the given arguments and exits with the command's exit code.
   *
   * @param args the command-line arguments, for example {@code demo --delay-ms 10}
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Without a subcommand there is nothing to do: reports that as a usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: try 'warp demo' or 'warp help'");
  }
}
