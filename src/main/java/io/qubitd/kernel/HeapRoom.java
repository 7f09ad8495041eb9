package io.qubitd.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * How large a long-lived array this JVM can hold. A state vector of 2^n amplitudes is a few arrays
 * of gigabytes that live for the whole run, so they must fit in the heap's old generation, not
 * merely in the heap: with the parallel collector (what {@code bin/qubitd} runs) the old generation
 * is about two thirds of the maximum heap, and a state sized against the whole heap fails with
 * "Java heap space" instead of being refused up front.
 */
public final class HeapRoom {
  private HeapRoom() {}

  /**
   * The most bytes the old generation can grow to (the tenured pool's maximum; the whole heap's
   * maximum when the collector does not name such a pool or states no maximum).
   */
  public static long oldGenerationBytes() {
    long heap = Runtime.getRuntime().maxMemory();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP) continue;
      String name = pool.getName();
      if (name.contains("Old Gen") || name.contains("Tenured")) {
        long max = pool.getUsage().getMax();
        if (max > 0) return Math.min(heap, max);
      }
    }
    return heap;
  }
}
