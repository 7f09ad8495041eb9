package io.qubitd.device.noise;

/**
 * Which noise sources a {@link NoiseModel} applies; experiments and tests switch some off.
 *
 * @param decay            amplitude damping and pure dephasing (T1, T2) during gates and idling
 * @param gateError        depolarizing for a gate's stated error beyond what decay explains
 * @param readoutError     assignment errors at measurement
 * @param residualZz       coherent ZZ between neighbours over idle couplers
 * @param deadCouplerIdles a CZ on a dead coupler becomes an idle of the CZ duration with full
 *                         decay (what the chip would do: the flux pulse couples nothing), instead
 *                         of an error; calibration turns it on so it can see and flag the coupler
 */
public record NoiseOptions(boolean decay, boolean gateError, boolean readoutError, boolean residualZz, boolean deadCouplerIdles) {

  /** The four noise sources, with a CZ on a dead coupler an error. */
  public NoiseOptions(boolean decay, boolean gateError, boolean readoutError, boolean residualZz) {
    this(decay, gateError, readoutError, residualZz, false);
  }

  public static NoiseOptions all() { return new NoiseOptions(true, true, true, true); }

  public static NoiseOptions none() { return new NoiseOptions(false, false, false, false); }

  public NoiseOptions withDecay(boolean on) { return new NoiseOptions(on, gateError, readoutError, residualZz, deadCouplerIdles); }

  public NoiseOptions withGateError(boolean on) { return new NoiseOptions(decay, on, readoutError, residualZz, deadCouplerIdles); }

  public NoiseOptions withReadoutError(boolean on) { return new NoiseOptions(decay, gateError, on, residualZz, deadCouplerIdles); }

  public NoiseOptions withResidualZz(boolean on) { return new NoiseOptions(decay, gateError, readoutError, on, deadCouplerIdles); }

  public NoiseOptions withDeadCouplerIdles(boolean on) { return new NoiseOptions(decay, gateError, readoutError, residualZz, on); }
}
