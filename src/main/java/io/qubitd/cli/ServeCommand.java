package io.qubitd.cli;

import io.qubitd.api.ApiSettings;
import io.qubitd.api.HttpApi;
import io.qubitd.config.QubitdConfig;
import io.qubitd.daemon.Daemon;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.trainer.TrainerManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qubitd serve}: starts the daemon and its HTTP API, and runs until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the qubitd daemon: HTTP/JSON and WebSocket API on --host:--port, jobs journaled in --data-dir."
        + " Stops cleanly on SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = "--host", description = "Address to listen on (default qubitd.api.host, 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "TCP port; 0 picks a free one (default qubitd.api.port, 8080).")
  Integer port;

  @Option(names = "--data-dir", description = "Directory of the job journal (default qubitd.daemon.data-dir, 'data' under qubitd.home).")
  Path dataDir;

  @Override
  public Integer call() throws IOException {
    QubitdConfig config = QubitdConfig.load();
    ApiSettings api = ApiSettings.fromConfig(config.root());
    api = api.withAddress(host != null ? host : api.host(), port != null ? port : api.port());
    if (api.port() < 0 || api.port() > 65535) throw new IllegalArgumentException("--port must be within 0..65535, got " + api.port());
    Path dir = dataDir != null ? dataDir : defaultDataDir(config);
    Files.createDirectories(dir);
    Daemon.Running running = Daemon.start(config, dir);
    return serve(running.system(), running.gateway(), running.trainer(), api);
  }

  /**
   * Binds the API in front of {@code gateway} and {@code trainer}, logs where it listens, and blocks until {@code system}
   * terminates (CoordinatedShutdown, run by Pekko's JVM shutdown hook on SIGTERM). Returns the exit code.
   */
  static int serve(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway,
      ActorRef<TrainerManager.Command> trainer, ApiSettings api) {
    listen(system, gateway, trainer, api);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> exitZeroOnceStopped(system, api), "qubitd-exit"));
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  /**
   * On SIGTERM the JVM exits 143 once its shutdown hooks finish, Pekko's CoordinatedShutdown among
   * them. A daemon that stopped cleanly should exit 0, so this hook waits for the actor system and
   * halts with 0; if the system does not stop within qubitd.api.shutdown-timeout, the exit stays 143.
   */
  private static void exitZeroOnceStopped(ActorSystem<?> system, ApiSettings api) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(api.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException e) {
      return;
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }

  /** Binds the API and logs the address; a port that cannot be bound terminates {@code system} and is an error naming it. */
  static ServerBinding listen(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway,
      ActorRef<TrainerManager.Command> trainer, ApiSettings api) {
    ServerBinding binding;
    try {
      binding = HttpApi.bind(system, gateway, trainer, api).toCompletableFuture().get();
    } catch (ExecutionException | CompletionException e) {
      system.terminate();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException("cannot listen on " + api.host() + ":" + api.port() + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new IllegalStateException("interrupted while binding " + api.host() + ":" + api.port(), e);
    }
    InetSocketAddress at = binding.localAddress();
    LOG.info("qubitd listening on http://{}:{}/v1", at.getHostString(), at.getPort());
    return binding;
  }

  /** qubitd.daemon.data-dir, resolved against qubitd.home when relative and that property is set. */
  static Path defaultDataDir(QubitdConfig config) {
    Path p = Path.of(config.root().getString("qubitd.daemon.data-dir"));
    if (p.isAbsolute()) return p;
    String home = System.getProperty("qubitd.home");
    return home == null ? p : Path.of(home).resolve(p);
  }
}
