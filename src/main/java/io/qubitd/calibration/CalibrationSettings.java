package io.qubitd.calibration;

import com.typesafe.config.Config;
import java.util.List;

/**
 * Sizes of the calibration experiments and the thresholds that mark qubits and couplers unusable.
 * Times in seconds, errors as probabilities. The defaults keep a full calibration of wukong72
 * to tens of seconds of wall time on two cores while meeting the accuracy its tests demand.
 *
 * @param readoutShots       shots per readout circuit (prepare 0, prepare 1)
 * @param sweepShots         shots per point of the T1, echo and Ramsey sweeps
 * @param coarsePoints       points of the logarithmic coarse sweeps that size the fine ones
 * @param t1Points           points of the fine T1 sweep, over 0..3·T1(coarse)
 * @param echoPoints         points of the fine echo sweep, over 0..3·T2(coarse)
 * @param ramseyPoints       points of the Ramsey sweep, over 0..2.5·T2(echo)
 * @param rbSequences        random sequences per randomized-benchmarking length
 * @param rbShots            shots per RB sequence
 * @param rbMaxLength        longest RB sequence, in Cliffords
 * @param xebDepths          cross-entropy-benchmarking depths (CZ cycles)
 * @param xebCircuits        random circuits per XEB depth
 * @param xebShots           shots per XEB circuit
 * @param quickShots         shots per circuit of a quick check
 * @param minT1              a qubit with a shorter T1 is unusable
 * @param minT2              a qubit with a shorter T2 (echo) is unusable
 * @param maxReadoutError    a qubit whose mean readout error (P01 + P10)/2 is larger is unusable
 * @param max1qError         a qubit whose error per SX is larger is unusable
 * @param maxCzError         a coupler whose CZ error is larger is disabled
 * @param tlsT1Drop          a relative fall of T1 against the qubit's reference T1 that marks a TLS dip
 * @param quickT1Drift       a relative change of T1 in a quick check that marks the qubit drifted
 * @param quickReadoutDrift  an absolute change of P01 or P10 in a quick check that marks it drifted
 */
public record CalibrationSettings(
    int readoutShots, int sweepShots, int coarsePoints, int t1Points, int echoPoints, int ramseyPoints,
    int rbSequences, int rbShots, int rbMaxLength, List<Integer> xebDepths, int xebCircuits, int xebShots, int quickShots,
    double minT1, double minT2, double maxReadoutError, double max1qError, double maxCzError,
    double tlsT1Drop, double quickT1Drift, double quickReadoutDrift) {

  public CalibrationSettings {
    xebDepths = List.copyOf(xebDepths);
    positive("readout-shots", readoutShots);
    positive("sweep-shots", sweepShots);
    atLeast("coarse-points", coarsePoints, 4);
    atLeast("t1-points", t1Points, 4);
    atLeast("echo-points", echoPoints, 4);
    atLeast("ramsey-points", ramseyPoints, 8);
    positive("rb-sequences", rbSequences);
    positive("rb-shots", rbShots);
    atLeast("rb-max-length", rbMaxLength, 10);
    if (xebDepths.size() < 3) throw new IllegalArgumentException("calibration xeb-depths needs at least 3 depths, got " + xebDepths);
    for (int d : xebDepths) if (d < 1) throw new IllegalArgumentException("calibration xeb-depths must be >= 1, got " + xebDepths);
    if (xebDepths.stream().distinct().count() < 3) throw new IllegalArgumentException("calibration xeb-depths needs 3 distinct depths, got " + xebDepths);
    positive("xeb-circuits", xebCircuits);
    positive("xeb-shots", xebShots);
    positive("quick-shots", quickShots);
    positiveReal("min-t1", minT1);
    positiveReal("min-t2", minT2);
    probability("max-readout-error", maxReadoutError);
    probability("max-1q-error", max1qError);
    probability("max-cz-error", maxCzError);
    if (!(tlsT1Drop > 0 && tlsT1Drop < 1)) throw new IllegalArgumentException("calibration tls-t1-drop must be within (0, 1), got " + tlsT1Drop);
    positiveReal("quick-t1-drift", quickT1Drift);
    probability("quick-readout-drift", quickReadoutDrift);
  }

  public static CalibrationSettings defaults() {
    return new CalibrationSettings(10_000, 4000, 12, 16, 32, 48, 10, 400, 900, List.of(1, 4, 10, 24, 48), 8, 1000, 4000,
        5e-6, 1e-6, 0.12, 0.01, 0.1, 0.3, 0.25, 0.02);
  }

  /** Reads a {@code qubitd.calibration.experiments}-shaped block; every key required (reference.conf has them). */
  public static CalibrationSettings fromConfig(Config c) {
    return new CalibrationSettings(c.getInt("readout-shots"), c.getInt("sweep-shots"), c.getInt("coarse-points"),
        c.getInt("t1-points"), c.getInt("echo-points"), c.getInt("ramsey-points"), c.getInt("rb-sequences"),
        c.getInt("rb-shots"), c.getInt("rb-max-length"), c.getIntList("xeb-depths"), c.getInt("xeb-circuits"),
        c.getInt("xeb-shots"), c.getInt("quick-shots"), seconds(c, "min-t1"), seconds(c, "min-t2"),
        c.getDouble("max-readout-error"), c.getDouble("max-1q-error"), c.getDouble("max-cz-error"),
        c.getDouble("tls-t1-drop"), c.getDouble("quick-t1-drift"), c.getDouble("quick-readout-drift"));
  }

  private static double seconds(Config c, String key) { return c.getDuration(key).toNanos() / 1e9; }

  private static void positive(String key, int v) { atLeast(key, v, 1); }

  private static void atLeast(String key, int v, int min) {
    if (v < min) throw new IllegalArgumentException("calibration " + key + " must be >= " + min + ", got " + v);
  }

  private static void positiveReal(String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("calibration " + key + " must be positive, got " + v);
  }

  private static void probability(String key, double v) {
    if (!(v > 0 && v <= 1)) throw new IllegalArgumentException("calibration " + key + " must be within (0, 1], got " + v);
  }
}
