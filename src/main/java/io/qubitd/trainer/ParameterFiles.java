package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Parameter values as (name, count, doubles) records. Loading writes into the existing arrays, so
 * they keep their place in the model and their gradient; a name or size that differs is an error.
 */
final class ParameterFiles {
  private ParameterFiles() {}

  static void write(DataOutputStream out, String name, double[] values) throws IOException {
    out.writeUTF(name);
    out.writeInt(values.length);
    for (double v : values) out.writeDouble(v);
  }

  static double[] read(DataInputStream in, String expectName, int expectCount) throws IOException {
    String name = in.readUTF();
    int n = in.readInt();
    if (!name.equals(expectName) || n != expectCount) {
      throw new IOException("checkpoint holds '" + name + "' with " + n + " values where '" + expectName + "' with "
          + expectCount + " was expected; was it written with other settings?");
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = in.readDouble();
    return v;
  }

  static void save(DataOutputStream out, List<Parameter> params) throws IOException {
    for (Parameter p : params) write(out, p.getName(), NdArrays.toDoubles(p.getArray()));
  }

  static void load(DataInputStream in, List<Parameter> params) throws IOException {
    for (Parameter p : params) {
      NDArray a = p.getArray();
      NdArrays.set(a, read(in, p.getName(), Math.toIntExact(a.size())));
    }
  }
}
