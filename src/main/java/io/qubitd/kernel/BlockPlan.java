package io.qubitd.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cache blocking for a list of fused gates. Gates are grouped into runs whose qubits fit in a set
 * S of at most B qubits (gates on disjoint qubits may move past each other to join a run). For
 * each run the state splits into 2^(n-B) blocks of 2^B amplitudes that differ only on S; each
 * block is gathered into a buffer that fits in L2, all the run's gates are applied to it, and it is
 * scattered back: one pass over memory per run instead of one per gate. Diagonal gates join any
 * run: on a block their qubits outside S are constant, so they act as a smaller diagonal on S.
 * Permutations without phases on S's non-contiguous qubits only move whole chunks: at the start or
 * end of a run the gather or scatter does them, and a run of nothing else rotates chunks in place.
 */
final class BlockPlan {
  /**
   * S always holds the 6 lowest qubits, so a gather copies runs of 64 amplitudes (8 cache lines
   * of each part) that the prefetcher follows; with 3 (one line) the gathers of runs on high qubits
   * (QFT, GHZ) ran up to twice as slow for the same number of passes, and reserving 3 to save
   * GHZ-25 double a pass cost 30–40 % more time (32-amplitude chunks).
   */
  private static final int ALWAYS_LOW = 6;

  /**
   * One run.
   *
   * @param blockQubits S ascending; bit j of a buffer index is qubit blockQubits[j]
   * @param gates the run's gates renumbered onto buffer bits, less those done by moving chunks
   * @param contiguous S holds qubits 0..contiguous-1, so chunks of 2^contiguous amplitudes are contiguous
   * @param gatherOffsets state offset, within a block, of the chunk gathered into buffer chunk h
   * @param scatterOffsets state offset, within a block, that buffer chunk h is scattered to
   */
  record Run(int[] blockQubits, List<Local> gates, int contiguous, int[] gatherOffsets, int[] scatterOffsets) {
    boolean inPlace() { return contiguous == blockQubits.length; }

    /**
     * For a run that only moves chunks (no gates left): the cycles of chunks it moves, as state
     * offsets within a block; the chunk at {@code c[j]} goes to {@code c[j + 1]}, the last to {@code c[0]}.
     */
    int[][] chunkCycles() {
      int chunks = gatherOffsets.length;
      int[] index = new int[chunks];
      Map<Integer, Integer> at = new HashMap<>();
      for (int h = 0; h < chunks; h++) at.put(gatherOffsets[h], h);
      // the chunk gathered into buffer chunk h came from gatherOffsets[h] and leaves to scatterOffsets[h]
      for (int h = 0; h < chunks; h++) index[h] = at.get(scatterOffsets[h]);
      List<int[]> cycles = new ArrayList<>();
      boolean[] seen = new boolean[chunks];
      for (int h = 0; h < chunks; h++) {
        if (seen[h] || index[h] == h) continue;
        List<Integer> c = new ArrayList<>();
        for (int x = h; !seen[x]; x = index[x]) {
          seen[x] = true;
          c.add(gatherOffsets[x]);
        }
        cycles.add(c.stream().mapToInt(Integer::intValue).toArray());
      }
      return cycles.toArray(new int[0][]);
    }
  }

  /** A gate of a run, as applied to one block. */
  sealed interface Local permits Inside, SplitDiagonal {}

  /** A gate whose qubits all lie in S, renumbered onto buffer bits. */
  record Inside(FusedGate gate) implements Local {}

