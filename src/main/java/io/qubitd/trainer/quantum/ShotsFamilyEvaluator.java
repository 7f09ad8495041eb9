package io.qubitd.trainer.quantum;

import io.qubitd.kernel.batch.OutcomeSampler;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The shots mode as a {@link FamilyLayer.Evaluator}: each binding of the ansatz family is simulated
 * exactly on its 2^r amplitudes ({@link AnsatzStates}) and {@code shots} noiseless samples are drawn
 * from the final probabilities as one multinomial ({@link OutcomeSampler}, cost O(outcomes), not
 * O(shots)). It goes through the same path as the chip (bindings, deduplication, gradient modes), so
 * qtha-shots differs from qtha-chip only in where the counts come from: sampling noise without the
 * chip's noise.
 *
 * <p>Bindings are cut into fixed chunks and each chunk draws its own seed from one stream in order,
 * so the counts are reproducible whatever the number of threads that evaluate the chunks.
 */
public final class ShotsFamilyEvaluator implements FamilyLayer.Evaluator {
  /** Bindings per chunk: one seed each, and the unit of parallel work. */
  static final int CHUNK = 256;

  private final LayerAnsatz ansatz;
  private final int shots;
  private final SplittableRandom seeds;

  /** Precondition: shots >= 1. */
  public ShotsFamilyEvaluator(LayerAnsatz ansatz, int shots, long seed) {
    if (shots < 1) throw new IllegalArgumentException("qubitd.trainer.quantum.shots must be >= 1, got " + shots);
    this.ansatz = ansatz;
    this.shots = shots;
    this.seeds = new SplittableRandom(seed);
  }

  @Override
  public double[][] zExpectations(List<double[]> stepAngles) {
    int n = stepAngles.size();
    int chunks = (n + CHUNK - 1) / CHUNK;
    long[] chunkSeeds = new long[chunks];
    synchronized (this) {
      for (int c = 0; c < chunks; c++) chunkSeeds[c] = seeds.nextLong();
    }
    double[][] out = new double[n][];
    IntStream.range(0, chunks).parallel().forEach(c -> {
      SplittableRandom rng = new SplittableRandom(chunkSeeds[c]);
      int r = ansatz.qubits();
      int dim = 1 << r;
      double[] re = new double[dim], im = new double[dim], p = new double[dim];
      List<LayerAnsatz.Step> steps = ansatz.steps();
      for (int b = c * CHUNK; b < Math.min(n, (c + 1) * CHUNK); b++) {
        double[] a = stepAngles.get(b);
        Arrays.fill(re, 0);
        Arrays.fill(im, 0);
        re[0] = 1;
        for (int k = 0; k < steps.size(); k++) AnsatzStates.apply(steps.get(k), a[k], re, im);
        for (int o = 0; o < dim; o++) p[o] = re[o] * re[o] + im[o] * im[o];
        long[] counts = OutcomeSampler.sample(p, shots, rng);
        double[] z = new double[r];
        for (int o = 0; o < dim; o++) {
          for (int i = 0; i < r; i++) z[i] += ((o >> i) & 1) == 0 ? counts[o] : -counts[o];
        }
        for (int i = 0; i < r; i++) z[i] /= shots;
        out[b] = z;
      }
    });
    return out;
  }

  /** No chip: sampling takes no chip time. */
  @Override
  public double chipSeconds() { return 0; }

  /** No chip: nothing is packed. */
  @Override
  public double utilisation() { return 0; }

  @Override
  public boolean onChip() { return false; }
}
