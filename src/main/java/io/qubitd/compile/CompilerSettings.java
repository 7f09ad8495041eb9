package io.qubitd.compile;

import com.typesafe.config.Config;

/**
 * Options of the compiler.
 *
 * @param routingTrials    seeded SABRE routing trials; the one with fewest SWAPs is kept
 * @param layoutIterations forward-backward SABRE passes that refine the initial layout
 * @param lookaheadWeight  weight of the extended set in the SABRE cost
 * @param lookaheadSize    number of upcoming two-qubit gates in the extended set
 * @param seed             seed of every random choice; equal seeds give equal output
 * @param optimize         whether to run the peephole optimisation
 * @param regionCandidates noise-aware placement: this many regions (best by the quick score first)
 *                         are compiled in full, each with every routing trial, and the compiled
 *                         circuit of least expected error ({@link ExpectedError}) wins; 0 keeps the
 *                         quick choice: the best-scored region and the routing with fewest SWAPs
 * @param layoutCallLimit  candidate tries of the search for a placement needing no SWAP ({@link SubgraphLayout},
 *                         Qiskit's VF2Layout call limit); when it finds none the regions above are used; 0 skips it
 */
public record CompilerSettings(int routingTrials, int layoutIterations, double lookaheadWeight,
                               int lookaheadSize, long seed, boolean optimize, int regionCandidates,
                               long layoutCallLimit) {

  public CompilerSettings {
    if (routingTrials < 1) throw new IllegalArgumentException("routingTrials must be >= 1, got " + routingTrials);
    if (layoutIterations < 0) {
      throw new IllegalArgumentException("layoutIterations must be >= 0, got " + layoutIterations);
    }
    if (!(lookaheadWeight >= 0)) {
      throw new IllegalArgumentException("lookaheadWeight must be >= 0, got " + lookaheadWeight);
    }
    if (lookaheadSize < 0) throw new IllegalArgumentException("lookaheadSize must be >= 0, got " + lookaheadSize);
    if (regionCandidates < 0) throw new IllegalArgumentException("regionCandidates must be >= 0, got " + regionCandidates);
    if (layoutCallLimit < 0) throw new IllegalArgumentException("layoutCallLimit must be >= 0, got " + layoutCallLimit);
  }

  /**
   * Qiskit-like defaults: 8 routing trials, 3 layout passes, lookahead 20 gates at weight 0.5;
   * noise-aware placement over 6 candidate regions; a SWAP-free placement searched for 200,000 candidate tries.
   */
  public static CompilerSettings defaults() { return new CompilerSettings(8, 3, 0.5, 20, 2024L, true, 6, 200_000L); }

  /** These settings with {@code regionCandidates} instead (0: the quick placement). */
  public CompilerSettings withRegionCandidates(int candidates) {
    return new CompilerSettings(routingTrials, layoutIterations, lookaheadWeight, lookaheadSize, seed, optimize, candidates,
        layoutCallLimit);
  }

  /**
   * Reads the compiler's subtree (e.g. {@code qubitd.compile}): keys routing-trials,
   * layout-iterations, lookahead-weight, lookahead-size, seed, optimize, region-candidates, layout-call-limit; absent keys keep
   * {@link #defaults()}.
   */
  public static CompilerSettings fromConfig(Config c) {
    CompilerSettings d = defaults();
    return new CompilerSettings(
        c.hasPath("routing-trials") ? c.getInt("routing-trials") : d.routingTrials(),
        c.hasPath("layout-iterations") ? c.getInt("layout-iterations") : d.layoutIterations(),
        c.hasPath("lookahead-weight") ? c.getDouble("lookahead-weight") : d.lookaheadWeight(),
        c.hasPath("lookahead-size") ? c.getInt("lookahead-size") : d.lookaheadSize(),
        c.hasPath("seed") ? c.getLong("seed") : d.seed(),
        c.hasPath("optimize") ? c.getBoolean("optimize") : d.optimize(),
        c.hasPath("region-candidates") ? c.getInt("region-candidates") : d.regionCandidates(),
        c.hasPath("layout-call-limit") ? c.getLong("layout-call-limit") : d.layoutCallLimit());
  }
}
