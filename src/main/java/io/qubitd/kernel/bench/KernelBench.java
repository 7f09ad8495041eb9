package io.qubitd.kernel.bench;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.kernel.FloatStateVector;
import io.qubitd.kernel.FusedGate;
import io.qubitd.kernel.GateFuser;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.Precision;
import io.qubitd.kernel.StateVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the kernel's state evolution against the machine's memory bandwidth. Not a test: the
 * CLI's {@code bench} command calls it; numbers depend on the machine and its load.
 */
public final class KernelBench {
  private KernelBench() {}

  /**
   * One circuit's timing.
   *
   * @param medianSeconds median wall time of the state evolution (allocation and fusion excluded)
   * @param memoryPasses full passes over the state (cache-blocked runs count once)
   * @param bytesMoved estimate: each pass reads and writes the whole state
   * @param bandwidthGBs bytesMoved / medianSeconds, in 10^9 bytes per second
   */
  public record Result(String circuit, int qubits, Precision precision, int threads, int fusionMaxWidth,
                       int gatesBefore, int gatesAfter, int memoryPasses, double medianSeconds,
                       double[] seconds, double bytesMoved, double bandwidthGBs) {}

  /** A STREAM-style triad a[i] = b[i] + s·c[i] over three double arrays. */
  public record Triad(long elements, int threads, double medianSeconds, double bandwidthGBs) {}

  /**
   * Times {@code repetitions} evolutions of a unitary circuit from |0…0⟩ after one untimed warm-up.
   * Precondition: only gates (and barriers or delays), repetitions >= 1.
   */
  public static Result measure(Circuit c, KernelSettings s, int repetitions) {
    if (repetitions < 1) throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
    List<Operation.GateOp> gates = new ArrayList<>();
    for (Operation op : c.operations()) {
      if (op instanceof Operation.GateOp g && g.condition() == null && !g.qubits().isEmpty()) {
        gates.add(g);
      } else if (!(op instanceof Operation.Barrier) && !(op instanceof Operation.Delay)) {
        throw new IllegalArgumentException("the benchmark takes unitary circuits; " + c.name() + " has " + op);
      }
    }
    List<FusedGate> fused = GateFuser.fuse(gates, s.fusionMaxWidth());
    int n = c.numQubits();
    double[] t = new double[repetitions];
    for (int r = -1; r < repetitions; r++) {
      double secs = s.precision() == Precision.SINGLE ? timeSingle(n, s, fused) : timeDouble(n, s, fused);
      if (r >= 0) t[r] = secs;
    }
    int passes = s.precision() == Precision.SINGLE
        ? FloatStateVector.memoryPasses(fused, n) : StateVector.memoryPasses(fused, n);
    double bytes = 2.0 * passes * Math.scalb(1.0, n) * s.precision().bytesPerAmplitude();
    double median = median(t);
    return new Result(c.name(), n, s.precision(), s.threads(), s.fusionMaxWidth(), gates.size(), fused.size(),
        passes, median, t, bytes, bytes / median / 1e9);
  }

  private static double timeDouble(int n, KernelSettings s, List<FusedGate> fused) {
    StateVector v = StateVector.zero(n, s);
    long t0 = System.nanoTime();
    v.applyFused(fused);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double timeSingle(int n, KernelSettings s, List<FusedGate> fused) {
    FloatStateVector v = FloatStateVector.zero(n, s);
    long t0 = System.nanoTime();
    v.applyFused(fused);
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The triad on {@code threads} threads, each owning a contiguous slice. Precondition: elements >= threads. */
  public static Triad triad(int elements, int threads, int repetitions) {
    if (threads < 1 || elements < threads || repetitions < 1) {
      throw new IllegalArgumentException("triad needs threads >= 1, elements >= threads, repetitions >= 1; got "
          + threads + ", " + elements + ", " + repetitions);
    }
    double[] a = new double[elements], b = new double[elements], c = new double[elements];
    Arrays.fill(b, 1.0);
    Arrays.fill(c, 2.0);
    double[] t = new double[repetitions];
    for (int r = -1; r < repetitions; r++) {
      long t0 = System.nanoTime();
      Thread[] workers = new Thread[threads];
      for (int w = 0; w < threads; w++) {
        int from = (int) ((long) elements * w / threads), to = (int) ((long) elements * (w + 1) / threads);
        workers[w] = new Thread(() -> {
          for (int i = from; i < to; i++) a[i] = b[i] + 3.0 * c[i];
        });
        workers[w].start();
      }
      for (Thread w : workers) {
        try {
          w.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("triad interrupted", e);
        }
      }
      if (r >= 0) t[r] = (System.nanoTime() - t0) / 1e9;
    }
    double median = median(t);
    return new Triad(elements, threads, median, 24.0 * elements / median / 1e9);
  }

  /**
   * The shape of {@code rc_<n>q_<layers>l.qasm}: per layer H on every qubit, RZ(random angle) on
   * every qubit, CZ on a brickwork starting at layer % 2.
   */
  public static Circuit randomCircuit(int n, int layers, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Circuit.Builder b = Circuit.builder(n, 0).name("rc_" + n + "q_" + layers + "l");
    Gate cz = Gate.controlled(GateKind.Z, 1);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) b.gate(GateKind.H, q);
      for (int q = 0; q < n; q++) b.gate(Gate.of(GateKind.RZ, r.nextDouble(0, 2 * Math.PI)), q);
      for (int a = l % 2; a + 1 < n; a += 2) b.gate(cz, a, a + 1);
    }
    return b.build();
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
