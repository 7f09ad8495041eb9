package io.qubitd.kernel.mps;

/**
 * Options of the matrix-product-state method (qubitd.kernel.mps in reference.conf).
 *
 * @param maxBondDimension      largest bond kept at any cut (χ); more is truncated and counted
 * @param truncationThreshold   the smallest singular values are dropped while the weight they carry,
 *                              relative to the bond's total, stays within this (0 keeps all but exact zeros)
 * @param maxTrajectories       most noisy trajectories per run, as for the state-vector trajectories
 * @param maxStateBytes         largest state the method may hold (kernel.max-state-memory)
 */
public record MpsSettings(int maxBondDimension, double truncationThreshold, int maxTrajectories, long maxStateBytes) {
  public MpsSettings {
    if (maxBondDimension < 2) throw new IllegalArgumentException("kernel.mps.max-bond-dimension must be >= 2, got " + maxBondDimension);
    if (!(truncationThreshold >= 0 && truncationThreshold < 1)) {
      throw new IllegalArgumentException("kernel.mps.truncation-threshold must be in [0, 1), got " + truncationThreshold);
    }
    if (maxTrajectories < 1) throw new IllegalArgumentException("kernel.mps.max-trajectories must be >= 1, got " + maxTrajectories);
    if (maxStateBytes < 1) throw new IllegalArgumentException("kernel.max-state-memory must be > 0 bytes, got " + maxStateBytes);
  }

  public MpsSettings withMaxBondDimension(int chi) {
    return new MpsSettings(chi, truncationThreshold, maxTrajectories, maxStateBytes);
  }
}
