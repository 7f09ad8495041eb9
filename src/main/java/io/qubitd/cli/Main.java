package io.qubitd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The qubitd command line: a thin entry point; each subcommand is its own class. */
@Command(
    name = "qubitd",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "An emulator of a superconducting quantum processor.",
    subcommands = {RunCommand.class, ChipCommand.class, ServeCommand.class, SubmitCommand.class, CalibrateCommand.class,
        BenchCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      // the kernel's SIMD loops use the Vector API, an incubator module the JVM only loads when asked
      System.err.println("qubitd: start the JVM with --add-modules jdk.incubator.vector (bin/qubitd does)");
      System.exit(1);
    }
    // Bind SLF4J to Logback here, on one thread: when the actor system's threads log while another
    // thread is still binding, SLF4J queues their calls and prints three SLF4J(W) lines replaying them.
    org.slf4j.LoggerFactory.getILoggerFactory();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by main and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new UserErrors());
    return cl;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /**
   * Prints an error as one line on stderr, never a stack trace (set -Dqubitd.debug=true for one);
   * exit code 1. Errors a user can cause carry their own message; anything else is named as internal.
   */
  static final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
      String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      boolean userError = ex instanceof IllegalArgumentException
          || ex instanceof io.qubitd.circuit.qasm.QasmException
          || ex instanceof com.typesafe.config.ConfigException
          || ex instanceof io.qubitd.api.QubitdException
          || ex instanceof java.io.IOException;
      if (!userError) msg = "internal error (" + ex.getClass().getName() + "): " + msg;
      cl.getErr().println("qubitd " + cl.getCommandName() + ": " + msg.replace('\n', ' '));
      if (Boolean.getBoolean("qubitd.debug")) ex.printStackTrace(cl.getErr());
      return 1;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"qubitd " + (v == null ? "development build" : v)};
    }
  }
}
