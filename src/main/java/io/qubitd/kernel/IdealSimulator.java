package io.qubitd.kernel;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The noiseless runner: fuses a circuit, evolves one state vector, and samples or enumerates
 * outcomes. Mid-circuit measurements and resets branch the state (depth first, copying only when
 * both outcomes occur), so the prefix before them is simulated once, not once per shot.
 */
public final class IdealSimulator {
  /** Branches less likely than this are dropped from exact distributions (rounding noise, not physics). */
  static final double ZERO_PROBABILITY = 1e-14;
  private static final Gate X = Gate.of(GateKind.X);

  private final KernelSettings settings;

  public IdealSimulator(KernelSettings settings) {
    if (settings == null) throw new IllegalArgumentException("settings must not be null");
    this.settings = settings;
  }

  public KernelSettings settings() { return settings; }

  /**
   * Runs {@code shots} shots; a circuit without measurements measures every qubit i into bit i.
   * The same seed gives the same result at any thread count. Precondition: shots >= 1, at most 64 classical bits.
   */
  public RunResult run(Circuit circuit, int shots, long seed, boolean memory) {
    if (shots < 1) throw new IllegalArgumentException("shots must be >= 1, got " + shots);
    Circuit c = circuit.withDefaultMeasurements();
    CircuitProgram prog = compile(c, false);
    SplittableRandom rng = new SplittableRandom(seed);
    Map<Long, Long> counts = new HashMap<>();
    long[] shotLog = memory ? new long[shots] : null;
    int[] logged = new int[1];
    sample(prog, newState(c.numQubits()), 0, 0L, shots, rng, (clbits, n) -> {
      counts.merge(clbits, n, Long::sum);
      if (shotLog != null) {
        for (long k = 0; k < n; k++) shotLog[logged[0]++] = clbits;
      }
    });
    Map<String, Long> keyed = new LinkedHashMap<>();
    // several memory states can show the same registers (bits kept outside them), so keys merge
    counts.forEach((k, v) -> keyed.merge(Bitstrings.format(c.finalBits(k), c.cregs()), v, Long::sum));
    List<String> mem = null;
    if (shotLog != null) {
      // branches deliver shots grouped by outcome; shuffle so memory reads like independent shots
      for (int i = shots - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        long t = shotLog[i];
        shotLog[i] = shotLog[j];
        shotLog[j] = t;
      }
      mem = new ArrayList<>(shots);
      for (long k : shotLog) mem.add(Bitstrings.format(c.finalBits(k), c.cregs()));
    }
    return new RunResult(keyed, shots, mem);
  }

  /**
   * The exact distribution of the classical bits (keys as in {@link #run}), zero-probability
   * outcomes omitted; mid-circuit measurements, resets and conditions are enumerated branch by branch.
   */
  public Map<String, Double> probabilities(Circuit circuit) {
    Circuit c = circuit.withDefaultMeasurements();
    CircuitProgram prog = compile(c, false);
    Map<Long, Double> acc = new HashMap<>();
    exact(prog, newState(c.numQubits()), 0, 0L, 1.0, acc, OutcomeMemo.forProgram(prog, c.numQubits()));
    Map<String, Double> out = new LinkedHashMap<>();
    acc.forEach((k, v) -> {
      if (v > 0) out.merge(Bitstrings.format(c.finalBits(k), c.cregs()), v, Double::sum);
    });
    return out;
  }

  /** ⟨ψ|P|ψ⟩ for the circuit's final state. Precondition: only gates, barriers and delays. */
  public double expectation(Circuit unitaryCircuit, PauliString p) {
    requireUnitary(unitaryCircuit);
    AmplitudeState s = newState(unitaryCircuit.numQubits());
    evolve(compile(unitaryCircuit, true), s);
    return s.expectation(p);
  }

  /** The final state in double precision (whatever the settings' precision). Precondition: only gates, barriers and delays. */
  public StateVector finalState(Circuit unitaryCircuit) {
    requireUnitary(unitaryCircuit);
    StateVector s = StateVector.zero(unitaryCircuit.numQubits(), settings);
    evolve(compile(unitaryCircuit, true), s);
    return s;
  }

