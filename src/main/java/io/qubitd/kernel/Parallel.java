package io.qubitd.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * Splits index ranges over a ForkJoinPool. Chunks depend only on the range size, never on the
 * thread count, so sums (and everything sampled from them) are bit-identical on any number of threads.
 */
final class Parallel {
  /** At most this many chunks per range: enough to balance two to a few dozen threads. */
  private static final int MAX_CHUNKS = 64;
  /** Chunks smaller than this cost more to schedule than they save. */
  private static final int MIN_CHUNK = 1 << 11;

  private static final Map<Integer, Parallel> SHARED = new ConcurrentHashMap<>();

  interface RangeBody { void run(int from, int to); }

  interface RangeSum { double sum(int from, int to); }

  private final ForkJoinPool pool;
  private final int threads;

  private Parallel(int threads) {
    this.threads = threads;
    this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setDaemon(true);
      t.setName("qubitd-kernel-" + t.getPoolIndex());
      return t;
    }, null, false);
  }

  /** One pool per thread count, shared by all states and simulators of this JVM. */
  static Parallel withThreads(int threads) {
    return SHARED.computeIfAbsent(threads, Parallel::new);
  }

  int threads() { return threads; }

  static int chunks(int count) {
    return Math.max(1, Math.min(MAX_CHUNKS, count / MIN_CHUNK));
  }

  /** Runs {@code body} over [0, count) split in chunks; in parallel when {@code parallel} and threads > 1. */
  void forRange(int count, boolean parallel, RangeBody body) {
    forRange(count, parallel, MIN_CHUNK, body);
  }

  /** As {@link #forRange(int, boolean, RangeBody)} with chunks of at least {@code minChunk} items. */
  void forRange(int count, boolean parallel, int minChunk, RangeBody body) {
    int chunks = Math.max(1, Math.min(MAX_CHUNKS, count / minChunk));
    eachChunk(chunks, parallel, c -> body.run(bound(count, chunks, c), bound(count, chunks, c + 1)));
  }

  /** The sum of {@code body} over [0, count), added in a fixed order whatever the thread count. */
  double sum(int count, boolean parallel, RangeSum body) {
    int chunks = chunks(count);
    double[] parts = new double[chunks];
    eachChunk(chunks, parallel, c -> parts[c] = body.sum(bound(count, chunks, c), bound(count, chunks, c + 1)));
    double s = 0;
    for (double p : parts) s += p;
    return s;
  }

  private void eachChunk(int chunks, boolean parallel, IntConsumer chunk) {
    if (!parallel || pool == null || chunks == 1) {
      for (int c = 0; c < chunks; c++) chunk.accept(c);
      return;
    }
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
    for (int c = 0; c < chunks; c++) {
      int index = c;
      tasks[c] = ForkJoinTask.adapt(() -> chunk.accept(index));
    }
    pool.invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(tasks)));
  }

  private static int bound(int count, int chunks, int c) {
    return (int) ((long) count * c / chunks);
  }
}