  /**
   * A diagonal with some qubits outside S. {@code localPos[j]} is the buffer bit of the gate's
   * j-th qubit, or -1 when that qubit is outside S (then {@code global[j]} is its state bit).
   */
  record SplitDiagonal(FusedGate gate, int[] localPos) implements Local {
    /** The diagonal restricted to the block whose outside bits are those of {@code base}: on buffer bits. */
    FusedGate forBlock(int base) {
      int[] q = gate.qubitsShared();
      int fixed = 0, inside = 0;
      for (int j = 0; j < q.length; j++) {
        if (localPos[j] < 0) fixed |= ((base >> q[j]) & 1) << j;
        else inside++;
      }
      int[] insideBits = new int[inside], local = new int[inside];
      for (int j = 0, t = 0; j < q.length; j++) {
        if (localPos[j] >= 0) {
          insideBits[t] = j;
          local[t++] = localPos[j];
        }
      }
      double[] dr = gate.re(), di = gate.im();
      double[] r = new double[1 << inside], i = new double[1 << inside];
      for (int v = 0; v < r.length; v++) {
        int key = fixed;
        for (int t = 0; t < inside; t++) key |= ((v >> t) & 1) << insideBits[t];
        r[v] = dr[key];
        i[v] = di[key];
      }
      return FusedGate.diagonal(local, r, i);
    }
  }

  private BlockPlan() {}

  static List<Run> plan(List<FusedGate> gates, int n, int maxBlockQubits) {
    int b = Math.min(n, maxBlockQubits);
    // the low qubits leave room for the widest gate (small blocks in tests)
    int widest = 0;
    for (FusedGate g : gates) if (!g.isDiagonal()) widest = Math.max(widest, g.width());
    int low = Math.max(0, Math.min(ALWAYS_LOW, b - widest));
    List<Run> runs = new ArrayList<>();
    List<FusedGate> remaining = gates;
    while (!remaining.isEmpty()) {
      Interruption.check(); // planning is quadratic in the worst case: a stopped job stops here too
      long s = (1L << low) - 1, blocked = 0;
      long all = n == 64 ? -1L : (1L << n) - 1;
      List<FusedGate> taken = new ArrayList<>(), rest = new ArrayList<>();
      for (int i = 0; i < remaining.size(); i++) {
        FusedGate g = remaining.get(i);
        long q = mask(g);
        if ((q & blocked) == 0 && g.isDiagonal()) {
          taken.add(g);
        } else if ((q & blocked) == 0 && Long.bitCount(s | q) <= b) {
          s |= q;
          taken.add(g);
        } else if (taken.isEmpty()) {
          throw new IllegalArgumentException("gate " + g + " does not fit a block of " + b + " qubits");
        } else {
          rest.add(g);
          blocked |= q;
          if (blocked == all) {
            rest.addAll(remaining.subList(i + 1, remaining.size()));
            break;
          }
        }
      }
      for (int q = 0; Long.bitCount(s) < b; q++) s |= 1L << q;
      Run r = run(s, taken, b);
      List<FusedGate> moveRest = new ArrayList<>();
      Run moves = r.gates().isEmpty() ? moveRun(remaining, n, b, moveRest) : null;
      if (moves != null && moveRest.size() <= rest.size()) {
        r = moves;
        rest = moveRest;
      }
      runs.add(r);
      remaining = rest;
    }
    return runs;
  }

  /** Most qubits a run of chunk moves permutes: its table holds a chunk offset per pattern. */
  private static final int MAX_MOVE_QUBITS = 16;

  /**
   * A run of nothing but permutations without phases on qubits at or above {@link #ALWAYS_LOW}
   * (taken greedily, in order, as a run's gates are), or null: it needs no buffer, so its qubits
   * may be more than a block holds, and its chunks are as long as the lowest such qubit and a
   * buffer allow (GHZ-25's chains on qubits 14..24, double: 2^10-amplitude chunks took 0.044–0.054 s
   * of CPU, 2^13 0.029–0.031; a pass over memory costs about 0.025).
   * Used when the ordinary run would only move chunks too (GHZ's CX chains above qubit 13: one
   * pass instead of two in double precision). The gates it leaves go to {@code rest}.
   */
  private static Run moveRun(List<FusedGate> remaining, int n, int b, List<FusedGate> rest) {
    long u = 0, blocked = 0;
    List<FusedGate> taken = new ArrayList<>();
    for (FusedGate g : remaining) {
      long q = mask(g);
      if ((q & blocked) == 0 && g.isPermutation() && g.unitPhases() && g.qubitsShared()[0] >= ALWAYS_LOW
          && Long.bitCount(u | q) <= MAX_MOVE_QUBITS) {
        u |= q;
        taken.add(g);
      } else {
        rest.add(g);
        blocked |= q;
      }
    }
    int chunkBits = Math.min(Math.min(Long.numberOfTrailingZeros(u), b), n - Long.bitCount(u));
    if (taken.isEmpty() || chunkBits < ALWAYS_LOW) return null;
    Run r = run(u | ((1L << chunkBits) - 1), taken, chunkBits);
    return r.gates().isEmpty() ? r : null;
  }

