package io.qubitd.device.noise;

import io.qubitd.circuit.Condition;
import io.qubitd.circuit.Gate;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Schedule;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.QubitTruth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ejml.data.ZMatrixRMaj;

/**
 * Turns a scheduled physical circuit of native operations (RZ, SX, X, CZ, measure, reset,
 * barrier, delay) into a {@link NoisyProgram} under a chip's true parameters:
 * <ul>
 *   <li>every gate: its ideal unitary, then amplitude damping and pure dephasing over its
 *       duration, then depolarizing sized so that the gate's average error equals the stated one
 *       ({@link Channels#depolarizingRemainder});</li>
 *   <li>every idle window of a used qubit (gaps, delays, up to the end of the schedule):
 *       damping and dephasing;</li>
 *   <li>residual ZZ of each coupler between two used qubits, over the time when neither is in a
 *       CZ, measurement or reset: the diagonal unitary diag(1, 1, 1, e^{−i·2π·ζ·t}), ζ in Hz being
 *       the frequency shift of |11⟩ (so the phase is −2π·ζ·t on |11⟩, no local Z terms);</li>
 *   <li>measurement: projection, then readout assignment error, then decay over its duration;
 *       reset: to |0⟩, then decay over its duration;</li>
 *   <li>drive-frame detuning: over every window a qubit spends (gate, idle, measurement, reset),
 *       RZ(2π·(f − f_frame)·t), f the qubit's true frequency and f_frame the frequency its control
 *       electronics drive it at (the truth unless given, so no detuning by default);</li>
 *   <li>a CZ on a dead coupler, when {@link NoiseOptions#deadCouplerIdles()} is on: an idle of the
 *       CZ's duration (decay, no entangling unitary, no gate error).</li>
 * </ul>
 * After a qubit's last operation, when that is a measurement, its decay is left out: no later
 * gate reads the qubit, so decay could only act through the small change it makes to neighbours'
 * ZZ phases, and leaving it out keeps final measurements free of later non-diagonal channels,
 * which lets simulators read them off the end state.
 * A conditional operation's unitary and depolarizing carry its condition; decay over its duration
 * does not, since time passes whether or not the operation runs. Operation qubits are physical
 * qubits of the chip.
 */
public final class NoiseModel {
  private NoiseModel() {}

  /** Times closer than this (seconds) count as equal when checking that a qubit's operations do not overlap. */
  private static final double TIME_TOLERANCE = 1e-15;

  /**
   * The noisy program of {@code schedule} on the chip {@code truth}; operations must be native
   * and on physical qubits of the chip, not overlapping on a qubit; CZ only on live couplers.
   */
  public static NoisyProgram program(Schedule schedule, int numClbits, ChipTruth truth, NoiseOptions options) {
    return program(schedule, numClbits, truth, options, Map.of());
  }

  /**
   * As {@link #program(Schedule, int, ChipTruth, NoiseOptions)}, with the drive frame of each
   * physical qubit in {@code frameFrequencyHz} (finite, Hz); qubits not in the map are driven at
   * their true frequency.
   */
  public static NoisyProgram program(Schedule schedule, int numClbits, ChipTruth truth, NoiseOptions options,
      Map<Integer, Double> frameFrequencyHz) {
    for (Map.Entry<Integer, Double> e : frameFrequencyHz.entrySet()) {
      if (!Double.isFinite(e.getValue())) throw new IllegalArgumentException("drive frame of qubit " + e.getKey() + " is not finite: " + e.getValue());
    }
    return new Builder(schedule, numClbits, truth, options, frameFrequencyHz).build();
  }

  /** As {@link #program(Schedule, int, ChipTruth, NoiseOptions)} with every noise source on. */
  public static NoisyProgram program(Schedule schedule, int numClbits, ChipTruth truth) {
    return program(schedule, numClbits, truth, NoiseOptions.all());
  }

  private static final class Builder {
    private final Schedule schedule;
    private final int numClbits;
    private final ChipTruth truth;
    private final NoiseOptions options;
    private final int[] compact;
    private final List<Integer> physical = new ArrayList<>();
    private final List<NoisyInstruction> out = new ArrayList<>();
    private final double[] free;
    private final List<List<double[]>> excluded = new ArrayList<>();
    private final List<CouplerTruth> pairs = new ArrayList<>();
    private final List<List<Integer>> pairsOf = new ArrayList<>();
    private final Map<Long, CouplerTruth> couplerByPair = new HashMap<>();
    private final double[] zzUntil;
    /** Qubits whose last operation, a measurement, has been emitted. */
    private final boolean[] finished;
    private final Map<Integer, Schedule.TimedOperation> lastOp = new HashMap<>();
    /** Detuning f − f_frame of each compact qubit, Hz. */
    private final double[] detuning;

