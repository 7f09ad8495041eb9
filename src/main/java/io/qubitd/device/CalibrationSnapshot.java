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
   * @param t2         T2 from a Hahn echo
   * @param readoutP01 P(read 0 | prepared 1)
   * @param readoutP10 P(read 1 | prepared 0)
   * @param gateError  average error per single-qubit native gate (SX)
   * @param usable     false when the qubit must not be used (below thresholds, TLS dip)
   * @param t2Star     T2* from the Ramsey fringe's decay; NaN when not measured
   * @param stderr     one-sigma standard errors of the measured values
   */
  public record QubitCalibration(
      int qubit, double t1, double t2, double frequency, double readoutP01, double readoutP10,
      double gateError, boolean usable, double t2Star, QubitStderr stderr) {
    public QubitCalibration {
      if (stderr == null) throw new IllegalArgumentException("qubit " + qubit + ": stderr is required (QubitStderr.UNKNOWN when none)");
    }

    /** A qubit known without error bars or T2* (by hand, or from a source that has none). */
    public QubitCalibration(int qubit, double t1, double t2, double frequency, double readoutP01, double readoutP10,
        double gateError, boolean usable) {
      this(qubit, t1, t2, frequency, readoutP01, readoutP10, gateError, usable, Double.NaN, QubitStderr.UNKNOWN);
    }
  }

  /** One-sigma standard errors of a qubit's calibrated values, in their units; NaN where unknown. */
  public record QubitStderr(double t1, double t2Star, double t2, double frequency, double readoutP01, double readoutP10,
      double gateError) {
    public static final QubitStderr UNKNOWN = new QubitStderr(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN);
  }

  /**
   * One coupler between qubits a and b.
   *
   * @param czError    average error of a CZ on this coupler
   * @param residualZz residual ZZ coupling when idle, in Hz
   * @param enabled    false for a dead or disabled coupler: never route through it
   * @param stderr     one-sigma standard errors of the measured values
   */
  public record CouplerCalibration(int a, int b, double czError, double residualZz, boolean enabled, CouplerStderr stderr) {
    public CouplerCalibration {
      if (stderr == null) throw new IllegalArgumentException("coupler (" + a + "," + b + "): stderr is required (CouplerStderr.UNKNOWN when none)");
    }

    /** A coupler known without error bars. */
    public CouplerCalibration(int a, int b, double czError, double residualZz, boolean enabled) {
      this(a, b, czError, residualZz, enabled, CouplerStderr.UNKNOWN);
    }
  }

  /** One-sigma standard errors of a coupler's calibrated values; NaN where unknown. */
  public record CouplerStderr(double czError, double residualZz) {
    public static final CouplerStderr UNKNOWN = new CouplerStderr(Double.NaN, Double.NaN);
  }

  public QubitCalibration qubit(int q) { return qubits.get(q); }

  public CouplerCalibration coupler(int index) { return couplers.get(index); }
}
