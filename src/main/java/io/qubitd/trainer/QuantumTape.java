package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.qubitd.trainer.quantum.QuantumLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where autograd stops at the quantum layer. In a recorded forward pass each call of Q keeps its
 * input u (still in DJL's graph) and returns its output q as a fresh leaf that requires a gradient;
 * the hybrid backward pass later takes dL/dq from those leaves, asks Q for dL/du and dL/dθ, and
 * pushes dL/du back into the graph. Calls are kept in forward order, which is a topological order.
 */
final class QuantumTape {

  /** One call of Q: the adapter whose angles it used, u in the graph and as numbers, the leaf q. */
  record Call(QthaAdapter adapter, NDArray u, double[][] uValues, NDArray q) {}

  private final QuantumLayer layer;
  private final List<Call> calls = new ArrayList<>();
  /** Outside recording: outputs already computed, per adapter, for the angles they were computed with. */
  private final Map<QthaAdapter, Memo> seen = new IdentityHashMap<>();
  private boolean recording;
  private long quantumNanos;

  QuantumTape(QuantumLayer layer) {
    this.layer = layer;
  }

  QuantumLayer layer() { return layer; }

  /**
   * Forgets earlier calls and remembered outputs; later calls are kept for a backward pass only if
   * {@code record}. Without recording, a row seen before with the same angles (a prompt's prefix in
   * every step of greedy decoding) is answered from memory and never sent again.
   */
  void start(boolean record) {
    calls.clear();
    seen.clear();
    recording = record;
  }

  List<Call> calls() { return calls; }

  /** Nanoseconds spent inside Q (forward and backward) since the tape was made. */
  long quantumNanos() { return quantumNanos; }

  /** One input row, compared by value. */
  private record Row(double[] values) {
    @Override public boolean equals(Object o) { return o instanceof Row r && Arrays.equals(r.values, values); }

    @Override public int hashCode() { return Arrays.hashCode(values); }
  }

  /** The outputs computed for one adapter's angles {@code theta}. */
  private record Memo(double[] theta, Map<Row, double[]> outputs) {}

  /** q = Q(u, θ) for rows u (n × r); outside DJL's graph, so recorded for the hybrid backward pass. */
  NDArray forward(QthaAdapter adapter, NDArray u) {
    double[][] uValues = NdArrays.toRows(u);
    double[][] q = recording ? evaluate(uValues, adapter.theta()) : remembered(adapter, uValues);
    DataType type = u.getDataType();
    NDArray leaf = NdArrays.create(u.getManager(), q, type);
    if (recording) {
      leaf.setRequiresGradient(true);
      calls.add(new Call(adapter, u, uValues, leaf));
    }
    return leaf;
  }

  private double[][] evaluate(double[][] u, double[] theta) {
    long t0 = System.nanoTime();
    double[][] q = layer.forward(u, theta);
    quantumNanos += System.nanoTime() - t0;
    return q;
  }

  /** Q(u) row by row, sending only rows not seen with these angles since {@link #start} (each distinct row once). */
  private double[][] remembered(QthaAdapter adapter, double[][] u) {
    Memo memo = seen.get(adapter);
    if (memo == null || !Arrays.equals(memo.theta(), adapter.theta())) {
      memo = new Memo(adapter.theta().clone(), new HashMap<>());
      seen.put(adapter, memo);
    }
    double[][] q = new double[u.length][];
    Map<Row, Integer> fresh = new LinkedHashMap<>();
    int[] slot = new int[u.length];
    for (int i = 0; i < u.length; i++) {
      Row row = new Row(u[i]);
      q[i] = memo.outputs().get(row);
      if (q[i] == null) slot[i] = fresh.computeIfAbsent(row, r -> fresh.size());
    }
    if (!fresh.isEmpty()) {
      double[][] out = evaluate(fresh.keySet().stream().map(Row::values).toArray(double[][]::new), adapter.theta());
      for (Map.Entry<Row, Integer> e : fresh.entrySet()) memo.outputs().put(e.getKey(), out[e.getValue()]);
      for (int i = 0; i < u.length; i++) if (q[i] == null) q[i] = out[slot[i]];
    }
    return q;
  }

  /** dL/du and dL/dθ of one call, given dL/dq (n × r). */
  QuantumLayer.Gradients backward(Call call, double[][] gradOut) {
    long t0 = System.nanoTime();
    QuantumLayer.Gradients g = layer.backward(call.uValues(), call.adapter().theta(), gradOut);
    quantumNanos += System.nanoTime() - t0;
    if (g.input().length != gradOut.length || g.theta().length != call.adapter().theta().length) {
      throw new IllegalStateException("quantum layer returned gradients of the wrong shape: " + g.input().length
          + " rows and " + g.theta().length + " angles for " + gradOut.length + " rows and " + call.adapter().theta().length);
    }
    return g;
  }
}
