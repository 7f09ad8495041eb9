package io.qubitd.daemon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.Scheduler;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Three qubitd nodes in their own JVMs on loopback ports, journalling into the PostgreSQL named by
 * QUBITD_TEST_PG_URL, QUBITD_TEST_PG_USER and QUBITD_TEST_PG_PASSWORD (.ci/postgres.sh sets one up).
 */
final class ClusterNodes implements AutoCloseable {
  static final String URL = System.getenv("QUBITD_TEST_PG_URL");
  static final String USER = System.getenv("QUBITD_TEST_PG_USER");
  static final String PASSWORD = System.getenv("QUBITD_TEST_PG_PASSWORD");
  static final String SKIP = "multi-node cluster tests need PostgreSQL: run `eval \"$(.ci/postgres.sh)\"` to set"
      + " QUBITD_TEST_PG_URL, QUBITD_TEST_PG_USER and QUBITD_TEST_PG_PASSWORD";
  static final List<String> BACKENDS = List.of("ideal", "wukong72", "grid2x3", "line20");
  private static final Pattern MOVE = Pattern.compile("backend (\\S+) (started|stopped) on");

  static boolean available() { return URL != null && USER != null && PASSWORD != null; }

  private final Path dir;
  private final int[] remotePorts = new int[3];
  private final DaemonProcess[] nodes = new DaemonProcess[3];
  private final int[] generation = new int[3];
  private final boolean workPulling;
  private final int[] workers;

  private final String extraConfig;

  /** As configured by default: work-pulling, two simulation workers on each node. */
  ClusterNodes(Path dir) throws Exception {
    this(dir, true, new int[] {2, 2, 2}, "");
  }

  /**
   * With {@code workPulling}, chip runs simulate on the cluster's workers, {@code workers[i]} of them
   * on node i; {@code extraConfig} goes into every node's configuration.
   */
  ClusterNodes(Path dir, boolean workPulling, int[] workers, String extraConfig) throws Exception {
    this.dir = dir;
    this.workPulling = workPulling;
    this.workers = workers.clone();
    this.extraConfig = extraConfig;
    for (int i = 0; i < 3; i++) remotePorts[i] = freePort();
    dropJournal();
  }

  String config(int node) {
    String seeds = "pekko://qubitd@127.0.0.1:" + remotePorts[0] + ",pekko://qubitd@127.0.0.1:" + remotePorts[1]
        + ",pekko://qubitd@127.0.0.1:" + remotePorts[2];
    return """
        qubitd.chips = [wukong72, grid2x3, line20]
        qubitd.calibration.enabled = false
        qubitd.kernel.threads = 1
        # three JVMs share two cores here: give a request routed through sharding time to be answered
        qubitd.api.ask-timeout = 30s
        qubitd.cluster { enabled = true, port = %d, seed-nodes = "%s", work-pulling = %b,
          simulation-workers = %d, region-timeout = 15s, handoff-drain = 10s }
        qubitd.scheduler { run-timeout = 20s, retry-delay = 1s, max-circuits-per-run = 4 }
        pekko.cluster.split-brain-resolver.stable-after = 4s
        %s
        %s
        """.formatted(remotePorts[node], seeds, workPulling, workers[node], journal(), extraConfig);
  }

  static String journal() {
    return """
        qubitd.daemon.journal = configured
        pekko-persistence-jdbc.shared-databases.qubitd {
          profile = "slick.jdbc.PostgresProfile$"
          db { url = "%s", driver = "org.postgresql.Driver", user = "%s", password = "%s" }
        }
        """.formatted(URL, USER, PASSWORD);
  }

  /** Starts (or restarts) node {@code i} and waits until its HTTP API answers. */
  DaemonProcess start(int i) throws Exception {
    DaemonProcess p = new DaemonProcess(dir.resolve("node" + i + "-" + (++generation[i])), config(i));
    nodes[i] = p;
    p.start(Duration.ofSeconds(90));
    return p;
  }

  /** Starts all three nodes at once. */
  void startAll() throws Exception {
    List<java.util.concurrent.CompletableFuture<DaemonProcess>> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      started.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return start(n);
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }));
    }
    for (var f : started) f.join();
  }

  DaemonProcess node(int i) { return nodes[i]; }

  boolean alive(int i) { return nodes[i] != null; }

  void killed(int i) { nodes[i] = null; }

  /** The live node whose log last says the backend started there, or -1. */
  int host(String backend) throws IOException {
    int host = -1;
    for (int i = 0; i < 3; i++) {
      if (nodes[i] == null) continue;
      String last = null;
      Matcher m = MOVE.matcher(nodes[i].log());
      while (m.find()) if (m.group(1).equals(backend)) last = m.group(2);
      if ("started".equals(last)) host = i;
    }
    return host;
  }

  /** How many times the log of node {@code i} (this generation) says {@code backend} started there. */
  int starts(int i, String backend) throws IOException {
    int n = 0;
    Matcher m = MOVE.matcher(nodes[i].log());
    while (m.find()) if (m.group(1).equals(backend) && m.group(2).equals("started")) n++;
    return n;
  }

  /** Every JobAccepted and JobCompleted in the shared journal, counted per job id. */
  static Map<String, int[]> journalCounts() throws Exception {
    Config root = ConfigFactory.parseString(journal()).withFallback(QubitdConfig.loadRoot()).resolve();
    ActorTestKit kit = ActorTestKit.create("journal-reader", root);
    Map<String, int[]> counts = new HashMap<>();
    try {
      JdbcReadJournal journal = PersistenceQuery.get(kit.system()).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
      for (String backend : BACKENDS) {
        List<EventEnvelope> events = journal.currentEventsByPersistenceId(Scheduler.persistenceId(backend).id(), 0, Long.MAX_VALUE)
            .runWith(Sink.seq(), kit.system()).toCompletableFuture().get();
        for (EventEnvelope env : events) {
          if (env.event() instanceof Scheduler.JobAccepted a) counts.computeIfAbsent(a.id(), k -> new int[2])[0]++;
          if (env.event() instanceof Scheduler.JobCompleted c) counts.computeIfAbsent(c.jobId(), k -> new int[2])[1]++;
        }
      }
    } finally {
      kit.shutdownTestKit();
    }
    return counts;
  }

  private static void dropJournal() throws Exception {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS event_tag, event_journal, snapshot, durable_state CASCADE");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The nodes up now (a copy: the list does not change when a node is stopped later). */
  List<DaemonProcess> liveNodes() {
    List<DaemonProcess> l = new ArrayList<>();
    for (DaemonProcess p : nodes) if (p != null) l.add(p);
    return l;
  }

  List<Integer> live() {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < 3; i++) if (nodes[i] != null) l.add(i);
    return l;
  }

  @Override
  public void close() throws Exception {
    for (DaemonProcess p : nodes) if (p != null) p.close();
  }
}