    Builder(Schedule schedule, int numClbits, ChipTruth truth, NoiseOptions options, Map<Integer, Double> frames) {
      this.schedule = schedule;
      this.numClbits = numClbits;
      this.truth = truth;
      this.options = options;
      int chipQubits = truth.qubits().size();
      TreeSet<Integer> used = new TreeSet<>();
      for (Schedule.TimedOperation t : schedule.operations()) {
        Operation op = t.operation();
        for (int q : op.qubits()) {
          if (q < 0 || q >= chipQubits) throw new IllegalArgumentException("operation " + op + " names qubit " + q + ", the chip has 0.." + (chipQubits - 1));
        }
        if (!(op instanceof Operation.Barrier)) used.addAll(op.qubits());
      }
      compact = new int[chipQubits];
      Arrays.fill(compact, -1);
      for (int q : used) { compact[q] = physical.size(); physical.add(q); }
      free = new double[physical.size()];
      for (int i = 0; i < physical.size(); i++) { excluded.add(new ArrayList<>()); pairsOf.add(new ArrayList<>()); }
      for (CouplerTruth c : truth.couplers()) {
        couplerByPair.put(key(c.a(), c.b()), c);
        // Dead couplers keep their residual coupling: failure stops CZ, not the static ZZ.
        if (compact[c.a()] >= 0 && compact[c.b()] >= 0) {
          pairsOf.get(compact[c.a()]).add(pairs.size());
          pairsOf.get(compact[c.b()]).add(pairs.size());
          pairs.add(c);
        }
      }
      zzUntil = new double[pairs.size()];
      finished = new boolean[physical.size()];
      detuning = new double[physical.size()];
      for (int i = 0; i < physical.size(); i++) {
        int pq = physical.get(i);
        double f = truth.qubit(pq).frequency();
        detuning[i] = f - frames.getOrDefault(pq, f);
      }
    }

    private long key(int a, int b) { return (long) Math.min(a, b) * Integer.MAX_VALUE + Math.max(a, b); }

    NoisyProgram build() {
      List<Schedule.TimedOperation> ops = new ArrayList<>(schedule.operations());
      ops.sort(Comparator.comparingDouble(Schedule.TimedOperation::start));
      for (Schedule.TimedOperation t : ops) {
        if (t.operation() instanceof Operation.Barrier) continue;
        for (int pq : t.operation().qubits()) lastOp.put(compact[pq], t);
      }
      double end = schedule.duration();
      for (Schedule.TimedOperation t : ops) {
        end = Math.max(end, t.end());
        Operation op = t.operation();
        if (op instanceof Operation.Barrier || op instanceof Operation.Delay) continue;
        for (int pq : op.qubits()) {
          int q = compact[pq];
          if (t.start() < free[q] - TIME_TOLERANCE) {
            throw new IllegalArgumentException("schedule overlaps on qubit " + pq + ": " + op + " starts at " + t.start()
                + " s before the previous operation ends at " + free[q] + " s");
          }
          pass(q, t.start() - free[q]);
          for (int p : pairsOf.get(q)) flushZz(p, t.start());
        }
        emit(op, t);
        for (int pq : op.qubits()) free[compact[pq]] = t.end();
      }
      for (int p = 0; p < pairs.size(); p++) flushZz(p, end);
      for (int q = 0; q < physical.size(); q++) pass(q, end - free[q]);
      return new NoisyProgram(physical, numClbits, out);
    }

    private void emit(Operation op, Schedule.TimedOperation t) {
      Condition cond = op.condition();
      if (op instanceof Operation.Measure m) {
        int q = compact[m.qubit()];
        QubitTruth qt = truth.qubit(m.qubit());
        boolean ro = options.readoutError();
        out.add(new NoisyInstruction.Measure(q, m.clbit(), ro ? qt.readoutP01() : 0, ro ? qt.readoutP10() : 0, cond));
        if (lastOp.get(q) == t) finished[q] = true;
        pass(q, t.duration());
        excluded.get(q).add(new double[] {t.start(), t.end()});
      } else if (op instanceof Operation.Reset r) {
        int q = compact[r.qubit()];
        out.add(new NoisyInstruction.Reset(q, cond));
        pass(q, t.duration());
        excluded.get(q).add(new double[] {t.start(), t.end()});
      } else if (op instanceof Operation.GateOp g) {
        emitGate(g, t);
      } else if (op instanceof Operation.Store st) {
        out.add(new NoisyInstruction.Store(st));
      }
    }

