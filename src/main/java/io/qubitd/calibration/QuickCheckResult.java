package io.qubitd.calibration;

import java.util.Map;
import java.util.Set;

/**
 * A quick check of T1 and readout per qubit against the last snapshot.
 *
 * @param drifted     qubits whose T1 or readout moved beyond the settings' thresholds
 * @param t1          the quick T1 estimate of each qubit checked (s); absent when it could not be estimated
 * @param chipSeconds emulated chip time spent
 * @param shots       shots spent
 */
public record QuickCheckResult(Set<Integer> drifted, Map<Integer, Double> t1, double chipSeconds, long shots) {
  public QuickCheckResult {
    drifted = Set.copyOf(drifted);
    t1 = Map.copyOf(t1);
  }
}
