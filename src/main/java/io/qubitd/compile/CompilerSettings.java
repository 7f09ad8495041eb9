package io.qubitd.compile;

/**
 * Options of the compiler.
 *
 * @param routingTrials    seeded SABRE routing trials; the one with fewest SWAPs is kept
 * @param layoutIterations forward-backward SABRE passes that refine the initial layout
 * @param lookaheadWeight  weight of the extended set in the SABRE cost
 * @param lookaheadSize    number of upcoming two-qubit gates in the extended set
 * @param seed             seed of every random choice; equal seeds give equal output
 * @param optimize         whether to run the peephole optimisation
 */
public record CompilerSettings(int routingTrials, int layoutIterations, double lookaheadWeight,
                               int lookaheadSize, long seed, boolean optimize) {

  public CompilerSettings {
    if (routingTrials < 1) throw new IllegalArgumentException("routingTrials must be >= 1, got " + routingTrials);
    if (layoutIterations < 0) {
      throw new IllegalArgumentException("layoutIterations must be >= 0, got " + layoutIterations);
    }
    if (!(lookaheadWeight >= 0)) {
      throw new IllegalArgumentException("lookaheadWeight must be >= 0, got " + lookaheadWeight);
    }
    if (lookaheadSize < 0) throw new IllegalArgumentException("lookaheadSize must be >= 0, got " + lookaheadSize);
  }

  /** Qiskit-like defaults: 8 routing trials, 3 layout passes, lookahead 20 gates at weight 0.5. */
  public static CompilerSettings defaults() { return new CompilerSettings(8, 3, 0.5, 20, 2024L, true); }
}
