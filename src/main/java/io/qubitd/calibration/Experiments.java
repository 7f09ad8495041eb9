package io.qubitd.calibration;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The native circuits calibration runs, on physical qubits of a chip with {@code width} qubits.
 * Each measures into classical bit 0 (and 1 for the second qubit of a pair).
 */
public final class Experiments {
  private Experiments() {}

  /** Prepare |0⟩ or |1⟩ (with X) and measure: the readout assignment matrix. */
  public static Circuit readout(int width, int q, boolean one) {
    Circuit.Builder b = Circuit.builder(width, 1).name("readout-" + (one ? 1 : 0) + "-q" + q);
    if (one) b.gate(GateKind.X, q);
    return b.measure(q, 0).build();
  }

  /** T1: X, wait {@code delay} s, measure. */
  public static Circuit t1(int width, int q, double delay) {
    return Circuit.builder(width, 1).name("t1-q" + q).gate(GateKind.X, q).delay(q, delay).measure(q, 0).build();
  }

  /**
   * Ramsey with artificial detuning δ: SX, wait t, RZ(2π·δ·t), SX, measure. Ideally
   * P(1) = (1 + cos(2π(Δ + δ)t))/2 with Δ the qubit's detuning from its drive frame.
   */
  public static Circuit ramsey(int width, int q, double delay, double artificialDetuningHz) {
    return Circuit.builder(width, 1).name("ramsey-q" + q)
        .gate(GateKind.SX, q).delay(q, delay)
        .gate(Gate.of(GateKind.RZ, 2 * Math.PI * artificialDetuningHz * delay), q)
        .gate(GateKind.SX, q).measure(q, 0).build();
  }

  /**
   * Ramsey on {@code q} with its neighbour {@code control} in |1⟩ (X first, never measured): against
   * the plain Ramsey, the fringe moves by the pair's residual ZZ.
   */
  public static Circuit conditionalRamsey(int width, int q, int control, double delay, double artificialDetuningHz) {
    return Circuit.builder(width, 1).name("zz-ramsey-q" + q + "-c" + control)
        .gate(GateKind.X, control)
        .gate(GateKind.SX, q).delay(q, delay)
        .gate(Gate.of(GateKind.RZ, 2 * Math.PI * artificialDetuningHz * delay), q)
        .gate(GateKind.SX, q).measure(q, 0).build();
  }

  /** Hahn echo: SX, wait t/2, X, wait t/2, SX, measure; ideally P(1) = (1 − e^{−t/T2})/2. */
  public static Circuit echo(int width, int q, double delay) {
    return Circuit.builder(width, 1).name("echo-q" + q)
        .gate(GateKind.SX, q).delay(q, delay / 2).gate(GateKind.X, q).delay(q, delay / 2)
        .gate(GateKind.SX, q).measure(q, 0).build();
  }

  /**
   * Single-qubit randomized benchmarking: {@code length} uniformly random Cliffords, then the one
   * that inverts their product, so the ideal outcome is 0. Adjacent RZs merge (they are virtual).
   */
  public static Circuit randomizedBenchmarking(int width, int q, int length, SplittableRandom rng) {
    List<Clifford1q.Step> steps = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < length; i++) {
      int c = rng.nextInt(Clifford1q.SIZE);
      steps.addAll(Clifford1q.sequence(c));
      total = Clifford1q.compose(total, c);
    }
    steps.addAll(Clifford1q.sequence(Clifford1q.inverse(total)));
    Circuit.Builder b = Circuit.builder(width, 1).name("rb-" + length + "-q" + q);
    double pendingRz = 0;
    for (Clifford1q.Step s : steps) {
      if (!s.sx()) {
        pendingRz += s.angle();
        continue;
      }
      pendingRz = flushRz(b, q, pendingRz);
      b.gate(GateKind.SX, q);
    }
    flushRz(b, q, pendingRz);
    return b.measure(q, 0).build();
  }

  private static double flushRz(Circuit.Builder b, int q, double angle) {
    double a = Math.IEEEremainder(angle, 2 * Math.PI);
    if (a != 0) b.gate(Gate.of(GateKind.RZ, a), q);
    return 0;
  }

  /**
   * Cross-entropy benchmarking on the pair (a, b): {@code depth} cycles of a random single-qubit
   * layer (on each qubit RZ(−φ)·SX·RZ(φ), a π/2 turn about a random equatorial axis, one SX) then CZ,
   * a last random layer, and both measured (a into bit 0, b into bit 1).
   */
  public static Circuit xeb(int width, int a, int b, int depth, SplittableRandom rng) {
    Circuit.Builder c = Circuit.builder(width, 2).name("xeb-" + depth + "-" + a + "-" + b);
    for (int d = 0; d <= depth; d++) {
      for (int q : new int[] {a, b}) {
        double phi = 2 * Math.PI * rng.nextDouble();
        c.gate(Gate.of(GateKind.RZ, phi), q).gate(GateKind.SX, q).gate(Gate.of(GateKind.RZ, -phi), q);
      }
      if (d < depth) c.gate(Gate.controlled(GateKind.Z, 1), a, b);
    }
    return c.measure(a, 0).measure(b, 1).build();
  }

  /** Physical qubits a circuit acts on (barriers excluded). */
  public static List<Integer> qubitsOf(Circuit c) {
    return c.operations().stream().filter(op -> !(op instanceof Operation.Barrier))
        .flatMap(op -> op.qubits().stream()).distinct().sorted().toList();
  }
}
