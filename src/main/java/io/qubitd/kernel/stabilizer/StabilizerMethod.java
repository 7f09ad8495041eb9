package io.qubitd.kernel.stabilizer;

import io.qubitd.circuit.Condition;
import io.qubitd.device.noise.NoisyInstruction;
import io.qubitd.kernel.ClassicalMemory;
import io.qubitd.kernel.Interruption;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationMethod;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;

/**
 * Clifford circuits on the stabilizer tableau, any width: gates whose conjugation maps Paulis to
 * Paulis (checked per gate from its matrix, so H, S, CX, CZ, SX and RZ at multiples of π/2 all
 * qualify), measurements, resets and conditions; Pauli mixtures (depolarizing, dephasing) draw
 * one Pauli per shot. Channels that are not mixtures of Cliffords (amplitude damping, residual ZZ
 * at arbitrary angles) are refused, so on a chip with its full noise this method is not chosen.
 * A program without draws is evolved once and its final measurements taken on a copy per shot.
 */
public final class StabilizerMethod implements SimulationMethod {
  public static final String NAME = "stabilizer";
  private static final double IDENTITY_TOLERANCE = 1e-15;

  private final long maxBytes;

  /** @param maxBytes memory the tableau may take (kernel.max-state-memory) */
  public StabilizerMethod(long maxBytes) { this.maxBytes = maxBytes; }

  @Override public String name() { return NAME; }

