package io.qubitd.trainer.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.qubitd.config.QubitdConfig;
import io.qubitd.daemon.Daemon;
import java.nio.file.Files;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chip mode's family layer on the real 4-qubit, 2-layer QTHA ansatz, through an in-process daemon (grid2x3). */
class FamilyLayerTest {
  static final LayerAnsatz ANSATZ = new LayerAnsatz(4, 2);
  static Daemon.Running daemon;
  static QuantumSettings exactExpectations;

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createTempDirectory("qubitd-family-layer");
    QubitdConfig config = new QubitdConfig(ConfigFactory.parseString("""
        qubitd.chips = [grid2x3]
        qubitd.calibration.enabled = false
        # the truth stays put while the test compares runs made at different moments
        qubitd.chip.tick-interval = 1h
        """).withFallback(QubitdConfig.loadRoot()).resolve());
    daemon = Daemon.start(config, data);
    exactExpectations = QuantumSettings.fromConfig(config.root().getConfig("qubitd.trainer.quantum")).withBackend("grid2x3").withShots(0);
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.system().terminate();
    daemon.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static FamilyLayer layer(FamilyLayer.Gradient g, QuantumSettings s) {
    return new FamilyLayer(ANSATZ, new ChipBatchEvaluator(daemon.system(), daemon.gateway(), s, ANSATZ), g, 5);
  }

  static double[][] rows(SplittableRandom rng, int n) {
    double[][] u = new double[n][];
    for (int b = 0; b < n; b++) u[b] = ExactQuantumLayerTest.random(rng, 4);
    return u;
  }

