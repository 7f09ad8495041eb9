package io.qubitd.daemon;

import io.qubitd.api.QubitdClient;
import io.qubitd.api.QubitdException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A qubitd daemon in its own JVM ({@code qubitd serve}), for tests that kill it as an operator would. */
final class DaemonProcess implements AutoCloseable {
  private final Path dataDir;
  private final Path config;
  private final int port;
  private final Path log;
  private Process process;

  DaemonProcess(Path dataDir, String configText) throws IOException {
    this.dataDir = dataDir;
    this.config = dataDir.resolveSibling(dataDir.getFileName() + ".conf");
    Files.writeString(config, configText);
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
  }

  URI url() { return URI.create("http://127.0.0.1:" + port); }

  QubitdClient client() { return new QubitdClient(url(), Duration.ofSeconds(30)); }

  /** Starts the JVM and waits until the daemon answers. */
  void start(Duration timeout) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx2g", "-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector",
        "-Dconfig.file=" + config, "-cp", System.getProperty("java.class.path"), "io.qubitd.cli.Main",
        "serve", "--port", String.valueOf(port), "--data-dir", dataDir.toString()));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    QubitdClient c = client();
    while (true) {
      try {
        c.backends();
        return;
      } catch (QubitdException notYet) {
        if (!process.isAlive()) throw new IllegalStateException("daemon exited " + process.exitValue() + ": " + Files.readString(log));
        if (System.nanoTime() > deadline) throw new IllegalStateException("daemon not ready in " + timeout + ": " + Files.readString(log));
        Thread.sleep(200);
      }
    }
  }

  /** SIGKILL: no shutdown hook, no drain, as when the machine loses the process. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  /** CPU time the JVM has used so far (all threads), zero when the platform does not report it. */
  Duration cpuTime() { return process.info().totalCpuDuration().orElse(Duration.ZERO); }

  String log() throws IOException { return Files.exists(log) ? Files.readString(log) : ""; }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) kill();
  }
}
