package io.qubitd.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the simulation method for a program, the same way for the chip and the ideal backend:
 * the density matrix for noisy programs of few qubits, the state vector while it fits in memory
 * (noiseless) or trajectories on it up to a width (noisy), the stabilizer tableau for Clifford
 * programs, the MPS beyond. A requested method is used when it takes the program;
 * otherwise the refusal names why.
 */
public final class MethodChooser {
  public static final String AUTO = "auto";
  /** Every name {@code --method} and a job's {@code "method"} accept. */
  public static final List<String> NAMES = List.of(AUTO, "statevector", "density-matrix", "trajectories", "mps", "stabilizer");

  private final Map<String, SimulationMethod> methods = new LinkedHashMap<>();
  private final int densityMatrixMaxQubits;
  private final int trajectoriesMaxQubits;

  /**
   * @param densityMatrixMaxQubits noisy programs on at most this many qubits use the density matrix (0: never)
   * @param trajectoriesMaxQubits  noisy programs on at most this many qubits use trajectories on the state
   *     vector; noiseless ones use the state vector while it fits in memory
   */
  public MethodChooser(List<SimulationMethod> methods, int densityMatrixMaxQubits, int trajectoriesMaxQubits) {
    for (SimulationMethod m : methods) this.methods.put(m.name(), m);
    this.densityMatrixMaxQubits = densityMatrixMaxQubits;
    this.trajectoriesMaxQubits = trajectoriesMaxQubits;
  }

  public List<SimulationMethod> methods() { return List.copyOf(methods.values()); }

  public Optional<SimulationMethod> method(String name) { return Optional.ofNullable(methods.get(name)); }

  /**
   * The method for {@code program}: {@code requested} (null or "auto" to choose). Throws
   * IllegalArgumentException naming why no method, or not the requested one, can run it.
   */
  public SimulationMethod choose(Program program, String requested) {
    if (requested != null && !requested.equals(AUTO)) {
      SimulationMethod m = methods.get(requested);
      if (m == null) {
        throw new IllegalArgumentException(NAMES.contains(requested)
            ? "method '" + requested + "' is not available here; available: " + String.join(", ", methods.keySet())
            : "unknown method '" + requested + "'; use one of " + String.join(", ", NAMES));
      }
      m.requireRunnable(program);
      return m;
    }
    int n = program.numQubits();
    List<String> order = new ArrayList<>();
    if (program.isNoisy() && n <= densityMatrixMaxQubits) order.add("density-matrix");
    if (!program.isNoisy()) order.add("statevector");
    else if (n <= trajectoriesMaxQubits) order.add("trajectories");
    order.add("stabilizer");
    order.add("mps");
    List<String> reasons = new ArrayList<>();
    for (String name : order) {
      SimulationMethod m = methods.get(name);
      if (m == null) continue;
      Optional<String> why = m.refusal(program);
      if (why.isEmpty()) return m;
      reasons.add(name + ": " + why.get());
    }
    throw new IllegalArgumentException("no simulation method can run " + program.label() + " (" + n + " qubits): "
        + String.join("; ", reasons));
  }
}