  static double cosine(double[] a, double[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int k = 0; k < a.length; k++) {
      dot += a[k] * b[k];
      na += a[k] * a[k];
      nb += b[k] * b[k];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void forwardIsTheNoisyExactAnswerAndRepeatedRowsAreSentOnce() {
    SplittableRandom rng = new SplittableRandom(1);
    double[][] u = rows(rng, 6);
    u[3] = u[0].clone();
    u[5] = new double[] {u[1][0] + 2e-5, u[1][1], u[1][2], u[1][3]};
    double[] theta = ExactQuantumLayerTest.random(rng, ANSATZ.numParameters());
    FamilyLayer chip = layer(FamilyLayer.Gradient.CHIP_FORWARD, exactExpectations);
    double[][] z = chip.forward(u, theta);
    double[][] exact = new ExactQuantumLayer(ANSATZ).forward(u, theta);
    // 32 CZ at grid2x3's error rates depolarize a good part of the state: ⟨Z⟩ shrinks toward 0 but keeps its pattern
    double[] flatExact = new double[24], flatChip = new double[24];
    double worst = 0;
    for (int b = 0; b < 6; b++) {
      for (int i = 0; i < 4; i++) {
        flatExact[4 * b + i] = exact[b][i];
        flatChip[4 * b + i] = z[b][i];
        worst = Math.max(worst, Math.abs(exact[b][i] - z[b][i]));
      }
    }
    assertTrue(cosine(flatExact, flatChip) > 0.9, "chip and exact ⟨Z⟩ disagree: cosine " + cosine(flatExact, flatChip));
    assertTrue(worst > 1e-3, "the chip's noise should show");
    assertEquals(4, chip.circuitsEvaluated(), "rows equal to 4 decimals go once");
    assertEquals(2.0 / 6, chip.dedupHitRate(), 1e-12);
    assertTrue(chip.chipSeconds() == 0, "exact expectations take no shots");
  }

  @Test
  void gradientModesAgreeWithTheExactGradientAndPaddingRowsSendNothing() {
    SplittableRandom rng = new SplittableRandom(2);
    double[][] u = rows(rng, 4);
    double[][] g = new double[4][];
    for (int b = 0; b < 4; b++) g[b] = new double[] {1, -0.5, 0.25, 1};
    g[3] = new double[4];
    double[] theta = ExactQuantumLayerTest.random(rng, ANSATZ.numParameters());
    QuantumLayer.Gradients exact = new ExactQuantumLayer(ANSATZ).backward(u, theta, g);

    FamilyLayer forward = layer(FamilyLayer.Gradient.CHIP_FORWARD, exactExpectations);
    QuantumLayer.Gradients f = forward.backward(u, theta, g);
    assertEquals(0, forward.circuitsEvaluated(), "chip-forward takes gradients off the chip");
    for (int k = 0; k < theta.length; k++) assertEquals(exact.theta()[k], f.theta()[k], 1e-12);

    FamilyLayer shift = layer(FamilyLayer.Gradient.CHIP_SHIFT, exactExpectations);
    QuantumLayer.Gradients s = shift.backward(u, theta, g);
    assertEquals(3L * ParameterShiftGradients.circuitsPerRow(ANSATZ), shift.rowsRequested(), "the padding row sends nothing");
    // the chip's noise scales gradients down a little; direction is kept
    assertTrue(cosine(exact.theta(), s.theta()) > 0.9, "chip-shift cosine " + cosine(exact.theta(), s.theta()));
    for (int i = 0; i < 4; i++) assertEquals(0, s.input()[3][i]);

    FamilyLayer spsa = layer(FamilyLayer.Gradient.SPSA, exactExpectations);
    double[] mean = new double[theta.length];
    int draws = 40;
    for (int d = 0; d < draws; d++) {
      double[] t = spsa.backward(u, theta, g).theta();
      for (int k = 0; k < t.length; k++) mean[k] += t[k] / draws;
    }
    assertEquals(draws * 3L * 2, spsa.rowsRequested(), "SPSA sends 2 circuits per live row");
    assertTrue(cosine(exact.theta(), mean) > 0.5, "SPSA mean cosine " + cosine(exact.theta(), mean));
  }

  @Test
  void aJournaledJobWithBindingsRunsAsAFamilyAndReturnsExpectations() throws Exception {
    // the HTTP shape of a parametric job: one text, many bindings; 0 shots asks for exact expectations
    String qasm = ANSATZ.familyQasm();
    SplittableRandom rng = new SplittableRandom(8);
    List<Jobs.CircuitSpec> specs = new ArrayList<>();
    List<double[]> angles = new ArrayList<>();
    for (int b = 0; b < 5; b++) {
      double[] a = ANSATZ.stepAngles(ExactQuantumLayerTest.random(rng, 4), ExactQuantumLayerTest.random(rng, ANSATZ.numParameters()));
      angles.add(a);
      Map<String, Double> m = new HashMap<>();
      for (int k = 0; k < a.length; k++) m.put(LayerAnsatz.familyInput(k), a[k]);
      specs.add(new Jobs.CircuitSpec(qasm, 0, m));
    }
    var accepted = (GatewayProtocol.Accepted) FamilyLayerTest.<GatewayProtocol.SubmitReply>ask(r -> new GatewayProtocol.SubmitJob(
        new Jobs.JobRequest("grid2x3", specs, 0, "family-job", false), r));
    List<Jobs.CircuitResult> results = null;
    for (int i = 0; i < 300 && results == null; i++) {
      GatewayProtocol.ResultReply reply = FamilyLayerTest.<GatewayProtocol.ResultReply>ask(r -> new GatewayProtocol.GetResult(accepted.job().id(), r));
      if (reply instanceof GatewayProtocol.Results res) results = res.results();
      else Thread.sleep(50);
    }
    assertEquals(5, results.size());
    double[][] viaBatch = new ChipBatchEvaluator(daemon.system(), daemon.gateway(), exactExpectations, ANSATZ).zExpectations(angles);
    for (int b = 0; b < 5; b++) {
      assertEquals("batched-density-matrix", results.get(b).method());
      assertTrue(results.get(b).counts().isEmpty());
      for (int i = 0; i < 4; i++) assertEquals(viaBatch[b][i], results.get(b).expectations().get(i), 1e-9);
    }
  }

  static <T> T ask(java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<T>, GatewayProtocol.Command> message) throws Exception {
    return org.apache.pekko.actor.typed.javadsl.AskPattern.<GatewayProtocol.Command, T>ask(daemon.gateway(), message::apply,
        java.time.Duration.ofSeconds(30), daemon.system().scheduler()).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void unknownGradientModesAreNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> FamilyLayer.Gradient.parse("adjoint"));
    assertTrue(e.getMessage().contains("chip-shift, chip-forward or spsa"), e.getMessage());
    assertEquals(FamilyLayer.Gradient.CHIP_FORWARD, FamilyLayer.Gradient.parse("chip-forward"));
  }
}
