package io.qubitd.kernel.stabilizer;

import java.util.SplittableRandom;

/**
 * A stabilizer state on n qubits as an Aaronson–Gottesman tableau (PRA 70, 052328 (2004)): rows
 * 0..n−1 destabilizers, n..2n−1 stabilizers, each row i^e·⊗_q X^{x_q}·Z^{z_q} in bit words. In
 * this form the product of two rows has phase e₁ + e₂ + 2·|z₁ ∧ x₂| (mod 4), since Z^a·X^b =
 * (−1)^{ab}·X^b·Z^a. Memory (2n + 1)·2·⌈n/64⌉ words; a measurement costs O(n²/64).
 */
final class Tableau {
  final int n;
  private final int words;
  private final long[][] x;
  private final long[][] z;
  private final int[] e;

  /** |0…0⟩: destabilizer i is X_i, stabilizer i is Z_i. */
  Tableau(int n) {
    this.n = n;
    words = Math.max(1, (n + 63) >>> 6);
    x = new long[2 * n + 1][words];
    z = new long[2 * n + 1][words];
    e = new int[2 * n + 1];
    for (int i = 0; i < n; i++) {
      x[i][i >>> 6] |= 1L << (i & 63);
      z[n + i][i >>> 6] |= 1L << (i & 63);
    }
  }

  private Tableau(Tableau t) {
    n = t.n;
    words = t.words;
    x = new long[t.x.length][];
    z = new long[t.z.length][];
    for (int r = 0; r < x.length; r++) {
      x[r] = t.x[r].clone();
      z[r] = t.z[r].clone();
    }
    e = t.e.clone();
  }

  Tableau copy() { return new Tableau(this); }

  /** Bytes a tableau on n qubits takes. */
  static long bytes(int n) { return (2L * n + 1) * 2 * Math.max(1, (n + 63) >>> 6) * 8 + (2L * n + 1) * 4; }

  private static int bit(long[] w, int q) { return (int) (w[q >>> 6] >>> (q & 63)) & 1; }

  private static void set(long[] w, int q, int b) {
    long m = 1L << (q & 63);
    w[q >>> 6] = b == 1 ? w[q >>> 6] | m : w[q >>> 6] & ~m;
  }

  /** Conjugates every row by the Clifford {@code t} on {@code qubits}. */
  void apply(CliffordTable t, int[] qubits) {
    for (int r = 0; r < 2 * n; r++) {
      int local = 0;
      for (int j = 0; j < qubits.length; j++) {
        local |= bit(x[r], qubits[j]) << (2 * j) | bit(z[r], qubits[j]) << (2 * j + 1);
      }
      if (local == 0) continue;
      int img = t.image()[local];
      e[r] = (e[r] + t.phase()[local]) & 3;
      for (int j = 0; j < qubits.length; j++) {
        set(x[r], qubits[j], img >> (2 * j) & 1);
        set(z[r], qubits[j], img >> (2 * j + 1) & 1);
      }
    }
  }

  /** Row h ← row h · row i. */
  private void multiplyInto(int h, int i) {
    int count = 0;
    for (int w = 0; w < words; w++) {
      count += Long.bitCount(z[h][w] & x[i][w]);
      x[h][w] ^= x[i][w];
      z[h][w] ^= z[i][w];
    }
    e[h] = (e[h] + e[i] + 2 * count) & 3;
  }

  /** Measures Z on {@code q}: the outcome, random draws from {@code rng} when it is not determined. */
  int measure(int q, SplittableRandom rng) {
    int p = -1;
    for (int r = n; r < 2 * n; r++) {
      if (bit(x[r], q) == 1) {
        p = r;
        break;
      }
    }
    if (p >= 0) {
      for (int r = 0; r < 2 * n; r++) if (r != p && bit(x[r], q) == 1) multiplyInto(r, p);
      int outcome = rng.nextInt(2);
      System.arraycopy(x[p], 0, x[p - n], 0, words);
      System.arraycopy(z[p], 0, z[p - n], 0, words);
      e[p - n] = e[p];
      java.util.Arrays.fill(x[p], 0);
      java.util.Arrays.fill(z[p], 0);
      set(z[p], q, 1);
      e[p] = 2 * outcome;
      return outcome;
    }
    int s = 2 * n;
    java.util.Arrays.fill(x[s], 0);
    java.util.Arrays.fill(z[s], 0);
    e[s] = 0;
    for (int i = 0; i < n; i++) if (bit(x[i], q) == 1) multiplyInto(s, i + n);
    return e[s] >> 1;
  }
}
