package io.qubitd.device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The true parameters of every qubit and coupler of a chip at emulated time {@code time}
 * (seconds since the chip was sampled). Couplers are in the order of the chip's topology edges.
 */
public record ChipTruth(double time, List<QubitTruth> qubits, List<CouplerTruth> couplers) {

  public ChipTruth {
    qubits = List.copyOf(qubits);
    couplers = List.copyOf(couplers);
    for (int i = 0; i < qubits.size(); i++) {
      if (qubits.get(i).qubit() != i) throw new IllegalArgumentException("qubit truth at index " + i + " is for qubit " + qubits.get(i).qubit());
    }
    for (CouplerTruth c : couplers) {
      if (c.b() >= qubits.size()) throw new IllegalArgumentException("coupler (" + c.a() + "," + c.b() + ") names a qubit beyond " + (qubits.size() - 1));
    }
  }

  public QubitTruth qubit(int q) { return qubits.get(q); }

  /**
   * This truth with every coupler's CZ error re-derived from its two qubits' current T1 and T2
   * (a CZ of {@code czDuration} s), for couplers that follow their qubits' coherence. Qubits and
   * couplers drift apart (one actor each), so whoever assembles a chip's truth calls this.
   */
  public ChipTruth withCzFollowingCoherence(double czDuration) {
    List<CouplerTruth> cs = new ArrayList<>();
    for (CouplerTruth c : couplers) cs.add(c.withCoherenceOf(qubit(c.a()), qubit(c.b()), czDuration));
    return new ChipTruth(time, qubits, cs);
  }

  /** The coupler between {@code a} and {@code b}, or null when they are not coupled. */
  public CouplerTruth coupler(int a, int b) {
    int lo = Math.min(a, b), hi = Math.max(a, b);
    for (CouplerTruth c : couplers) {
      if (c.a() == lo && c.b() == hi) return c;
    }
    return null;
  }

  /**
   * A calibration snapshot equal to the truth, for use before calibration has measured the chip:
   * a qubit is usable unless it is in a TLS dip, a coupler enabled while alive.
   */
  public CalibrationSnapshot asSnapshot(String backend, long version, Instant at) {
    List<CalibrationSnapshot.QubitCalibration> qs = new ArrayList<>();
    for (QubitTruth q : qubits) {
      // The emulated dephasing is Markovian, so the truth's T2* is its T2.
      qs.add(new CalibrationSnapshot.QubitCalibration(q.qubit(), q.t1(), q.t2(), q.frequency(),
          q.readoutP01(), q.readoutP10(), q.gateError1q(), !q.inTlsDip(), q.t2(), CalibrationSnapshot.QubitStderr.UNKNOWN));
    }
    List<CalibrationSnapshot.CouplerCalibration> cs = new ArrayList<>();
    for (CouplerTruth c : couplers) {
      cs.add(new CalibrationSnapshot.CouplerCalibration(c.a(), c.b(), c.czError(), c.residualZzHz(), c.alive()));
    }
    return new CalibrationSnapshot(backend, version, at, qs, cs);
  }
}
