package io.qubitd.calibration;

import io.qubitd.circuit.Circuit;
import io.qubitd.kernel.NoisyResult;
import java.time.Instant;
import java.util.List;

/**
 * The one thing calibration touches the chip through: it runs native experiment circuits on
 * physical qubits and returns counts, as a lab's control stack would.
 */
public interface Experimenter {

  /**
   * What one simultaneous run returned.
   *
   * @param results     counts of each circuit, in the order given
   * @param chipSeconds chip time the run took: shots × (longest circuit + reset between shots)
   */
  record BatchResult(List<NoisyResult> results, double chipSeconds) {
    public BatchResult { results = List.copyOf(results); }
  }

  /**
   * Runs {@code circuits} at the same time, {@code shots} &gt; 0 each. Precondition: native
   * operations on physical qubits; no two circuits share a qubit or a coupler between their
   * qubits (so spectators idle in |0⟩ and each circuit is independent of the others).
   */
  BatchResult run(List<Circuit> circuits, int shots, long seed);

  /** What the chip's clock reads now: the instant it came up plus the emulated time since; calibrations are stamped with it. */
  Instant clock();

  /** The frequency (Hz) at which the control electronics drive {@code qubit}: the Ramsey reference. */
  double driveFrequency(int qubit);
}