    private void emitGate(Operation.GateOp g, Schedule.TimedOperation t) {
      Gate gate = g.gate();
      Condition cond = g.condition();
      List<Integer> qs = g.qubits().stream().map(q -> compact[q]).toList();
      double dur = t.duration();
      boolean cz = gate.kind() == GateKind.Z && gate.controls() == 1;
      boolean oneQubit = gate.controls() == 0 && (gate.kind() == GateKind.RZ || gate.kind() == GateKind.SX || gate.kind() == GateKind.X);
      if (!cz && !oneQubit) {
        throw new IllegalArgumentException("the noise model takes native gates rz, sx, x, cz only; got " + gate + " on qubits "
            + g.qubits() + ": compile the circuit first");
      }
      CouplerTruth c = null;
      if (cz) {
        c = couplerByPair.get(key(g.qubits().get(0), g.qubits().get(1)));
        if (c == null) throw new IllegalArgumentException("cz on qubits " + g.qubits() + ", which share no coupler");
        if (!c.alive()) {
          if (!options.deadCouplerIdles()) throw new IllegalArgumentException("cz on qubits " + g.qubits() + ": their coupler is dead");
          for (int q : qs) pass(q, dur);
          return;
        }
      }
      out.add(new NoisyInstruction.Unitary(gate.matrix(), qs, cond));
      for (int q : qs) pass(q, dur);
      if (gate.kind() == GateKind.RZ) return;
      double error;
      double transferTrace = 1;
      if (cz) {
        error = c.czError();
        for (int pq : g.qubits()) {
          transferTrace *= qubitTransferTrace(pq, dur);
          excluded.get(compact[pq]).add(new double[] {t.start(), t.end()});
        }
      } else {
        error = truth.qubit(g.qubits().get(0)).gateError1q();
        transferTrace = qubitTransferTrace(g.qubits().get(0), dur);
      }
      if (!options.gateError()) return;
      double p = Channels.depolarizingRemainder(error, transferTrace, 1 << qs.size());
      if (p > 0) {
        NoisyInstruction.MixedUnitary dep = Channels.depolarizing(p, qs);
        out.add(new NoisyInstruction.MixedUnitary(dep.probabilities(), dep.unitaries(), qs, cond));
      }
    }

    private double qubitTransferTrace(int physicalQubit, double dur) {
      if (!options.decay()) return 4;
      QubitTruth qt = truth.qubit(physicalQubit);
      return Channels.decayTransferTrace(dur, qt.t1(), qt.t2());
    }

    /** Time {@code t} passing on compact qubit {@code q}: detuning in the drive frame, then decay. */
    private void pass(int q, double t) {
      if (!(t > 0) || finished[q]) return;
      if (detuning[q] != 0) {
        out.add(new NoisyInstruction.Unitary(Gate.of(GateKind.RZ, 2 * Math.PI * detuning[q] * t).matrix(), List.of(q), null));
      }
      decay(q, t);
    }

    private void decay(int q, double t) {
      if (!options.decay() || !(t > 0) || finished[q]) return;
      QubitTruth qt = truth.qubit(physical.get(q));
      double gamma = Channels.dampingProbability(t, qt.t1());
      if (gamma > 0) out.add(new NoisyInstruction.KrausChannel(Channels.amplitudeDamping(gamma), List.of(q), null));
      double flip = Channels.phaseFlipProbability(t, qt.dephasingRate());
      if (flip > 0) out.add(Channels.phaseFlip(flip, q));
    }

    /** Emits the ZZ phase pair {@code p} gathered since its last flush, up to time {@code until}. */
    private void flushZz(int p, double until) {
      double from = zzUntil[p];
      if (!(until > from)) return;
      zzUntil[p] = until;
      CouplerTruth c = pairs.get(p);
      if (!options.residualZz() || c.residualZzHz() == 0) return;
      int a = compact[c.a()], b = compact[c.b()];
      double active = blockedTime(a, b, from, until);
      double t = until - from - active;
      if (!(t > 0)) return;
      double phase = -2 * Math.PI * c.residualZzHz() * t;
      ZMatrixRMaj u = new ZMatrixRMaj(4, 4);
      u.set(0, 0, 1, 0);
      u.set(1, 1, 1, 0);
      u.set(2, 2, 1, 0);
      u.set(3, 3, Math.cos(phase), Math.sin(phase));
      out.add(new NoisyInstruction.Unitary(u, List.of(a, b), null));
    }

    /** Length of the union of a's and b's CZ/measure/reset intervals within [from, until]. */
    private double blockedTime(int a, int b, double from, double until) {
      List<double[]> iv = new ArrayList<>();
      for (int q : new int[] {a, b}) {
        for (double[] x : excluded.get(q)) {
          double s = Math.max(x[0], from), e = Math.min(x[1], until);
          if (e > s) iv.add(new double[] {s, e});
        }
      }
      iv.sort(Comparator.comparingDouble(x -> x[0]));
      double total = 0, curS = 0, curE = -1;
      for (double[] x : iv) {
        if (x[0] > curE) {
          if (curE > curS) total += curE - curS;
          curS = x[0];
          curE = x[1];
        } else {
          curE = Math.max(curE, x[1]);
        }
      }
      if (curE > curS) total += curE - curS;
      return total;
    }
  }
}
