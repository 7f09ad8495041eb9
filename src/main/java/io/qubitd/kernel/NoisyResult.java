package io.qubitd.kernel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of a noisy run. A key is the final classical memory as a long, bit i being clbit i;
 * {@link #countsByBitstring()} gives the same counts keyed like Qiskit (highest clbit leftmost).
 */
public record NoisyResult(int numClbits, int shots, Map<Long, Long> counts) {
  public NoisyResult {
    counts = Map.copyOf(counts);
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    if (total != shots) throw new IllegalArgumentException("counts add up to " + total + ", not " + shots + " shots");
  }

  /** Counts keyed by bitstrings of length numClbits, clbit numClbits−1 first, in increasing key order. */
  public Map<String, Long> countsByBitstring() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Map.Entry<Long, Long> e : new TreeMap<>(counts).entrySet()) m.put(bitstring(e.getKey(), numClbits), e.getValue());
    return m;
  }

  public long count(long bits) { return counts.getOrDefault(bits, 0L); }

  /** {@code bits} written as numClbits characters, highest bit leftmost. */
  public static String bitstring(long bits, int numClbits) {
    StringBuilder sb = new StringBuilder(numClbits);
    for (int i = numClbits - 1; i >= 0; i--) sb.append((bits >>> i & 1) == 1 ? '1' : '0');
    return sb.toString();
  }
}
