package io.qubitd.daemon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.qubitd.cluster.ClusterSettings;
import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Scheduler;
import io.qubitd.scheduler.SchedulerSettings;
import io.qubitd.trainer.TrainerManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The long-running daemon: chips, their schedulers and the gateway in one actor system, jobs in the journal;
 * or, with qubitd.cluster.enabled, one node of a cluster whose chips are sharded over its nodes.
 */
public final class Daemon {
  private Daemon() {}

  /**
   * The started daemon: terminate {@code system} to stop it (running chip runs finish first, within the drain timeout).
   * {@code trainer} runs its fine-tuning sessions.
   */
  public record Running(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway,
                        ActorRef<TrainerManager.Command> trainer) {}

  /**
   * Starts the actor system: chips from configuration (qubitd.chips, plus "ideal"), their schedulers,
   * the gateway. With {@code qubitd.daemon.journal = h2} the journal is an H2 file under {@code dataDir}
   * (created if missing); the journal's tables are created if absent. Throws IllegalStateException
   * naming the cause when the journal cannot be opened.
   */
  public static Running start(QubitdConfig config, Path dataDir) {
    Config daemon = config.root().getConfig("qubitd.daemon");
    ClusterSettings cluster = ClusterSettings.fromConfig(config.root().getConfig("qubitd.cluster"));
    Config root = withCluster(withJournal(config.root(), daemon, dataDir), daemon, cluster);
    SchedulerSettings settings = SchedulerSettings.fromConfig(root.getConfig("qubitd.scheduler")).withQasm(config.qasm());
    Duration startTimeout = daemon.getDuration("start-timeout");
    Duration askTimeout = daemon.getDuration("ask-timeout");
    ActorSystem<Guardian.Command> system = ActorSystem.create(cluster.enabled()
        ? ClusterGuardian.create(config, settings, askTimeout, cluster, dataDir)
        : Guardian.create(config, settings, askTimeout, dataDir), "qubitd", root);
    try {
      JournalSchema.createIfNotExists(system, root, startTimeout);
      Guardian.Started started = AskPattern.<Guardian.Command, Guardian.Started>ask(
              system, Guardian.Start::new, startTimeout, system.scheduler())
          .toCompletableFuture().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      // in a cluster, sharding's hand-off drains the chips that leave this node
      if (!cluster.enabled()) drainOnShutdown(system, started.schedulers(), daemon.getDuration("drain-timeout"));
      return new Running(system, started.gateway(), started.trainer());
    } catch (Exception e) {
      system.terminate();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("qubitd could not start its journal in " + dataDir + ": " + cause.getMessage(), e);
    }
  }

  /**
   * With cluster mode on, {@code root} as a cluster node needs it (see {@link ClusterSettings#applyTo});
   * a cluster on per-node H2 files is refused, since a chip's journal must follow it to any node.
   */
  static Config withCluster(Config root, Config daemon, ClusterSettings cluster) {
    if (!cluster.enabled()) return root;
    if (!daemon.getString("journal").equals("configured")) {
      throw new IllegalArgumentException("qubitd.cluster.enabled needs a journal every node shares: set"
          + " qubitd.daemon.journal = configured (QUBITD_JOURNAL=configured) and point"
          + " pekko-persistence-jdbc.shared-databases.qubitd at PostgreSQL (QUBITD_JOURNAL_PROFILE, _DRIVER, _URL, _USER, _PASSWORD)");
    }
    return cluster.applyTo(root);
  }

  /** Points the shared journal database at an H2 file under the data directory, unless configured otherwise. */
  static Config withJournal(Config root, Config daemon, Path dataDir) {
    String journal = daemon.getString("journal");
    if (journal.equals("configured")) return root;
    if (!journal.equals("h2")) {
      throw new IllegalArgumentException("qubitd.daemon.journal must be h2 or configured, got '" + journal + "'");
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
    // WRITE_DELAY=0: a job is acknowledged only once it is on disk, so kill -9 cannot lose it
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("journal") + ";WRITE_DELAY=0";
    return ConfigFactory.empty()
        .withValue("pekko-persistence-jdbc.shared-databases.qubitd.db.url", ConfigValueFactory.fromAnyRef(url))
        .withFallback(root);
  }

  private static void drainOnShutdown(ActorSystem<?> system, List<ActorRef<Scheduler.Command>> schedulers, Duration timeout) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "drain-schedulers", () -> {
      List<CompletableFuture<Done>> drained = new ArrayList<>();
      for (ActorRef<Scheduler.Command> s : schedulers) {
        drained.add(AskPattern.<Scheduler.Command, Done>ask(s, Scheduler.Drain::new, timeout, system.scheduler())
            .toCompletableFuture()
            // a run that does not finish in time is not lost: its circuits are re-run after restart
            .exceptionally(e -> Done.getInstance()));
      }
      return CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new)).thenApply(v -> Done.getInstance());
    });
  }
}
