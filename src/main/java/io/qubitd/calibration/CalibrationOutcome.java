package io.qubitd.calibration;

import io.qubitd.device.CalibrationSnapshot;
import java.util.List;
import java.util.Set;

/**
 * A calibration's published snapshot and what the next calibration needs to compare against.
 *
 * @param referenceT1 per qubit, the last T1 measured outside a TLS dip: a dip is a fall against it
 * @param tlsQubits   qubits judged to be in a TLS dip now
 * @param chipSeconds emulated chip time the experiments took
 * @param shots       shots spent
 */
public record CalibrationOutcome(
    CalibrationSnapshot snapshot, List<Double> referenceT1, Set<Integer> tlsQubits, double chipSeconds, long shots) {
  public CalibrationOutcome {
    referenceT1 = List.copyOf(referenceT1);
    tlsQubits = Set.copyOf(tlsQubits);
  }
}
