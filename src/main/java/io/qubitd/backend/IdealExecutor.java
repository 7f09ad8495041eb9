package io.qubitd.backend;

import io.qubitd.circuit.Circuit;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.MethodChooser;
import io.qubitd.kernel.StateVectorMethod;
import io.qubitd.kernel.mps.MpsSettings;
import io.qubitd.kernel.stabilizer.StabilizerMethod;
import java.util.List;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationMethod;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.kernel.mps.MpsMethod;
import java.util.Map;

/**
 * The ideal (noiseless) backend as pure code: a circuit lowered to a {@link Program} and run by
 * the method the {@link MethodChooser} picks (the state vector while it fits, the stabilizer
 * tableau for Clifford circuits, the MPS beyond) or the one asked for.
 */
public final class IdealExecutor {
  private final MethodChooser methods;

  public IdealExecutor(MethodChooser methods) { this.methods = methods; }

  public MethodChooser methods() { return methods; }

  /**
   * The state vector at {@code kernel}, the stabilizer and the MPS at its defaults (bond dimension
   * {@value #DEFAULT_BOND_DIMENSION}, threshold 1e-12, 100 trajectories) within the kernel's memory limit.
   */
  public static IdealExecutor withDefaults(KernelSettings kernel) {
    MpsSettings mps = new MpsSettings(DEFAULT_BOND_DIMENSION, 1e-12, 100, kernel.maxStateBytes());
    return new IdealExecutor(new MethodChooser(List.of(new StateVectorMethod(kernel), new StabilizerMethod(kernel.maxStateBytes()),
        new MpsMethod(mps)), 0, 0));
  }

  /** The bond dimension reference.conf sets (qubitd.kernel.mps.max-bond-dimension). */
  public static final int DEFAULT_BOND_DIMENSION = 64;

  /** The method that would run {@code circuit}; IllegalArgumentException naming why when none can. */
  public SimulationMethod choose(Circuit circuit, String method) { return methods.choose(IdealPrograms.lower(circuit), method); }

  /** Samples {@code shots} ≥ 1 shots by {@code method} (a name or "auto"). */
  public SimulationResult run(Circuit circuit, int shots, long seed, boolean memory, String method) {
    Program p = IdealPrograms.lower(circuit);
    return methods.choose(p, method).run(p, shots, seed, memory);
  }

  /** Exact probabilities and the method that gave them (with the MPS's bond, truncation and estimated fidelity, else 0, 0, 1). */
  public record Probabilities(String method, Map<String, Double> probabilities, int maxBondDimension, double truncationError,
                              double estimatedFidelity) {}

  public Probabilities probabilities(Circuit circuit, String method) {
    Program p = IdealPrograms.lower(circuit);
    SimulationMethod m = methods.choose(p, method);
    if (m instanceof MpsMethod mps) {
      MpsMethod.Distribution d = mps.distribution(p);
      return new Probabilities(m.name(), d.probabilities(), d.maxBondDimension(), d.truncationError(), d.estimatedFidelity());
    }
    return new Probabilities(m.name(), m.probabilities(p), 0, 0, 1);
  }

  /**
   * Widest circuit any method here could hold, by memory: the one limit /v1/backends, the CLI and
   * refusals state for the ideal backend.
   */
  public int maxQubits() {
    int max = 0;
    for (SimulationMethod m : methods.methods()) max = Math.max(max, m.maxQubits());
    return max;
  }
}
