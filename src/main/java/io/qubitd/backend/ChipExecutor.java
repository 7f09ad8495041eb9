package io.qubitd.backend;

import io.qubitd.circuit.Circuit;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.Compiler;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.noise.NoiseModel;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.device.noise.NoisyResult;
import io.qubitd.device.noise.NoisySimulator;
import io.qubitd.kernel.Bitstrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs circuits as the chip would: compiled against what calibration published (never the
 * truth), then simulated with the truth's noise. Small programs go to the exact density
 * matrix, larger ones to trajectories on the state vector.
 */
public final class ChipExecutor {

  private final Compiler compiler;
  private final NoiseOptions noise;
  private final NoisySimulator trajectories;
  private final NoisySimulator densityMatrix;
  private final int densityMatrixMaxQubits;
  private final FamilyCompiler families;

  /**
   * @param densityMatrixMaxQubits programs on at most this many qubits use the density matrix; 0 never
   */
  public ChipExecutor(ChipSpec spec, CompilerSettings compilerSettings, NoiseOptions noise,
      NoisySimulator trajectories, NoisySimulator densityMatrix, int densityMatrixMaxQubits) {
    this(spec, compilerSettings, noise, trajectories, densityMatrix, densityMatrixMaxQubits, FamilyCompiler.Settings.defaults());
  }

  /** As above, with the options of circuit families. */
  public ChipExecutor(ChipSpec spec, CompilerSettings compilerSettings, NoiseOptions noise,
      NoisySimulator trajectories, NoisySimulator densityMatrix, int densityMatrixMaxQubits, FamilyCompiler.Settings families) {
    this.compiler = new Compiler(spec.topology(), spec.durations(), compilerSettings);
    this.noise = noise;
    this.trajectories = trajectories;
    this.densityMatrix = densityMatrix;
    this.densityMatrixMaxQubits = densityMatrixMaxQubits;
    this.families = new FamilyCompiler(spec, compilerSettings, noise, families);
  }

  public Compiler compiler() { return compiler; }

  /** Circuit families on this chip: compiled once per calibration version, simulated as batches. */
  public FamilyCompiler families() { return families; }

  /** Compiles {@code logical} on the snapshot's usable qubits and runs it; shots ≥ 1. */
  public ChipRunResult run(Circuit logical, CalibrationSnapshot snapshot, ChipTruth truth, int shots, long seed) {
    return run(logical, snapshot, truth, shots, seed, null);
  }

  /** As {@link #run(Circuit, CalibrationSnapshot, ChipTruth, int, long)}, placed within {@code allowedQubits} when not null. */
  public ChipRunResult run(Circuit logical, CalibrationSnapshot snapshot, ChipTruth truth, int shots, long seed,
      Set<Integer> allowedQubits) {
    if (shots < 1) throw new IllegalArgumentException("shots must be at least 1, got " + shots);
    Circuit measured = logical.withDefaultMeasurements();
    return simulate(compile(measured, snapshot, allowedQubits), measured, truth, shots, seed, snapshot.version());
  }

  /**
   * Compiles {@code logical} (with its default measurements) on the snapshot, within {@code allowedQubits}
   * when not null; a CompileException names why it cannot be placed or routed.
   */
  public CompiledCircuit compile(Circuit logical, CalibrationSnapshot snapshot, Set<Integer> allowedQubits) {
    Circuit measured = logical.withDefaultMeasurements();
    return allowedQubits == null
        ? compiler.compile(measured, snapshot)
        : compiler.compile(measured, snapshot, allowedQubits);
  }

  /**
   * Simulates an already compiled circuit with the truth's noise, so a scheduler that packed several
   * circuits need not compile them twice. Precondition: {@code compiled} came from {@link #compile} of
   * {@code logical}; shots ≥ 1.
   */
  public ChipRunResult simulate(CompiledCircuit compiled, Circuit logical, ChipTruth truth, int shots, long seed,
      long snapshotVersion) {
    if (shots < 1) throw new IllegalArgumentException("shots must be at least 1, got " + shots);
    Circuit measured = logical.withDefaultMeasurements();
    NoisyProgram program = NoiseModel.program(compiled.schedule(), measured.numClbits(), truth, noise);
    boolean exact = program.physicalQubits().size() <= densityMatrixMaxQubits;
    NoisyResult r = (exact ? densityMatrix : trajectories).run(program, shots, seed);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map.Entry<Long, Long> e : r.counts().entrySet()) {
      counts.merge(Bitstrings.format(e.getKey(), measured.cregs()), e.getValue(), Long::sum);
    }
    return new ChipRunResult(counts, shots, ints(compiled.initialLayout()), ints(compiled.finalLayout()),
        compiled.swaps(), compiled.twoQubitGates(), compiled.depth(), compiled.schedule().duration(),
        exact ? "density-matrix" : "trajectories", snapshotVersion);
  }

  private static List<Integer> ints(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int x : a) l.add(x);
    return l;
  }
}