  /** With {@code keepQubitOrder} for callers that read the final state rather than sample it. */
  private CircuitProgram compile(Circuit c, boolean keepQubitOrder) {
    StateVector.checkFits(c.numQubits(), settings, settings.precision());
    if (c.numClbits() > 64) {
      throw new IllegalArgumentException("circuit " + c.name() + " has " + c.numClbits()
          + " classical bits; the kernel keeps classical memory in 64 bits");
    }
    return CircuitProgram.compile(c, settings.fusionMaxWidth(), keepQubitOrder);
  }

  private AmplitudeState newState(int n) {
    return settings.precision() == Precision.SINGLE ? FloatStateVector.zero(n, settings) : StateVector.zero(n, settings);
  }

  private static void requireUnitary(Circuit c) {
    List<Operation> ops = c.operations();
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      boolean ok = (op instanceof Operation.GateOp || op instanceof Operation.Barrier || op instanceof Operation.Delay)
          && op.condition() == null;
      if (!ok) {
        throw new IllegalArgumentException("circuit " + c.name() + " is not unitary: operation " + i + " is " + op
            + "; use run() or probabilities() for measurements, resets and conditions");
      }
    }
  }

  private static void evolve(CircuitProgram prog, AmplitudeState s) {
    int i = advance(prog, s, 0, new long[1]);
    if (i != prog.steps.size()) throw new IllegalStateException("unitary program stopped at step " + i);
  }

  /**
   * Applies steps from {@code from} up to the next measure or reset that must run; returns its index.
   * Classical stores on the way update {@code clbits[0]}.
   */
  private static int advance(CircuitProgram prog, AmplitudeState s, int from, long[] clbits) {
    for (int i = from; i < prog.steps.size(); i++) {
      Interruption.check();
      CircuitProgram.Step st = prog.steps.get(i);
      if (st instanceof CircuitProgram.Unitary u) {
        s.applyFused(u.gates());
      } else if (st instanceof CircuitProgram.RawGate g) {
        if (holds(g.condition(), clbits[0])) s.applyGate(g.gate(), g.qubits());
      } else if (st instanceof CircuitProgram.Measure m) {
        if (holds(m.condition(), clbits[0])) return i;
      } else if (st instanceof CircuitProgram.Reset r) {
        if (holds(r.condition(), clbits[0])) return i;
      } else if (st instanceof CircuitProgram.Store store) {
        clbits[0] = store.op().apply(clbits[0]);
      }
    }
    return prog.steps.size();
  }

  private static boolean holds(Condition c, long clbits) { return c == null || c.holds(clbits); }

  private interface ShotSink { void accept(long clbits, long shots); }

  private void sample(CircuitProgram prog, AmplitudeState s, int from, long bitsAtFrom, int shots,
                      SplittableRandom rng, ShotSink sink) {
    long[] mem = {bitsAtFrom};
    int i = advance(prog, s, from, mem);
    long clbits = mem[0];
    while (i < prog.steps.size()) {
      CircuitProgram.Step st = prog.steps.get(i);
      int q = qubitOf(st);
      double p1 = clamp(s.probabilityOfOne(q) / s.normSquared());
      int n1 = binomial(shots, p1, rng), n0 = shots - n1;
      if (n0 > 0 && n1 > 0) {
        AmplitudeState one = s.copyState();
        settle(one, st, 1);
        sample(prog, one, i + 1, record(st, clbits, 1), n1, rng, sink);
      }
      int outcome = n0 > 0 ? 0 : 1;
      settle(s, st, outcome);
      mem[0] = record(st, clbits, outcome);
      shots = outcome == 0 ? n0 : n1;
      i = advance(prog, s, i + 1, mem);
      clbits = mem[0];
    }
    finalSamples(prog, s, clbits, shots, rng, sink);
  }

  private void exact(CircuitProgram prog, AmplitudeState s, int from, long bitsAtFrom, double weight, Map<Long, Double> acc,
                     OutcomeMemo memo) {
    long[] mem = {bitsAtFrom};
    int i = advance(prog, s, from, mem);
    long clbits = mem[0];
    while (i < prog.steps.size()) {
      if (memo != null) {
        Map<Long, Double> known = memo.find(i, clbits, s);
        if (known == null) {
          AmplitudeState key = s.copyState();
          known = new HashMap<>();
          split(prog, s, i, clbits, 1.0, known, memo);
          memo.put(i, clbits, key, known);
        }
        for (Map.Entry<Long, Double> e : known.entrySet()) acc.merge(e.getKey(), weight * e.getValue(), Double::sum);
        return;
      }
      Settled settled = settleBranching(prog, s, i, clbits, weight, acc, null);
      weight = settled.weight();
      mem[0] = settled.clbits();
      i = advance(prog, s, i + 1, mem);
      clbits = mem[0];
    }
    if (prog.finalQubits.length == 0) {
      acc.merge(clbits, weight, Double::sum);
      return;
    }
    double[] m = s.marginal(prog.finalQubits);
    double norm = s.normSquared();
    for (int key = 0; key < m.length; key++) {
      if (m[key] > 0) acc.merge(prog.clbitsOf(clbits, key), weight * m[key] / norm, Double::sum);
    }
  }

  /** Both outcomes of the measurement or reset at step {@code i}, each enumerated to the end. */
  private void split(CircuitProgram prog, AmplitudeState s, int i, long clbits, double weight, Map<Long, Double> acc,
                     OutcomeMemo memo) {
    Settled settled = settleBranching(prog, s, i, clbits, weight, acc, memo);
    exact(prog, s, i + 1, settled.clbits(), settled.weight(), acc, memo);
  }

  /** The classical bits and the weight of the outcome a state was settled in. */
  private record Settled(long clbits, double weight) {}

  /**
   * Settles the measurement or reset at step {@code i}: when both outcomes are possible, outcome 1 is enumerated to
   * the end in a copy; {@code s} is left in the other outcome, whose bits and weight are returned.
   */
  private Settled settleBranching(CircuitProgram prog, AmplitudeState s, int i, long clbits, double weight,
                                  Map<Long, Double> acc, OutcomeMemo memo) {
    CircuitProgram.Step st = prog.steps.get(i);
    int q = qubitOf(st);
    double p1 = clamp(s.probabilityOfOne(q) / s.normSquared());
    boolean zero = 1 - p1 >= ZERO_PROBABILITY, one = p1 >= ZERO_PROBABILITY;
    if (zero && one) {
      AmplitudeState branch = s.copyState();
      settle(branch, st, 1);
      exact(prog, branch, i + 1, record(st, clbits, 1), weight * p1, acc, memo);
    }
    int outcome = zero ? 0 : 1;
    settle(s, st, outcome);
    return new Settled(record(st, clbits, outcome), zero && one ? weight * (1 - p1) : weight);
  }

  /**
   * The outcome distributions of subtrees already enumerated, by the step they start at, the classical memory and
   * the state there: a loop on measured bits reaches the same step with the same memory and (up to a global phase)
   * the same state along many outcome sequences (a repeat-until-success pass that fails in three ways), and the
   * tree below is then the same, so it is enumerated once. Kept only for small states, within a budget of stored
   * amplitudes; two states count as the same when |⟨a|b⟩|² ≥ (1 − 1e-12)·|a|²·|b|².
   */
  private static final class OutcomeMemo {
    private static final long MAX_STORED_AMPLITUDES = 1L << 22;
    private record Entry(AmplitudeState state, double normSquared, Map<Long, Double> result) {}
    private record Key(int step, long clbits) {}
    private final Map<Key, List<Entry>> entries = new HashMap<>();
    private final long dimension;
    private long stored;

    OutcomeMemo(int numQubits) { this.dimension = 1L << numQubits; }

    /** A memo for programs whose classical stores make loops revisit states, with states small enough to keep; else null. */
    static OutcomeMemo forProgram(CircuitProgram prog, int numQubits) {
      boolean stores = prog.steps.stream().anyMatch(st -> st instanceof CircuitProgram.Store);
      return stores && numQubits <= 16 ? new OutcomeMemo(numQubits) : null;
    }

    Map<Long, Double> find(int step, long clbits, AmplitudeState s) {
      List<Entry> list = entries.get(new Key(step, clbits));
      if (list == null) return null;
      double n = s.normSquared();
      for (Entry e : list) {
        if (e.state.getClass() != s.getClass()) continue;
        double[] o = overlap(e.state, s);
        if (o != null && o[0] * o[0] + o[1] * o[1] >= (1 - 1e-12) * e.normSquared * n) return e.result;
      }
      return null;
    }

    void put(int step, long clbits, AmplitudeState s, Map<Long, Double> result) {
      if (stored + dimension > MAX_STORED_AMPLITUDES) return;
      stored += dimension;
      entries.computeIfAbsent(new Key(step, clbits), k -> new ArrayList<>()).add(new Entry(s, s.normSquared(), Map.copyOf(result)));
    }

    /** ⟨a|b⟩ as {re, im}, or null for a state type without amplitude access. */
    private static double[] overlap(AmplitudeState a, AmplitudeState b) {
      double re = 0, im = 0;
      if (a instanceof StateVector x && b instanceof StateVector y) {
        for (long k = 0; k < (1L << x.numQubits()); k++) {
          re += x.re(k) * y.re(k) + x.im(k) * y.im(k);
          im += x.re(k) * y.im(k) - x.im(k) * y.re(k);
        }
      } else if (a instanceof FloatStateVector x && b instanceof FloatStateVector y) {
        for (long k = 0; k < (1L << x.numQubits()); k++) {
          re += x.re(k) * y.re(k) + x.im(k) * y.im(k);
          im += x.re(k) * y.im(k) - x.im(k) * y.re(k);
        }
      } else {
        return null;
      }
      return new double[] {re, im};
    }
  }

  private static int qubitOf(CircuitProgram.Step st) {
    return st instanceof CircuitProgram.Measure m ? m.qubit() : ((CircuitProgram.Reset) st).qubit();
  }

  /** Collapses onto {@code outcome}; a reset then flips 1 back to 0. */
  private static void settle(AmplitudeState s, CircuitProgram.Step st, int outcome) {
    int q = qubitOf(st);
    s.collapse(q, outcome);
    if (st instanceof CircuitProgram.Reset && outcome == 1) s.applyGate(X, q);
  }

  private static long record(CircuitProgram.Step st, long clbits, int outcome) {
    if (st instanceof CircuitProgram.Measure m) {
      return outcome == 1 ? clbits | (1L << m.clbit()) : clbits & ~(1L << m.clbit());
    }
    return clbits;
  }

  private static double clamp(double p) { return Math.min(1, Math.max(0, p)); }

  /** Exact binomial draw by counting Bernoulli trials: cost O(shots), like the sampling itself. */
  private static int binomial(int n, double p, SplittableRandom rng) {
    if (p == 0) return 0;
    if (p == 1) return n;
    int k = 0;
    for (int t = 0; t < n; t++) if (rng.nextDouble() < p) k++;
    return k;
  }

  private void finalSamples(CircuitProgram prog, AmplitudeState s, long clbits, int shots,
                            SplittableRandom rng, ShotSink sink) {
    if (prog.finalQubits.length == 0) {
      sink.accept(clbits, shots);
      return;
    }
    double[] u = new double[shots];
    for (int k = 0; k < shots; k++) u[k] = rng.nextDouble();
    Arrays.sort(u);
    int[] idx = s.sampleSorted(u);
    int k = 0;
    while (k < idx.length) {
      int j = k;
      while (j < idx.length && idx[j] == idx[k]) j++;
      sink.accept(prog.clbitsOfIndex(clbits, idx[k]), j - k);
      k = j;
    }
  }
}
