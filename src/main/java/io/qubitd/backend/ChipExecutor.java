package io.qubitd.backend;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Register;
import io.qubitd.circuit.Schedule;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.Compiler;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.noise.NoiseModel;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.kernel.Bitstrings;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.MethodChooser;
import io.qubitd.kernel.NoisySimulator;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationMethod;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.kernel.density.DensityMatrixMethod;
import io.qubitd.kernel.trajectory.TrajectoryMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs circuits as the chip would: compiled against what calibration published (never the
 * truth), then simulated with the truth's noise by the method the {@link MethodChooser} picks
 * (or the one asked for): the exact density matrix for few qubits, trajectories on the state
 * vector, the stabilizer tableau or trajectories on an MPS whose sites follow a snake over the
 * lattice.
 */
public final class ChipExecutor {

  private final ChipSpec spec;
  private final Compiler compiler;
  private final NoiseOptions noise;
  private final MethodChooser methods;
  private final FamilyCompiler.Settings familySettings;
  private final FamilyCompiler families;

  public ChipExecutor(ChipSpec spec, CompilerSettings compilerSettings, NoiseOptions noise, MethodChooser methods) {
    this(spec, compilerSettings, noise, methods, FamilyCompiler.Settings.defaults());
  }

  /** As above, with the options of circuit families. */
  public ChipExecutor(ChipSpec spec, CompilerSettings compilerSettings, NoiseOptions noise, MethodChooser methods,
      FamilyCompiler.Settings families) {
    this.spec = spec;
    this.compiler = new Compiler(spec.topology(), spec.durations(), compilerSettings);
    this.noise = noise;
    this.methods = methods;
    this.familySettings = families;
    this.families = new FamilyCompiler(spec, compilerSettings, noise, families);
  }

  /**
   * The density matrix up to {@code densityMatrixMaxQubits} qubits (0: never), {@code trajectories}
   * above, with the kernel's default memory limit.
   */
  public ChipExecutor(ChipSpec spec, CompilerSettings compilerSettings, NoiseOptions noise,
      NoisySimulator trajectories, NoisySimulator densityMatrix, int densityMatrixMaxQubits) {
    this(spec, compilerSettings, noise, new MethodChooser(List.of(
        new DensityMatrixMethod(densityMatrix, Math.max(densityMatrixMaxQubits, 1)),
        new TrajectoryMethod(trajectories, KernelSettings.defaults())), densityMatrixMaxQubits, Integer.MAX_VALUE));
  }

  public Compiler compiler() { return compiler; }

  public ChipSpec spec() { return spec; }

  /** Circuit families on this chip: compiled once per calibration version, simulated as batches. */
  public FamilyCompiler families() { return families; }

  public MethodChooser methods() { return methods; }

  /** Widest circuit this chip runs: its qubits, or fewer when no simulation method holds them all. */
  public int maxQubits() {
    int widest = 0;
    for (SimulationMethod m : methods.methods()) widest = Math.max(widest, m.maxQubits());
    return Math.min(spec.topology().numQubits(), widest);
  }

  /**
   * Checks before a run that a simulation method can take a compiled circuit of this width:
   * {@code method} (a name, or "auto" for any). Throws IllegalArgumentException naming the limit.
   */
  public void admit(Schedule schedule, String method) {
    java.util.Set<Integer> used = new java.util.TreeSet<>();
    for (Schedule.TimedOperation t : schedule.operations()) {
      if (!(t.operation() instanceof io.qubitd.circuit.Operation.Barrier)) used.addAll(t.operation().qubits());
    }
    int n = used.size();
    if (method == null || method.equals(MethodChooser.AUTO)) {
      int widest = 0;
      for (SimulationMethod m : methods.methods()) widest = Math.max(widest, m.maxQubits());
      if (n > widest) throw new IllegalArgumentException("the compiled circuit uses " + n + " qubits; no simulation method here holds more than " + widest);
      return;
    }
    SimulationMethod m = methods.method(method).orElseThrow(() -> new IllegalArgumentException(MethodChooser.NAMES.contains(method)
        ? "method '" + method + "' is not available on this chip" : "unknown method '" + method + "'; use one of " + String.join(", ", MethodChooser.NAMES)));
    if (n > m.maxQubits()) {
      throw new IllegalArgumentException("the compiled circuit uses " + n + " qubits; method '" + method + "' holds at most " + m.maxQubits());
    }
  }

  /** The same chip and simulators with another compiler configuration (placement comparisons). */
  public ChipExecutor withCompilerSettings(CompilerSettings compilerSettings) {
    return new ChipExecutor(spec, compilerSettings, noise, methods, familySettings);
  }

  /** Compiles {@code logical} on the snapshot's usable qubits and runs it; shots ≥ 1. */
  public ChipRunResult run(Circuit logical, CalibrationSnapshot snapshot, ChipTruth truth, int shots, long seed) {
    return run(logical, snapshot, truth, shots, seed, null);
  }

