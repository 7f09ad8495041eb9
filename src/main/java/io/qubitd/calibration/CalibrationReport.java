package io.qubitd.calibration;

import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.QubitTruth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot and the truth it measured, side by side as JSON-ready trees with identical keys, for
 * {@code qubitd calibrate --json}: times in seconds, frequencies in Hz, errors as probabilities.
 * In the truth, {@code gate_error} is the stated SX error, {@code usable} is "not in a TLS dip",
 * {@code enabled} is "alive", and {@code t2_star} is T2 (the emulated dephasing is Markovian: no
 * slow noise for an echo to undo). The snapshot also gives {@code <name>_stderr}, the one-sigma
 * standard error, beside each measured value that has one; the truth has none.
 */
public final class CalibrationReport {
  private CalibrationReport() {}

  /** {@code {"version": n, "snapshot": {...}, "truth": {...}}}, the two trees with the same keys (standard errors aside). */
  public static Map<String, Object> toJsonTree(CalibrationSnapshot snapshot, ChipTruth truth) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", snapshot.version());
    root.put("snapshot", snapshotTree(snapshot));
    root.put("truth", truthTree(snapshot.backend(), truth, snapshot.time()));
    return root;
  }

  public static Map<String, Object> snapshotTree(CalibrationSnapshot s) {
    List<Object> qs = new ArrayList<>();
    for (CalibrationSnapshot.QubitCalibration q : s.qubits()) {
      Map<String, Object> m = qubit(q.qubit(), q.t1(), q.t2(), q.t2Star(), q.frequency(), q.readoutP01(), q.readoutP10(),
          q.gateError(), q.usable());
      CalibrationSnapshot.QubitStderr e = q.stderr();
      Map<String, Object> withErrors = new LinkedHashMap<>();
      for (Map.Entry<String, Object> kv : m.entrySet()) {
        withErrors.put(kv.getKey(), kv.getValue());
        double err = switch (kv.getKey()) {
          case "t1" -> e.t1();
          case "t2" -> e.t2();
          case "t2_star" -> e.t2Star();
          case "frequency" -> e.frequency();
          case "readout_p01" -> e.readoutP01();
          case "readout_p10" -> e.readoutP10();
          case "gate_error" -> e.gateError();
          default -> Double.NaN;
        };
        if (Double.isFinite(err)) withErrors.put(kv.getKey() + "_stderr", err);
      }
      qs.add(withErrors);
    }
    List<Object> cs = new ArrayList<>();
    for (CalibrationSnapshot.CouplerCalibration c : s.couplers()) {
      Map<String, Object> m = coupler(c.a(), c.b(), c.czError(), c.residualZz(), c.enabled());
      Map<String, Object> withErrors = new LinkedHashMap<>();
      for (Map.Entry<String, Object> kv : m.entrySet()) {
        withErrors.put(kv.getKey(), kv.getValue());
        double err = switch (kv.getKey()) {
          case "cz_error" -> c.stderr().czError();
          case "residual_zz" -> c.stderr().residualZz();
          default -> Double.NaN;
        };
        if (Double.isFinite(err)) withErrors.put(kv.getKey() + "_stderr", err);
      }
      cs.add(withErrors);
    }
    return chip(s.backend(), s.time(), qs, cs);
  }

  /** The truth {@code t}, stamped {@code time}: what the chip's clock read at its emulated time. */
  public static Map<String, Object> truthTree(String backend, ChipTruth t, Instant time) {
    List<Object> qs = new ArrayList<>();
    for (QubitTruth q : t.qubits()) {
      qs.add(qubit(q.qubit(), q.t1(), q.t2(), q.t2(), q.frequency(), q.readoutP01(), q.readoutP10(), q.gateError1q(), !q.inTlsDip()));
    }
    List<Object> cs = new ArrayList<>();
    for (CouplerTruth c : t.couplers()) cs.add(coupler(c.a(), c.b(), c.czError(), c.residualZzHz(), c.alive()));
    return chip(backend, time, qs, cs);
  }

  private static Map<String, Object> chip(String backend, Instant time, List<Object> qubits, List<Object> couplers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backend", backend);
    m.put("time", time.toString());
    m.put("qubits", qubits);
    m.put("couplers", couplers);
    return m;
  }

  private static Map<String, Object> qubit(int q, double t1, double t2, double t2Star, double f, double p01, double p10, double err,
      boolean usable) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("qubit", q);
    m.put("t1", t1);
    m.put("t2", t2);
    m.put("t2_star", t2Star);
    m.put("frequency", f);
    m.put("readout_p01", p01);
    m.put("readout_p10", p10);
    m.put("gate_error", err);
    m.put("usable", usable);
    return m;
  }

  private static Map<String, Object> coupler(int a, int b, double cz, double zz, boolean enabled) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", a);
    m.put("b", b);
    m.put("cz_error", cz);
    m.put("residual_zz", zz);
    m.put("enabled", enabled);
    return m;
  }

  /**
   * Compact JSON of a tree of maps, lists, strings, numbers and booleans. Non-finite numbers,
   * which JSON cannot hold, are written as null.
   */
  public static String toJson(Object tree) {
    StringBuilder sb = new StringBuilder();
    write(sb, tree);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) sb.append(',');
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) sb.append(',');
        write(sb, l.get(i));
      }
      sb.append(']');
    } else if (v instanceof Double d) {
      sb.append(Double.isFinite(d) ? d.toString() : "null");
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else {
      string(sb, v.toString());
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
