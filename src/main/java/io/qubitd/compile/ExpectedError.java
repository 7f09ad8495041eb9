package io.qubitd.compile;

import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Operation;
import io.qubitd.circuit.Schedule;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.CoherenceLimit;
import java.util.HashMap;
import java.util.Map;

/**
 * The error a compiled circuit is expected to suffer on a chip as its calibration snapshot
 * describes it, 1 − Π(1 − e_k) over every error source e_k of the schedule (Qiskit's error-aware
 * layout scores a layout the same way, with gate and readout errors only):
 * <ul>
 *   <li>each SX or X: the qubit's error per gate; each CZ: its coupler's error (decay during the
 *       gates is part of these);</li>
 *   <li>each measurement: the mean readout error (P01 + P10)/2;</li>
 *   <li>decay while a used qubit idles, from the start of the schedule to its last operation (to
 *       the end of the schedule when that is not a measurement): the coherence limit of the idle
 *       time, the average error T1 and T2 cause over it;</li>
 *   <li>residual ZZ between two used, coupled qubits over the time neither is in a CZ or a
 *       measurement: the diagonal phase diag(1, 1, 1, e^{iφ}), φ = 2π·ζ·t, errs on average
 *       (4/5)(1 − |3 + e^{iφ}|²/16) = (3/10)(1 − cos φ).</li>
 * </ul>
 * The figure ranks placements; as a prediction of the success probability it is rough.
 */
public final class ExpectedError {
  private ExpectedError() {}

  /** Expected error of {@code schedule} (native operations on physical qubits) on the chip the snapshot describes. */
  public static double of(Schedule schedule, CalibrationSnapshot snapshot) {
    int n = snapshot.qubits().size();
    double[] busy = new double[n], interactionBusy = new double[n], end = new double[n];
    boolean[] used = new boolean[n], endsInMeasure = new boolean[n];
    Map<Long, CalibrationSnapshot.CouplerCalibration> couplers = new HashMap<>();
    for (CalibrationSnapshot.CouplerCalibration c : snapshot.couplers()) couplers.put(key(c.a(), c.b()), c);
    double logSuccess = 0;
    for (Schedule.TimedOperation t : schedule.operations()) {
      Operation op = t.operation();
      if (op instanceof Operation.Barrier || op instanceof Operation.Delay) continue;
      for (int q : op.qubits()) {
        used[q] = true;
        busy[q] += t.duration();
        if (t.end() >= end[q]) {
          end[q] = t.end();
          endsInMeasure[q] = op instanceof Operation.Measure;
        }
      }
      if (op instanceof Operation.Measure m) {
        CalibrationSnapshot.QubitCalibration q = snapshot.qubit(m.qubit());
        logSuccess += Math.log1p(-clamp((q.readoutP01() + q.readoutP10()) / 2));
        interactionBusy[m.qubit()] += t.duration();
      } else if (op instanceof Operation.GateOp g && g.qubits().size() == 2) {
        CalibrationSnapshot.CouplerCalibration c = couplers.get(key(g.qubits().get(0), g.qubits().get(1)));
        logSuccess += Math.log1p(-clamp(c == null ? 1 : c.czError()));
        for (int q : g.qubits()) interactionBusy[q] += t.duration();
      } else if (op instanceof Operation.GateOp g && g.gate().kind() != GateKind.RZ) {
        logSuccess += Math.log1p(-clamp(snapshot.qubit(g.qubits().get(0)).gateError()));
      } else if (op instanceof Operation.Reset r) {
        interactionBusy[r.qubit()] += t.duration();
      }
    }
    for (int q = 0; q < n; q++) {
      if (!used[q]) continue;
      if (!endsInMeasure[q]) end[q] = schedule.duration();
      CalibrationSnapshot.QubitCalibration c = snapshot.qubit(q);
      double idle = end[q] - busy[q];
      if (idle > 0 && c.t1() > 0 && c.t2() > 0) {
        logSuccess += Math.log1p(-clamp(CoherenceLimit.oneQubit(idle, c.t1(), Math.min(c.t2(), 2 * c.t1()))));
      }
    }
    for (CalibrationSnapshot.CouplerCalibration c : snapshot.couplers()) {
      if (!used[c.a()] || !used[c.b()]) continue;
      double t = Math.min(end[c.a()], end[c.b()]) - Math.max(interactionBusy[c.a()], interactionBusy[c.b()]);
      if (t <= 0) continue;
      double phi = 2 * Math.PI * c.residualZz() * t;
      logSuccess += Math.log1p(-clamp(0.3 * (1 - Math.cos(phi))));
    }
    return -Math.expm1(logSuccess);
  }

  private static double clamp(double e) { return Double.isFinite(e) ? Math.min(Math.max(e, 0), 1 - 1e-12) : 1 - 1e-12; }

  private static long key(int a, int b) { return ((long) Math.min(a, b) << 32) | Math.max(a, b); }
}