  /** As {@link #run(Circuit, CalibrationSnapshot, ChipTruth, int, long)}, placed within {@code allowedQubits} when not null. */
  public ChipRunResult run(Circuit logical, CalibrationSnapshot snapshot, ChipTruth truth, int shots, long seed,
      Set<Integer> allowedQubits) {
    return run(logical, snapshot, truth, shots, seed, allowedQubits, MethodChooser.AUTO);
  }

  /** As {@link #run(Circuit, CalibrationSnapshot, ChipTruth, int, long, Set)} by {@code method} (a name or "auto"). */
  public ChipRunResult run(Circuit logical, CalibrationSnapshot snapshot, ChipTruth truth, int shots, long seed,
      Set<Integer> allowedQubits, String method) {
    if (shots < 1) throw new IllegalArgumentException("shots must be at least 1, got " + shots);
    Circuit measured = logical.withDefaultMeasurements();
    return simulate(compile(measured, snapshot, allowedQubits), measured, truth, shots, seed, snapshot, method);
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
    return simulate(compiled, logical, truth, shots, seed, snapshotVersion, MethodChooser.AUTO);
  }

  /**
   * As {@link #simulate(CompiledCircuit, Circuit, ChipTruth, int, long, long)} by {@code method} (a name or "auto"),
   * every qubit driven at its true frequency (no drive-frame detuning).
   */
  public ChipRunResult simulate(CompiledCircuit compiled, Circuit logical, ChipTruth truth, int shots, long seed,
      long snapshotVersion, String method) {
    return simulate(compiled, logical, truth, shots, seed, snapshotVersion, method, Map.of());
  }

  /**
   * As {@link #simulate(CompiledCircuit, Circuit, ChipTruth, int, long, long, String)}, with each qubit driven at
   * the frequency {@code snapshot} measured for it, as the chip's control electronics are: a qubit whose true
   * frequency has moved since then precesses against its drive frame while it idles ({@link #driveFrames}).
   */
  public ChipRunResult simulate(CompiledCircuit compiled, Circuit logical, ChipTruth truth, int shots, long seed,
      CalibrationSnapshot snapshot, String method) {
    return simulate(compiled, logical, truth, shots, seed, snapshot.version(), method, driveFrames(snapshot));
  }

  /**
   * The drive frame of each qubit the snapshot has a measured frequency for (finite, positive), in Hz: pulses
   * are generated at the calibrated frequency, so the detuning f_true − f_calibrated is a coherent Z rotation
   * over every window, which Ramsey calibration measures and an echo refocuses.
   */
  public static Map<Integer, Double> driveFrames(CalibrationSnapshot snapshot) {
    Map<Integer, Double> frames = new java.util.HashMap<>();
    for (CalibrationSnapshot.QubitCalibration q : snapshot.qubits()) {
      if (Double.isFinite(q.frequency()) && q.frequency() > 0) frames.put(q.qubit(), q.frequency());
    }
    return frames;
  }

  /**
   * As {@link #simulate(CompiledCircuit, Circuit, ChipTruth, int, long, CalibrationSnapshot, String)} with the drive
   * frames given (Hz per physical qubit, {@link #driveFrames}; a qubit not in the map is driven at its true frequency).
   */
  public ChipRunResult simulate(CompiledCircuit compiled, Circuit logical, ChipTruth truth, int shots, long seed,
      long snapshotVersion, String method, Map<Integer, Double> frames) {
    if (shots < 1) throw new IllegalArgumentException("shots must be at least 1, got " + shots);
    Circuit measured = logical.withDefaultMeasurements();
    NoisyProgram noisy = NoiseModel.program(compiled.schedule(), measured.numClbits(), truth, noise, frames);
    // OpenQASM 3 classical memory beyond the registers (values computed from measurements) is read
    // whole, then mapped to the registers' final bits (Circuit.finalBits), as the ideal backend does.
    boolean extraMemory = measured.numClbits() > registerBits(measured);
    List<Register> keys = extraMemory ? List.of(new Register("memory", 0, measured.numClbits())) : measured.cregs();
    Program program = Program.noisy(noisy, keys, LatticeOrder.snake(spec.topology(), noisy.physicalQubits()));
    SimulationMethod m = methods.choose(program, method);
    SimulationResult r = m.run(program, shots, seed, false);
    Map<String, Long> counts = r.counts();
    if (extraMemory) {
      counts = new LinkedHashMap<>();
      for (Map.Entry<String, Long> e : r.counts().entrySet()) {
        counts.merge(Bitstrings.format(measured.finalBits(Long.parseUnsignedLong(e.getKey(), 2)), measured.cregs()),
            e.getValue(), Long::sum);
      }
    }
    return new ChipRunResult(counts, shots, ints(compiled.initialLayout()), ints(compiled.finalLayout()),
        compiled.swaps(), compiled.twoQubitGates(), compiled.depth(), compiled.schedule().duration(),
        r.method(), snapshotVersion, r.maxBondDimension(), r.truncationError(), r.estimatedFidelity());
  }

  /** Bits the registers hold (they may leave gaps in memory: a register declared after values computed from measurements). */
  private static int registerBits(Circuit c) {
    int n = 0;
    for (Register r : c.cregs()) n += r.size();
    return n;
  }

  private static List<Integer> ints(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int x : a) l.add(x);
    return l;
  }
}
