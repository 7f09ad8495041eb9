package io.qubitd.trainer;

/**
 * SplitMix64: a random generator whose whole state is one long, so a checkpoint can hold it and
 * a resumed session draws exactly the numbers the original would have.
 */
final class SplitMix {
  private long state;

  SplitMix(long seed) {
    this.state = seed;
  }

  long state() { return state; }

  long nextLong() {
    long z = (state += 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound); bound ≥ 1. */
  int nextInt(int bound) {
    return (int) Math.floorMod(nextLong(), (long) bound);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** n independent draws from N(0, sigma²). */
  double[] gaussians(int n, double sigma) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = sigma * nextGaussian();
    return v;
  }

  double nextGaussian() {
    double u = Math.max(nextDouble(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextDouble());
  }
}
