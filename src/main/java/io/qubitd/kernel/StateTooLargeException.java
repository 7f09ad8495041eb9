package io.qubitd.kernel;

import java.math.BigInteger;

/** A state vector would not fit in the memory the kernel may use; thrown before any allocation. */
public class StateTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int qubits;
  private final BigInteger bytesNeeded;
  private final long limitBytes;

  public StateTooLargeException(int qubits, Precision precision, long limitBytes, String why) {
    super(message(qubits, precision, limitBytes, why));
    this.qubits = qubits;
    this.bytesNeeded = bytesNeeded(qubits, precision);
    this.limitBytes = limitBytes;
  }

  static BigInteger bytesNeeded(int qubits, Precision precision) {
    return BigInteger.ONE.shiftLeft(qubits).multiply(BigInteger.valueOf(precision.bytesPerAmplitude()));
  }

  private static String message(int qubits, Precision precision, long limitBytes, String why) {
    BigInteger need = bytesNeeded(qubits, precision);
    return "a " + qubits + "-qubit state vector in " + precision.name().toLowerCase()
        + " precision needs " + need + " bytes (" + human(need) + "), over the limit of " + limitBytes
        + " bytes (" + human(BigInteger.valueOf(limitBytes)) + ") set by kernel.max-state-memory"
        + (why.isEmpty() ? "" : "; " + why)
        + "; use fewer qubits, single precision, or raise kernel.max-state-memory and the JVM heap (-Xmx)";
  }

  private static String human(BigInteger bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes.doubleValue();
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == units.length - 1 && v >= 1024
        ? String.format("%.3g %s", v, units[u]) : String.format("%.4g %s", v, units[u]);
  }

  public int qubits() { return qubits; }

  public BigInteger bytesNeeded() { return bytesNeeded; }

  public long limitBytes() { return limitBytes; }
}