  private static long mask(FusedGate g) {
    long m = 0;
    for (int q : g.qubitsShared()) m |= 1L << q;
    return m;
  }

  /** The run of {@code taken} on S = {@code s}, its chunks at most 2^maxContiguous amplitudes. */
  private static Run run(long s, List<FusedGate> taken, int maxContiguous) {
    int[] sq = new int[Long.bitCount(s)];
    for (int j = 0, q = 0; j < sq.length; q++) if (((s >>> q) & 1) == 1) sq[j++] = q;
    List<Local> local = new ArrayList<>(taken.size());
    for (FusedGate g : taken) {
      int[] gq = g.qubitsShared(), lq = new int[gq.length];
      boolean inside = true;
      for (int j = 0; j < gq.length; j++) {
        int pos = Arrays.binarySearch(sq, gq[j]);
        lq[j] = pos < 0 ? -1 : pos;
        inside &= pos >= 0;
      }
      local.add(inside ? new Inside(g.onQubits(lq)) : new SplitDiagonal(g, lq));
    }
    int contiguous = 0;
    while (contiguous < Math.min(sq.length, maxContiguous) && sq[contiguous] == contiguous) contiguous++;
    int chunks = 1 << (sq.length - contiguous);
    int[] offs = new int[chunks];
    for (int h = 0; h < chunks; h++) {
      int o = 0;
      for (int j = contiguous; j < sq.length; j++) if (((h >> (j - contiguous)) & 1) == 1) o |= 1 << sq[j];
      offs[h] = o;
    }
    // permutations that only move whole chunks cost nothing when the gather reads (or the scatter
    // writes) each chunk from (to) where they move it: GHZ's CX chains on high qubits become copies
    int first = 0, last = local.size();
    while (first < last && movesChunks(local.get(first), contiguous)) first++;
    while (last > first && movesChunks(local.get(last - 1), contiguous)) last--;
    int[] gather = offs, scatter = offs;
    if (first > 0) {
      gather = new int[chunks];
      for (int h = 0; h < chunks; h++) gather[moveChunk(h, local.subList(0, first), contiguous)] = offs[h];
    }
    if (last < local.size()) {
      scatter = new int[chunks];
      for (int h = 0; h < chunks; h++) scatter[h] = offs[moveChunk(h, local.subList(last, local.size()), contiguous)];
    }
    return new Run(sq, List.copyOf(local.subList(first, last)), contiguous, gather, scatter);
  }

  /** Whether {@code l} only moves amplitudes, and only between chunks (its qubits are all above the contiguous ones). */
  private static boolean movesChunks(Local l, int contiguous) {
    return l instanceof Inside in && in.gate().isPermutation() && in.gate().unitPhases()
        && in.gate().qubitsShared()[0] >= contiguous;
  }

  /** The chunk that chunk {@code h}'s amplitudes are in after {@code gates} (each a chunk move). */
  private static int moveChunk(int h, List<Local> gates, int contiguous) {
    for (Local l : gates) {
      FusedGate g = ((Inside) l).gate();
      int[] q = g.qubitsShared();
      int u = 0, mask = 0;
      for (int j = 0; j < q.length; j++) {
        u |= ((h >> (q[j] - contiguous)) & 1) << j;
        mask |= 1 << (q[j] - contiguous);
      }
      int t = g.permutedColumn(u);
      h &= ~mask;
      for (int j = 0; j < q.length; j++) h |= ((t >> j) & 1) << (q[j] - contiguous);
    }
    return h;
  }
}
