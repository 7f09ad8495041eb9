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

  @CommandLine.Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Print no progress on stderr; results still go to stdout and errors to stderr.")
  boolean quiet;

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

  /** "qubitd 0.1.0 (git 1a2b3c4)" from the version file the build filled in; "(git …, modified)" for a changed tree. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      return new String[] {text()};
    }

    static String text() throws java.io.IOException {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in == null) throw new java.io.IOException("version.properties is missing from the jar; rebuild it with mvn package");
        p.load(in);
      }
      String commit = p.getProperty("commit", "");
      // an unfilled placeholder: built outside a git checkout (e.g. from a source archive)
      if (commit.isEmpty() || commit.startsWith("${")) return "qubitd " + p.getProperty("version");
      return "qubitd " + p.getProperty("version") + " (git " + commit + ("true".equals(p.getProperty("modified")) ? ", modified)" : ")");
    }
  }
}
