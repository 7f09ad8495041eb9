package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.qubitd.trainer.quantum.QuantumLayer;
import java.util.ArrayList;
import java.util.List;

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
  private boolean recording;
  private long quantumNanos;

  QuantumTape(QuantumLayer layer) {
    this.layer = layer;
  }

  QuantumLayer layer() { return layer; }

  /** Forgets earlier calls; later calls are kept for a backward pass only if {@code record}. */
  void start(boolean record) {
    calls.clear();
    recording = record;
  }

  List<Call> calls() { return calls; }

  /** Nanoseconds spent inside Q (forward and backward) since the tape was made. */
  long quantumNanos() { return quantumNanos; }

  /** q = Q(u, θ) for rows u (n × r); outside DJL's graph, so recorded for the hybrid backward pass. */
  NDArray forward(QthaAdapter adapter, NDArray u) {
    double[][] uValues = NdArrays.toRows(u);
    long t0 = System.nanoTime();
    double[][] q = layer.forward(uValues, adapter.theta());
    quantumNanos += System.nanoTime() - t0;
    DataType type = u.getDataType();
    NDArray leaf = NdArrays.create(u.getManager(), q, type);
    if (recording) {
      leaf.setRequiresGradient(true);
      calls.add(new Call(adapter, u, uValues, leaf));
    }
    return leaf;
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
