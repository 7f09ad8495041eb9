package io.qubitd.circuit.qasm;

import io.qubitd.circuit.GateKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The gates OpenQASM programs can call: library names mapped to IR gates, and inlined definitions. */
final class GateLibrary {
  private GateLibrary() {}

  /** A gate a program can apply. */
  sealed interface GateRef permits NativeGate, DefinedGate, OpaqueGate {
    String name();
    int numParams();
    int numQubits();
  }

  /** A name that maps to one IR gate: {@code kind} under {@code controls} controls. */
  record NativeGate(String name, GateKind kind, int controls) implements GateRef {
    @Override public int numParams() { return kind.params(); }
    @Override public int numQubits() { return kind.qubits() + controls; }
  }

  /** A gate inlined from its body; body qubit indices refer to {@code qubits}. */
  record DefinedGate(String name, List<String> params, List<String> qubits, List<BodyOp> body) implements GateRef {
    @Override public int numParams() { return params.size(); }
    @Override public int numQubits() { return qubits.size(); }
  }

  /** Declared with {@code opaque}: it has no definition, so applying it is an error. */
  record OpaqueGate(String name, int numParams, int numQubits) implements GateRef {}

  /** One statement of a gate body: a call of {@code gate}, or a barrier when {@code gate} is null. */
  record BodyOp(GateRef gate, List<Ast.Modifier> modifiers, List<Ast.Expr> args, int[] qubits, Ast.Pos pos) {}

  /** Gates of the language itself. */
  static Map<String, NativeGate> builtins(int version) {
    Map<String, NativeGate> m = new LinkedHashMap<>();
    put(m, "U", GateKind.U, 0);
    put(m, "CX", GateKind.X, 1);
    if (version == 3) put(m, "gphase", GateKind.GPHASE, 0);
    return m;
  }

  /** Qiskit's qelib1.inc names that are one IR gate (Qiskit's meaning, phase included). */
  static Map<String, NativeGate> qelib1Native() {
    Map<String, NativeGate> m = new LinkedHashMap<>();
    put(m, "u3", GateKind.U, 0);
    put(m, "u2", GateKind.U2, 0);
    put(m, "u1", GateKind.P, 0);
    put(m, "cx", GateKind.X, 1);
    put(m, "id", GateKind.ID, 0);
    put(m, "u", GateKind.U, 0);
    put(m, "p", GateKind.P, 0);
    for (GateKind k : List.of(GateKind.X, GateKind.Y, GateKind.Z, GateKind.H, GateKind.S, GateKind.SDG, GateKind.T,
        GateKind.TDG, GateKind.RX, GateKind.RY, GateKind.RZ, GateKind.SX, GateKind.SXDG, GateKind.SWAP,
        GateKind.RXX, GateKind.RZZ)) {
      put(m, k.qasmName(), k, 0);
    }
    put(m, "cz", GateKind.Z, 1);
    put(m, "cy", GateKind.Y, 1);
    put(m, "ch", GateKind.H, 1);
    put(m, "ccx", GateKind.X, 2);
    put(m, "cswap", GateKind.SWAP, 1);
    put(m, "crx", GateKind.RX, 1);
    put(m, "cry", GateKind.RY, 1);
    put(m, "crz", GateKind.RZ, 1);
    put(m, "cu1", GateKind.P, 1);
    put(m, "cp", GateKind.P, 1);
    put(m, "cu3", GateKind.U, 1);
    put(m, "csx", GateKind.SX, 1);
    put(m, "c3x", GateKind.X, 3);
    put(m, "c3sqrtx", GateKind.SX, 3);
    put(m, "c4x", GateKind.X, 4);
    return m;
  }

  /** OpenQASM 3 stdgates.inc names that are one IR gate (Qiskit's meaning, as Qiskit's importer). */
  static Map<String, NativeGate> stdgatesNative() {
    Map<String, NativeGate> m = new LinkedHashMap<>();
    put(m, "p", GateKind.P, 0);
    put(m, "phase", GateKind.P, 0);
    for (GateKind k : List.of(GateKind.X, GateKind.Y, GateKind.Z, GateKind.H, GateKind.S, GateKind.SDG, GateKind.T,
        GateKind.TDG, GateKind.SX, GateKind.RX, GateKind.RY, GateKind.RZ, GateKind.SWAP, GateKind.ID)) {
      put(m, k.qasmName(), k, 0);
    }
    put(m, "cx", GateKind.X, 1);
    put(m, "CX", GateKind.X, 1);
    put(m, "cy", GateKind.Y, 1);
    put(m, "cz", GateKind.Z, 1);
    put(m, "cp", GateKind.P, 1);
    put(m, "cphase", GateKind.P, 1);
    put(m, "crx", GateKind.RX, 1);
    put(m, "cry", GateKind.RY, 1);
    put(m, "crz", GateKind.RZ, 1);
    put(m, "ch", GateKind.H, 1);
    put(m, "ccx", GateKind.X, 2);
    put(m, "cswap", GateKind.SWAP, 1);
    put(m, "u1", GateKind.P, 0);
    put(m, "u2", GateKind.U2, 0);
    put(m, "u3", GateKind.U, 0);
    return m;
  }

  /**
   * Qiskit's four-parameter cu: a phase γ on the control, then controlled-U(θ, φ, λ). Shorter than
   * qelib1's body and equal to it exactly (the phase on the control commutes with the controlled U).
   */
  static final String QELIB1_CU = "gate cu(theta,phi,lambda,gamma) c,t { p(gamma) c; cu3(theta,phi,lambda) c,t; }";

  /** The same gate for stdgates.inc, whose cu Qiskit reads with this meaning too. */
  static final String STDGATES_CU = "gate cu(theta,phi,lambda,gamma) c,t { p(gamma) c; ctrl @ U(theta,phi,lambda) c,t; }";

  /** The text of the bundled qelib1.inc. */
  static String qelib1Source() {
    try (InputStream in = GateLibrary.class.getResourceAsStream("qelib1.inc")) {
      if (in == null) throw new IllegalStateException("qelib1.inc is missing from the qubitd jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled qelib1.inc", e);
    }
  }

  private static void put(Map<String, NativeGate> m, String name, GateKind kind, int controls) {
    m.put(name, new NativeGate(name, kind, controls));
  }
}