  @Override
  public int maxQubits() {
    int lo = 1, hi = 1 << 24;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (Tableau.bytes(mid) <= maxBytes) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  @Override
  public long memoryBytes(Program program) { return Tableau.bytes(program.numQubits()); }

  @Override
  public Optional<String> refusal(Program program) {
    if (program.computedRegisters() != null) return Optional.of(program.computedRegisters());
    if (memoryBytes(program) > maxBytes) {
      return Optional.of("a stabilizer tableau of " + program.numQubits() + " qubits needs " + memoryBytes(program)
          + " bytes, over the limit of " + maxBytes + " set by kernel.max-state-memory");
    }
    List<NoisyInstruction> ins = program.instructions().instructions();
    for (int i = 0; i < ins.size(); i++) {
      NoisyInstruction x = ins.get(i);
      if (x.qubits().size() > 2) return Optional.of("instruction " + i + " acts on " + x.qubits().size() + " qubits; decompose it first");
      if (x instanceof NoisyInstruction.KrausChannel) {
        return Optional.of(program.label() + " has a non-unitary channel (instruction " + i + ", e.g. amplitude damping)"
            + " that the stabilizer method cannot apply; it takes Clifford gates and Pauli noise only");
      }
      List<ZMatrixRMaj> us = x instanceof NoisyInstruction.Unitary u ? List.of(u.matrix())
          : x instanceof NoisyInstruction.MixedUnitary m ? m.unitaries() : List.of();
      for (ZMatrixRMaj u : us) {
        if (CliffordTable.of(u) == null) {
          return Optional.of(program.label() + " is not a Clifford circuit: instruction " + i + " on qubits " + x.qubits()
              + " is not a Clifford gate");
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public SimulationResult run(Program program, int shots, long seed, boolean memory) {
    if (shots < 1) throw new IllegalArgumentException("shots must be >= 1, got " + shots);
    requireRunnable(program);
    Compiled c = compile(program);
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, Long> counts = new HashMap<>();
    List<String> mem = memory ? new ArrayList<>(shots) : null;
    Shot prepared = null;
    if (!c.random) {
      prepared = new Shot(new Tableau(c.n), new ClassicalMemory(c.clbits));
      prepared.evolve(c, rng);
    }
    for (int s = 0; s < shots; s++) {
      Interruption.check();
      Shot shot;
      if (prepared != null) {
        shot = new Shot(prepared.tableau.copy(), prepared.memory.copy());
      } else {
        shot = new Shot(new Tableau(c.n), new ClassicalMemory(c.clbits));
        shot.evolve(c, rng);
      }
      for (NoisyInstruction.Measure m : c.deferred) shot.record(m.qubit(), m.clbit(), m.p01(), m.p10(), rng);
      String key = shot.memory.key(program.cregs());
      counts.merge(key, 1L, Long::sum);
      if (mem != null) mem.add(key);
    }
    return SimulationResult.of(NAME, counts, shots, mem);
  }

  @Override
  public Map<String, Double> probabilities(Program program) {
    throw new IllegalArgumentException("the stabilizer method samples counts; exact probabilities need statevector or mps");
  }

  // ---- compiled program ----

  private sealed interface Step permits Gate, Mixed, Measure, Reset {
    Condition condition();
  }

  private record Gate(CliffordTable table, int[] qubits, Condition condition) implements Step {}

  private record Mixed(double[] cumulative, Gate[] choices, Condition condition) implements Step {}

  private record Measure(int qubit, int clbit, double p01, double p10, Condition condition) implements Step {}

  private record Reset(int qubit, Condition condition) implements Step {}

  private static final class Compiled {
    int n;
    int clbits;
    final List<Step> steps = new ArrayList<>();
    final List<NoisyInstruction.Measure> deferred = new ArrayList<>();
    boolean random;
  }

  private static final CliffordTable X = CliffordTable.of(io.qubitd.circuit.Gate.of(io.qubitd.circuit.GateKind.X).matrix());

  private static Compiled compile(Program program) {
    Compiled c = new Compiled();
    c.n = program.numQubits();
    c.clbits = program.numClbits();
    boolean[] late = DensityMatrixSimulator.deferrable(program.instructions());
    List<NoisyInstruction> ins = program.instructions().instructions();
    for (int i = 0; i < ins.size(); i++) {
      NoisyInstruction x = ins.get(i);
      if (late[i]) {
        c.deferred.add((NoisyInstruction.Measure) x);
        continue;
      }
      int[] qs = x.qubits().stream().mapToInt(Integer::intValue).toArray();
      if (x instanceof NoisyInstruction.Measure m) {
        c.steps.add(new Measure(m.qubit(), m.clbit(), m.p01(), m.p10(), m.condition()));
        c.random = true;
      } else if (x instanceof NoisyInstruction.Reset r) {
        c.steps.add(new Reset(r.qubit(), r.condition()));
        c.random = true;
      } else if (x instanceof NoisyInstruction.Unitary u) {
        if (!isIdentity(u.matrix())) c.steps.add(new Gate(CliffordTable.of(u.matrix()), qs, u.condition()));
      } else if (x instanceof NoisyInstruction.MixedUnitary m) {
        int k = m.unitaries().size();
        double[] cumulative = new double[k];
        Gate[] choices = new Gate[k];
        double acc = 0;
        for (int j = 0; j < k; j++) {
          acc += m.probabilities().get(j);
          cumulative[j] = acc;
          ZMatrixRMaj u = m.unitaries().get(j);
          choices[j] = isIdentity(u) ? null : new Gate(CliffordTable.of(u), qs, null);
        }
        c.steps.add(new Mixed(cumulative, choices, m.condition()));
        c.random = true;
      }
    }
    return c;
  }

  private static boolean isIdentity(ZMatrixRMaj m) {
    for (int r = 0; r < m.numRows; r++) {
      for (int c = 0; c < m.numCols; c++) {
        double want = r == c ? 1 : 0;
        if (Math.abs(m.getReal(r, c) - want) > IDENTITY_TOLERANCE || Math.abs(m.getImag(r, c)) > IDENTITY_TOLERANCE) return false;
      }
    }
    return true;
  }

  /** One shot's tableau and classical bits. */
  private record Shot(Tableau tableau, ClassicalMemory memory) {
    void evolve(Compiled c, SplittableRandom rng) {
      for (Step st : c.steps) {
        if (!memory.holds(st.condition())) continue;
        if (st instanceof Gate g) {
          tableau.apply(g.table(), g.qubits());
        } else if (st instanceof Mixed m) {
          double x = rng.nextDouble() * m.cumulative()[m.cumulative().length - 1];
          int j = 0;
          while (j < m.cumulative().length - 1 && x >= m.cumulative()[j]) j++;
          if (m.choices()[j] != null) tableau.apply(m.choices()[j].table(), m.choices()[j].qubits());
        } else if (st instanceof Measure m) {
          record(m.qubit(), m.clbit(), m.p01(), m.p10(), rng);
        } else if (st instanceof Reset r) {
          if (tableau.measure(r.qubit(), rng) == 1) tableau.apply(X, new int[] {r.qubit()});
        }
      }
    }

    void record(int qubit, int clbit, double p01, double p10, SplittableRandom rng) {
      int outcome = tableau.measure(qubit, rng);
      double flip = outcome == 1 ? p01 : p10;
      memory.set(clbit, flip > 0 && rng.nextDouble() < flip ? outcome ^ 1 : outcome);
    }
  }
}
