package io.qubitd.device.noise;

/**
 * Which noise sources a {@link NoiseModel} applies; experiments and tests switch some off.
 *
 * @param decay         amplitude damping and pure dephasing (T1, T2) during gates and idling
 * @param gateError     depolarizing for a gate's stated error beyond what decay explains
 * @param readoutError  assignment errors at measurement
 * @param residualZz    coherent ZZ between neighbours over idle couplers
 */
public record NoiseOptions(boolean decay, boolean gateError, boolean readoutError, boolean residualZz) {
  public static NoiseOptions all() { return new NoiseOptions(true, true, true, true); }

  public static NoiseOptions none() { return new NoiseOptions(false, false, false, false); }

  public NoiseOptions withDecay(boolean on) { return new NoiseOptions(on, gateError, readoutError, residualZz); }

  public NoiseOptions withGateError(boolean on) { return new NoiseOptions(decay, on, readoutError, residualZz); }

  public NoiseOptions withReadoutError(boolean on) { return new NoiseOptions(decay, gateError, on, residualZz); }

  public NoiseOptions withResidualZz(boolean on) { return new NoiseOptions(decay, gateError, readoutError, on); }
}
