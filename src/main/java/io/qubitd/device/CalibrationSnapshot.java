package io.qubitd.device;

import java.time.Instant;
import java.util.List;

/**
 * What is known of a chip at one time: the measured (or, before calibration runs, the true)
 * parameters of each qubit and coupler, in the shape of a cloud provider's backend
 * properties. The compiler and the scheduler see only this, never the truth.
 *
 * @param version increases with every published snapshot
 * @param time    emulated time at which it was measured
 */
public record CalibrationSnapshot(
    String backend, long version, Instant time, List<QubitCalibration> qubits, List<CouplerCalibration> couplers) {

  public CalibrationSnapshot {
    qubits = List.copyOf(qubits);
    couplers = List.copyOf(couplers);
  }

  /**
   * One qubit. Times in seconds, frequency in Hz, errors as probabilities.
   *
   * @param readoutP01 P(read 0 | prepared 1)
   * @param readoutP10 P(read 1 | prepared 0)
   * @param gateError  average error per single-qubit native gate (SX)
   * @param usable     false when the qubit must not be used (below thresholds, TLS dip)
   */
  public record QubitCalibration(
      int qubit, double t1, double t2, double frequency, double readoutP01, double readoutP10,
      double gateError, boolean usable) {}

  /**
   * One coupler between qubits a and b.
   *
   * @param czError    average error of a CZ on this coupler
   * @param residualZz residual ZZ coupling when idle, in Hz
   * @param enabled    false for a dead or disabled coupler: never route through it
   */
  public record CouplerCalibration(int a, int b, double czError, double residualZz, boolean enabled) {}

  public QubitCalibration qubit(int q) { return qubits.get(q); }

  public CouplerCalibration coupler(int index) { return couplers.get(index); }
}
