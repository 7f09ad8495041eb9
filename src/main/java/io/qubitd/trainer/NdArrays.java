package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/** Moves numbers between Java arrays and NDArrays of the model's precision. */
final class NdArrays {
  private NdArrays() {}

  /**
   * Call before the first NDManager. The PyTorch native library is bundled: nothing may be fetched at
   * run time. One intra-op thread unless configured: the model's tensors are tiny, so more threads mostly
   * add overhead, and one thread keeps every float sum in the same order from run to run (a resumed
   * session must reproduce the loss exactly).
   */
  static void offline() {
    System.setProperty("ai.djl.offline", "true");
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  static NDArray create(NDManager m, double[] values, Shape shape, DataType type) {
    if (type == DataType.FLOAT64) return owned(m.create(values, shape));
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
    return owned(m.create(f, shape));
  }

  /**
   * x·c. NDArray.mul(Number) wraps c in a tensor over a Java buffer that it closes right away, yet
   * autograd keeps that tensor for the backward pass, which then reads freed memory (NaN gradients,
   * now and then). The constant here lives in memory PyTorch owns.
   */
  static NDArray scale(NDArray x, double c) {
    NDArray constant = create(x.getManager(), new double[] {c}, new Shape(), x.getDataType());
    return x.mul(constant);
  }

  /** Token ids as int64, the index type PyTorch's embedding takes. */
  static NDArray tokens(NDManager m, long[] ids, Shape shape) {
    return owned(m.create(ids, shape));
  }

  /**
   * A copy in memory PyTorch owns. NDManager.create wraps a Java direct buffer without copying, and
   * the autograd graph may keep that tensor after its wrapper is gone; when the garbage collector then
   * frees the buffer, the graph reads freed memory (seen as NaN losses that came and went between runs).
   */
  private static NDArray owned(NDArray onJavaBuffer) {
    try (onJavaBuffer) {
      return onJavaBuffer.duplicate();
    }
  }

  static NDArray create(NDManager m, double[][] rows, DataType type) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] flat = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * cols, cols);
    return create(m, flat, new Shape(rows.length, cols), type);
  }

  static double[] toDoubles(NDArray a) {
    return a.getDataType() == DataType.FLOAT64 ? a.toDoubleArray() : a.toType(DataType.FLOAT64, false).toDoubleArray();
  }

  /** Rows of a 2-d array. */
  static double[][] toRows(NDArray a) {
    int rows = (int) a.getShape().get(0);
    int cols = (int) a.getShape().get(1);
    double[] flat = toDoubles(a);
    double[][] out = new double[rows][cols];
    for (int i = 0; i < rows; i++) System.arraycopy(flat, i * cols, out[i], 0, cols);
    return out;
  }

  /**
   * Overwrites {@code target}'s values in place (outside gradient recording). NDArray.set(Buffer)
   * would make the tensor's storage the Java buffer itself; copying into the existing native storage
   * keeps a long-lived parameter independent of any Java buffer's lifetime.
   */
  static void set(NDArray target, double[] values) {
    if (values.length != target.size()) {
      throw new IllegalArgumentException("cannot set " + values.length + " values into an array of shape " + target.getShape());
    }
    // an in-place write into a parameter fails while the thread records gradients, as every new thread
    // does (PyTorch keeps the flag per thread): off for the write, then as it was
    boolean recording = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDArray source = create(target.getManager(), values, target.getShape(), target.getDataType())) {
      target.set(new NDIndex("..."), source);
    } finally {
      JniUtils.setGradMode(recording);
    }
  }
}
