package io.qubitd.trainer.quantum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The quantum layer on a chip that takes parameter sets: each row is a binding of the ansatz family
 * ({@link LayerAnsatz#familyQasm()}), never QASM text. Rows of a call whose angles agree to 4 decimals
 * are sent once (as the published QTHA code hashes circuits), and the hit rate is counted. Gradients
 * by one of three {@link Gradient modes}; rows whose output gradient is zero (padding) send nothing.
 */
public final class FamilyLayer implements QuantumLayer {

  /** Where expectations of bindings come from: the chip (through the daemon) or a local stand-in. */
  public interface Evaluator {
    /** ⟨Z_i⟩ (i < r) of each binding; bindings are step angles in {@link LayerAnsatz#steps()} order. */
    double[][] zExpectations(List<double[]> stepAngles);

    /** Chip seconds spent so far (shots × schedule, regions in parallel). */
    double chipSeconds();

    /** Mean fraction of the chip's qubits busy in the runs so far. */
    double utilisation();

    /** Whether bindings go to a chip; a local sampler has no chip seconds or packing to report. */
    default boolean onChip() { return true; }
  }

  /** How dL/dθ and dL/du are obtained. */
  public enum Gradient {
    /** Parameter shift through the chip: 2 circuits per RY and 4 per CRZ, per row. */
    CHIP_SHIFT,
    /** Forward values from the chip, gradients by adjoint differentiation of the exact ansatz (QTHA's published practice). */
    CHIP_FORWARD,
    /** Simultaneous perturbation (SPSA): 2 circuits per row whatever the number of angles. */
    SPSA;

    /** The mode named {@code name} (chip-shift, chip-forward, spsa); throws listing them otherwise. */
    public static Gradient parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("unknown gradient mode '" + name + "'; use chip-shift, chip-forward or spsa");
      }
    }

    public String wire() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
  }

  /** Perturbation size of SPSA, radians: large against shot noise, small against curvature. */
  static final double SPSA_STEP = 0.15;
  private static final double DEDUP_SCALE = 1e4;

  private final LayerAnsatz ansatz;
  private final Evaluator evaluator;
  private final Gradient gradient;
  private final ExactQuantumLayer exact;
  private final SplittableRandom rng;
  private final AtomicLong circuits = new AtomicLong();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();

  public FamilyLayer(LayerAnsatz ansatz, Evaluator evaluator, Gradient gradient, long seed) {
    this.ansatz = ansatz;
    this.evaluator = evaluator;
    this.gradient = gradient;
    this.exact = new ExactQuantumLayer(ansatz);
    this.rng = new SplittableRandom(seed);
  }

  public Gradient gradient() { return gradient; }

  @Override
  public LayerAnsatz ansatz() { return ansatz; }

  @Override
  public double[][] forward(double[][] u, double[] theta) {
    ansatz.check(u, theta, null);
    List<double[]> rows = new ArrayList<>(u.length);
    for (double[] row : u) rows.add(ansatz.stepAngles(row, theta));
    return evaluate(rows);
  }

  @Override
  public Gradients backward(double[][] u, double[] theta, double[][] gradOut) {
    ansatz.check(u, theta, gradOut);
    if (gradient == Gradient.CHIP_FORWARD) return exact.backward(u, theta, gradOut);
    int r = ansatz.qubits();
    List<LayerAnsatz.Step> steps = ansatz.steps();
    double[][] gradU = new double[u.length][r];
    double[] gradTheta = new double[ansatz.numParameters()];
    List<Integer> live = new ArrayList<>();
    for (int b = 0; b < u.length; b++) if (Arrays.stream(gradOut[b]).anyMatch(g -> g != 0)) live.add(b);
    List<double[]> bindings = new ArrayList<>();
    double[] delta = null;
    if (gradient == Gradient.SPSA) {
      delta = new double[steps.size()];
      for (int k = 0; k < delta.length; k++) delta[k] = rng.nextBoolean() ? 1 : -1;
      for (int b : live) {
        double[] a = ansatz.stepAngles(u[b], theta);
        double[] plus = a.clone(), minus = a.clone();
        for (int k = 0; k < a.length; k++) {
          plus[k] += SPSA_STEP * delta[k];
          minus[k] -= SPSA_STEP * delta[k];
        }
        bindings.add(plus);
        bindings.add(minus);
      }
    } else {
      for (int b : live) {
        double[] a = ansatz.stepAngles(u[b], theta);
        for (int k = 0; k < steps.size(); k++) {
          for (double shift : shifts(steps.get(k))) {
            double[] s = a.clone();
            s[k] += shift;
            bindings.add(s);
          }
        }
      }
    }
    double[][] z = evaluate(bindings);
    int c = 0;
    for (int b : live) {
      double[] perStep = new double[steps.size()];
      if (gradient == Gradient.SPSA) {
        double diff = 0;
        double[] zp = z[c++], zm = z[c++];
        for (int i = 0; i < r; i++) diff += gradOut[b][i] * (zp[i] - zm[i]);
        // ĝ_k = [L(a + cΔ) − L(a − cΔ)] / (2c Δ_k), Δ_k = ±1
        for (int k = 0; k < perStep.length; k++) perStep[k] = diff / (2 * SPSA_STEP * delta[k]);
      } else {
        for (int k = 0; k < steps.size(); k++) {
          double[] co = coefficients(steps.get(k));
          for (double coefficient : co) {
            double[] zc = z[c++];
            for (int i = 0; i < r; i++) perStep[k] += coefficient * gradOut[b][i] * zc[i];
          }
        }
      }
      for (int k = 0; k < steps.size(); k++) {
        LayerAnsatz.Step s = steps.get(k);
        if (s.input() >= 0) gradU[b][s.input()] += perStep[k];
        else gradTheta[s.parameter()] += perStep[k];
      }
    }
    return new Gradients(gradU, gradTheta);
  }

  /** Evaluates the distinct rows (to 4 decimals) once each and fans the answers back out. */
  private double[][] evaluate(List<double[]> rows) {
    Map<Key, Integer> index = new HashMap<>();
    List<double[]> unique = new ArrayList<>();
    int[] of = new int[rows.size()];
    for (int i = 0; i < of.length; i++) {
      Key k = Key.of(rows.get(i));
      Integer at = index.get(k);
      if (at == null) {
        at = unique.size();
        index.put(k, at);
        unique.add(rows.get(i));
      }
      of[i] = at;
    }
    double[][] z = unique.isEmpty() ? new double[0][] : evaluator.zExpectations(unique);
    requested.addAndGet(rows.size());
    duplicates.addAndGet(rows.size() - unique.size());
    circuits.addAndGet(unique.size());
    double[][] out = new double[of.length][];
    for (int i = 0; i < of.length; i++) out[i] = z[of[i]];
    return out;
  }

  /** Angles rounded to 4 decimals, as the hardware code hashes circuits. */
  private record Key(long[] rounded) {
    static Key of(double[] a) {
      long[] r = new long[a.length];
      for (int i = 0; i < a.length; i++) r[i] = Math.round(a[i] * DEDUP_SCALE);
      return new Key(r);
    }

    @Override public boolean equals(Object o) { return o instanceof Key k && Arrays.equals(rounded, k.rounded); }

    @Override public int hashCode() { return Arrays.hashCode(rounded); }
  }

  private static double[] shifts(LayerAnsatz.Step s) {
    return s.rotation() == LayerAnsatz.Rotation.RY ? ParameterShiftGradients.RY_SHIFTS : ParameterShiftGradients.CRZ_SHIFTS;
  }

  private static double[] coefficients(LayerAnsatz.Step s) {
    return s.rotation() == LayerAnsatz.Rotation.RY ? ParameterShiftGradients.RY_COEFFICIENTS : ParameterShiftGradients.CRZ_COEFFICIENTS;
  }

  /** Circuits sent to the chip (after deduplication); chip-forward gradients add exact evaluations, not counted here. */
  @Override
  public long circuitsEvaluated() { return circuits.get(); }

  /** Rows asked for, before deduplication. */
  public long rowsRequested() { return requested.get(); }

  /** Fraction of rows answered by an identical row of the same call. */
  public double dedupHitRate() {
    long r = requested.get();
    return r == 0 ? 0 : (double) duplicates.get() / r;
  }

  public double chipSeconds() { return evaluator.chipSeconds(); }

  public double utilisation() { return evaluator.utilisation(); }

  /** Whether the bindings go to a chip (chip mode) rather than a local sampler (shots mode). */
  public boolean onChip() { return evaluator.onChip(); }
}
