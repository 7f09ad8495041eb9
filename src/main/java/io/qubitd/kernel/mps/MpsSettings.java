package io.qubitd.kernel.mps;

/**
 * Options of the matrix-product-state method (qubitd.kernel.mps in reference.conf).
 *
 * @param maxBondDimension      largest bond kept at any cut (χ); more is truncated and counted
 * @param truncationThreshold   the smallest singular values are dropped while the weight they carry,
 *                              relative to the bond's total, stays within this (0 keeps all but exact zeros)
 * @param noisyTruncationThreshold the same for trajectories (programs with noise or mid-circuit measurement):
 *                              each trajectory is one sample of a run whose counts carry a statistical error of ~1/√shots, far above what a
 *                              discarded weight ε moves (total variation ≤ 2√ε summed), so a coarser
 *                              threshold there keeps the bond small where the noise itself entangles
 * @param maxTrajectories       most noisy trajectories per run, as for the state-vector trajectories
 * @param maxStateBytes         largest state the method may hold (kernel.max-state-memory)
 */
public record MpsSettings(int maxBondDimension, double truncationThreshold, int maxTrajectories, long maxStateBytes,
                          double noisyTruncationThreshold) {
  /** With the same threshold for noisy trajectories as for single evolutions. */
  public MpsSettings(int maxBondDimension, double truncationThreshold, int maxTrajectories, long maxStateBytes) {
    this(maxBondDimension, truncationThreshold, maxTrajectories, maxStateBytes, truncationThreshold);
  }

  public MpsSettings {
    if (maxBondDimension < 2) throw new IllegalArgumentException("kernel.mps.max-bond-dimension must be >= 2, got " + maxBondDimension);
    if (!(truncationThreshold >= 0 && truncationThreshold < 1)) {
      throw new IllegalArgumentException("kernel.mps.truncation-threshold must be in [0, 1), got " + truncationThreshold);
    }
    if (!(noisyTruncationThreshold >= 0 && noisyTruncationThreshold < 1)) {
      throw new IllegalArgumentException("kernel.mps.noisy-truncation-threshold must be in [0, 1), got " + noisyTruncationThreshold);
    }
    if (maxTrajectories < 1) throw new IllegalArgumentException("kernel.mps.max-trajectories must be >= 1, got " + maxTrajectories);
    if (maxStateBytes < 1) throw new IllegalArgumentException("kernel.max-state-memory must be > 0 bytes, got " + maxStateBytes);
  }

  public MpsSettings withMaxBondDimension(int chi) {
    return new MpsSettings(chi, truncationThreshold, maxTrajectories, maxStateBytes, noisyTruncationThreshold);
  }
}
