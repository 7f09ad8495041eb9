package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/** Moves numbers between Java arrays and NDArrays of the model's precision. */
final class NdArrays {
  private NdArrays() {}

  /** Call before the first NDManager: the PyTorch native library is bundled, nothing may be fetched at run time. */
  static void offline() {
    System.setProperty("ai.djl.offline", "true");
  }

  static NDArray create(NDManager m, double[] values, Shape shape, DataType type) {
    if (type == DataType.FLOAT64) return m.create(values, shape);
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
    return m.create(f, shape);
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

  /** Overwrites {@code target}'s values in place (outside gradient recording). */
  static void set(NDArray target, double[] values) {
    if (values.length != target.size()) {
      throw new IllegalArgumentException("cannot set " + values.length + " values into an array of shape " + target.getShape());
    }
    if (target.getDataType() == DataType.FLOAT64) {
      target.set(DoubleBuffer.wrap(values));
    } else {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
      target.set(FloatBuffer.wrap(f));
    }
  }
}
