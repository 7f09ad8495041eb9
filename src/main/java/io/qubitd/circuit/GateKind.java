package io.qubitd.circuit;

/**
 * The base gates of the IR. A {@link Gate} is a kind, its parameters and a number of extra
 * control qubits, so {@code cx} is X with one control and {@code ccx} X with two.
 *
 * <p>Matrices follow Qiskit's definitions (U is Qiskit's U3, so that global phase under
 * control means what users' circuits expect).
 */
public enum GateKind {
  ID("id", 1, 0, true),
  X("x", 1, 0, false),
  Y("y", 1, 0, false),
  Z("z", 1, 0, true),
  H("h", 1, 0, false),
  S("s", 1, 0, true),
  SDG("sdg", 1, 0, true),
  T("t", 1, 0, true),
  TDG("tdg", 1, 0, true),
  SX("sx", 1, 0, false),
  SXDG("sxdg", 1, 0, false),
  RX("rx", 1, 1, false),
  RY("ry", 1, 1, false),
  RZ("rz", 1, 1, true),
  /** Phase gate diag(1, e^{iλ}); OpenQASM 2's u1. */
  P("p", 1, 1, true),
  /** U2(φ, λ) = U(π/2, φ, λ). */
  U2("u2", 1, 2, false),
  /** U(θ, φ, λ), Qiskit's U3. */
  U("u", 1, 3, false),
  /** Global phase e^{iγ} on no qubits; meaningful under control (OpenQASM 3 gphase). */
  GPHASE("gphase", 0, 1, true),
  SWAP("swap", 2, 0, false),
  /** exp(-iθ/2 X⊗X). */
  RXX("rxx", 2, 1, false),
  /** exp(-iθ/2 Y⊗Y). */
  RYY("ryy", 2, 1, false),
  /** exp(-iθ/2 Z⊗Z). */
  RZZ("rzz", 2, 1, true),
  /** exp(-iθ/2 Z⊗X): Z on the first qubit, X on the second. */
  RZX("rzx", 2, 1, false);

  private final String qasmName;
  private final int qubits;
  private final int params;
  private final boolean diagonal;

  GateKind(String qasmName, int qubits, int params, boolean diagonal) {
    this.qasmName = qasmName;
    this.qubits = qubits;
    this.params = params;
    this.diagonal = diagonal;
  }

  /** The gate's name in qelib1.inc / stdgates.inc when it has no controls. */
  public String qasmName() { return qasmName; }

  /** Qubits the base gate acts on, controls not counted. */
  public int qubits() { return qubits; }

  /** Number of real parameters. */
  public int params() { return params; }

  /** True when the matrix is diagonal in the computational basis. */
  public boolean diagonal() { return diagonal; }
}
