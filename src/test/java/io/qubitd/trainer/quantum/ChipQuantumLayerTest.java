package io.qubitd.trainer.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.config.QubitdConfig;
import io.qubitd.daemon.Daemon;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs.JobInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chip mode against an in-process daemon with the noisy 6-qubit grid2x3 chip. */
class ChipQuantumLayerTest {
  /** grid2x3's readout and gate errors of a few percent move ⟨Z⟩ by well under this; shot noise at 2000 shots is ≈ 0.02. */
  static final double NOISE_BOUND = 0.25;
  static final IdealSimulator SIM = new IdealSimulator(KernelSettings.defaults());

  static Daemon.Running daemon;
  static QuantumSettings settings;

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createTempDirectory("qubitd-qlayer");
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString("""
        qubitd.chips = [grid2x3]
        qubitd.calibration.enabled = false
        """).withFallback(QubitdConfig.loadRoot()).resolve());
    daemon = Daemon.start(config, data);
    settings = QuantumSettings.fromConfig(config.root().getConfig("qubitd.trainer.quantum")).withBackend("grid2x3").withShots(2000);
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.system().terminate();
    daemon.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void expectationsOfAFewRowsComeBackShapedAndNearExact() {
    LayerAnsatz a = new LayerAnsatz(2, 1);
    SplittableRandom rng = new SplittableRandom(3);
    double[][] u = new double[3][];
    for (int b = 0; b < u.length; b++) u[b] = ExactQuantumLayerTest.random(rng, 2);
    double[] theta = ExactQuantumLayerTest.random(rng, a.numParameters());
    ChipEstimator jobs = new ChipEstimator(daemon.system(), daemon.gateway(), settings);
    ShiftRuleLayer chip = new ShiftRuleLayer(a, jobs);
    double[][] z = chip.forward(u, theta);
    double[][] exact = new ExactQuantumLayer(a).forward(u, theta);
    assertEquals(3, z.length);
    for (int b = 0; b < 3; b++) {
      assertEquals(2, z[b].length);
      for (int i = 0; i < 2; i++) assertEquals(exact[b][i], z[b][i], NOISE_BOUND, "row " + b + " qubit " + i);
    }
    assertEquals(3, chip.circuitsEvaluated());
    assertEquals(1, jobs.jobsSubmitted());
  }

  @Test
  void gradientCircuitsGoAsJobsOfAtMostTwoHundredAndGradientsTrackExact() throws Exception {
    LayerAnsatz a = new LayerAnsatz(2, 1);
    SplittableRandom rng = new SplittableRandom(4);
    double[][] u = new double[8][];
    double[][] g = new double[8][];
    for (int b = 0; b < u.length; b++) {
      u[b] = ExactQuantumLayerTest.random(rng, 2);
      g[b] = new double[] {1, 1};
    }
    double[] theta = ExactQuantumLayerTest.random(rng, a.numParameters());
    QuantumSettings few = settings.withShots(200);
    String client = "qlayer-test-" + System.nanoTime();
    ChipEstimator jobs = new ChipEstimator(daemon.system(), daemon.gateway(),
        new QuantumSettings(few.shots(), few.seed(), few.backend(), few.circuitsPerJob(), few.jobsInFlight(),
            few.pollInterval(), few.jobTimeout(), client));
    ShiftRuleLayer chip = new ShiftRuleLayer(a, jobs);
    QuantumLayer.Gradients grads = chip.backward(u, theta, g);
    int circuits = 8 * ParameterShiftGradients.circuitsPerRow(a);
    assertEquals(224, circuits);
    assertEquals(circuits, chip.circuitsEvaluated());
    assertEquals(2, jobs.jobsSubmitted());

    List<JobInfo> mine = jobsOf(client);
    assertEquals(2, mine.size());
    assertTrue(mine.stream().allMatch(j -> j.circuits() <= 200), mine.toString());
    assertEquals(circuits, mine.stream().mapToInt(JobInfo::circuits).sum());

    // dL/dθ sums 8 rows: shots scatter each angle by ≈ √8·√½·2/√200 ≈ 0.3 and noise shrinks ⟨Z⟩, so ask only
    // that the chip's gradient points the exact one's way
    QuantumLayer.Gradients exact = new ExactQuantumLayer(a).backward(u, theta, g);
    double dot = 0, ne = 0, nc = 0;
    for (int k = 0; k < theta.length; k++) {
      dot += exact.theta()[k] * grads.theta()[k];
      ne += exact.theta()[k] * exact.theta()[k];
      nc += grads.theta()[k] * grads.theta()[k];
    }
    assertTrue(dot / Math.sqrt(ne * nc) > 0.8, "chip gradient should point along the exact one: cosine " + dot / Math.sqrt(ne * nc));
  }

  @Test
  void withOneJobInFlightEachJobIsSubmittedOnlyAfterThePreviousOneFinished() throws Exception {
    String client = "qlayer-serial-" + System.nanoTime();
    QuantumSettings serial = new QuantumSettings(100, 1, "grid2x3", 10, 1, settings.pollInterval(), settings.jobTimeout(), client);
    ShiftRuleLayer chip = new ShiftRuleLayer(new LayerAnsatz(2, 1), new ChipEstimator(daemon.system(), daemon.gateway(), serial));
    double[][] u = new double[30][];
    for (int b = 0; b < u.length; b++) u[b] = new double[] {0.1 * b, -0.05 * b};
    assertEquals(30, chip.forward(u, new double[8]).length);
    List<JobInfo> jobs = jobsOf(client);
    assertEquals(3, jobs.size());
    jobs = jobs.stream().sorted(Comparator.comparing(JobInfo::submitted)).toList();
    for (int k = 1; k < jobs.size(); k++) {
      assertTrue(!jobs.get(k).submitted().isBefore(jobs.get(k - 1).finished()),
          "job " + k + " submitted before job " + (k - 1) + " finished: " + jobs);
    }
  }

  static List<JobInfo> jobsOf(String client) throws Exception {
    return AskPattern.<GatewayProtocol.Command, GatewayProtocol.JobList>ask(daemon.gateway(),
            r -> new GatewayProtocol.ListJobs(client, null, 100, r), Duration.ofSeconds(10), daemon.system().scheduler())
        .toCompletableFuture().get(10, TimeUnit.SECONDS).jobs();
  }

  @Test
  void anUnknownBackendFailsTheStepNamingIt() {
    ShiftRuleLayer chip = new ShiftRuleLayer(new LayerAnsatz(2, 1),
        new ChipEstimator(daemon.system(), daemon.gateway(), settings.withBackend("nochip")));
    var e = assertThrows(IllegalStateException.class, () -> chip.forward(new double[][] {{0.1, 0.2}}, new double[8]));
    assertTrue(e.getMessage().contains("nochip"), e.getMessage());
  }

  @Test
  void chipModeNeedsAnActorSystem() {
    var e = assertThrows(IllegalArgumentException.class, () -> QuantumLayers.create("chip", 2, 1, settings));
    assertTrue(e.getMessage().contains("chip"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> QuantumLayers.create("analog", 2, 1, settings));
    assertTrue(f.getMessage().contains("analog"), f.getMessage());
    assertTrue(QuantumLayers.create("Exact", 2, 1, settings) instanceof ExactQuantumLayer);
  }
}
