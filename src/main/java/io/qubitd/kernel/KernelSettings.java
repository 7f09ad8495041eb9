package io.qubitd.kernel;

/**
 * Every option of the state-vector kernel.
 *
 * @param fusionMaxWidth widest fused gate, in qubits (1..6; 1 keeps gates apart)
 * @param parallelThresholdQubits states with at least this many qubits run on {@code threads} threads
 * @param threads worker threads for large states (at least 1)
 * @param maxStateBytes largest state allocation allowed (kernel.max-state-memory)
 * @param precision amplitude precision
 */
public record KernelSettings(int fusionMaxWidth, int parallelThresholdQubits, int threads,
                             long maxStateBytes, Precision precision) {

  /** Memory kept free for the rest of the JVM when the limit is derived from -Xmx. */
  private static final long HEADROOM_BYTES = 512L << 20;

  public KernelSettings {
    if (fusionMaxWidth < 1 || fusionMaxWidth > StateVector.MAX_MATRIX_QUBITS) {
      throw new IllegalArgumentException("kernel.fusion-max-width must be in 1.."
          + StateVector.MAX_MATRIX_QUBITS + ", got " + fusionMaxWidth);
    }
    if (parallelThresholdQubits < 1) {
      throw new IllegalArgumentException("kernel.parallel-threshold-qubits must be >= 1, got " + parallelThresholdQubits);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("kernel.threads must be >= 1, got " + threads);
    }
    if (maxStateBytes < 1) {
      throw new IllegalArgumentException("kernel.max-state-memory must be > 0 bytes, got " + maxStateBytes);
    }
    if (precision == null) {
      throw new IllegalArgumentException("kernel.precision must be DOUBLE or SINGLE, got null");
    }
  }

  /**
   * Fusion width 4, threshold 14 qubits, all cores, double; states up to the heap's old generation
   * ({@link HeapRoom}: where arrays that live for a run end up) less 512 MiB, at least a tenth of it.
   */
  public static KernelSettings defaults() {
    long max = HeapRoom.oldGenerationBytes();
    long limit = Math.max(max / 10, max - HEADROOM_BYTES);
    return new KernelSettings(4, 14, Runtime.getRuntime().availableProcessors(), limit, Precision.DOUBLE);
  }

  public KernelSettings withFusionMaxWidth(int w) {
    return new KernelSettings(w, parallelThresholdQubits, threads, maxStateBytes, precision);
  }

  public KernelSettings withParallelism(int thresholdQubits, int nThreads) {
    return new KernelSettings(fusionMaxWidth, thresholdQubits, nThreads, maxStateBytes, precision);
  }

  public KernelSettings withMaxStateBytes(long bytes) {
    return new KernelSettings(fusionMaxWidth, parallelThresholdQubits, threads, bytes, precision);
  }

  public KernelSettings withPrecision(Precision p) {
    return new KernelSettings(fusionMaxWidth, parallelThresholdQubits, threads, maxStateBytes, p);
  }
}
