package io.qubitd.scheduler;

import java.time.Duration;
import java.util.ArrayDeque;
import org.HdrHistogram.Histogram;

/**
 * A scheduler's running figures since it started: chip runs, circuits, utilisation, and the latency
 * from submission to completion (HdrHistogram, milliseconds). Plain Java; the actor feeds it.
 */
final class RunMetrics {

  private record Run(long nanos, int circuits) {}

  private final Duration window;
  private final long startNanos;
  private final ArrayDeque<Run> recent = new ArrayDeque<>();
  private final Histogram latencyMillis = new Histogram(3);
  private long runs;
  private long circuits;
  private double busyFractionSum;

  RunMetrics(Duration window, long nowNanos) {
    this.window = window;
    this.startNanos = nowNanos;
  }

  /** One chip run that ran {@code circuits} circuits on {@code busyFraction} of the chip's qubits. */
  void recordRun(long nowNanos, int circuits, double busyFraction) {
    runs++;
    this.circuits += circuits;
    busyFractionSum += busyFraction;
    recent.add(new Run(nowNanos, circuits));
    prune(nowNanos);
  }

  void recordLatency(Duration submissionToCompletion) {
    latencyMillis.recordValue(Math.max(0, submissionToCompletion.toMillis()));
  }

  long runs() { return runs; }

  long circuits() { return circuits; }

  double busyFractionSum() { return busyFractionSum; }

  /** Runs per second over the last window (or since start, when younger than the window). */
  double runsPerSecond(long nowNanos) {
    prune(nowNanos);
    return recent.size() / seconds(nowNanos);
  }

  double circuitsPerSecond(long nowNanos) {
    prune(nowNanos);
    long n = 0;
    for (Run r : recent) n += r.circuits();
    return n / seconds(nowNanos);
  }

  Histogram latencyCopy() { return latencyMillis.copy(); }

  private double seconds(long nowNanos) {
    return Math.max(1e-3, Math.min(window.toNanos(), nowNanos - startNanos) / 1e9);
  }

  private void prune(long nowNanos) {
    while (!recent.isEmpty() && nowNanos - recent.peekFirst().nanos() > window.toNanos()) recent.pollFirst();
  }
}
