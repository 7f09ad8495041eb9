package io.qubitd.kernel;

/** How a fused gate is applied: each has its own kernels and its own cost in {@link FusionCostModel}. */
public enum GateStructure {
  /** One phase per basis state: one complex product per amplitude, any width. */
  DIAGONAL,
  /** Basis states move (with phases): loads and stores only, on the amplitudes it moves. */
  PERMUTATION,
  /**
   * A dense matrix that is the identity unless its control qubits are all 1: only that subspace is
   * read and written, with the matrix on the remaining (target) qubits.
   */
  CONTROLLED,
  /** A full 2^k × 2^k matrix: 2^k complex multiply-adds per amplitude. */
  DENSE
}
