package io.qubitd.cli;

import io.qubitd.backend.ChipBench;
import io.qubitd.backend.PlacementBench;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.backend.IdealExecutor;
import io.qubitd.kernel.mps.MpsMethod;
import io.qubitd.backend.ChipExecutor;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import io.qubitd.kernel.FlopCount;
import io.qubitd.kernel.FusionCostModel;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.Precision;
import io.qubitd.kernel.bench.KernelBench;
import io.qubitd.kernel.bench.PeakFlops;
import io.qubitd.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qubitd bench}: times the state evolution of the benchmark circuits against a STREAM triad. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the kernel on its built-in suite (or the files given): median time, fusion, bandwidth, "
        + "and the time it would take at the measured memory bandwidth.")
final class BenchCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "FILE.qasm", description = "Circuits to time (default: the built-in suite, or every .qasm in --dir).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--dir", description = "Directory of benchmark circuits (default: the built-in suite: random circuits, QFT, GHZ, QASMBench).")
  Path dir;

  @Option(names = "--repetitions", defaultValue = "3", description = "Timed runs per circuit after warming up (one run, or as many as fit in 1 s) (default ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--threads", description = "Kernel threads (default: from configuration).")
  Integer threads;

  @Option(names = "--fusion", description = "Widest fused gate (default: from configuration).")
  Integer fusion;

  @Option(names = "--precision", defaultValue = "both", description = "double, single or both (default ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--explain", description = "Print the fusion cost model: its constants, and each structure's kernel measured here.")
  boolean explain;

  @Option(names = "--chip", paramLabel = "NAME",
      description = "Instead of the kernel benchmark, time noisy runs on this chip (e.g. wukong72) against ideal runs.")
  String chip;

  @Option(names = "--daemon", paramLabel = "CHIP",
      description = "Instead of the kernel benchmark, time the daemon on this chip: a 200-circuit job with and without packing, and latency under load.")
  String daemon;

  @Option(names = "--placement", paramLabel = "CHIP",
      description = "Instead of the kernel benchmark, compare noise-aware placement with the quick one on this chip, drifted: GHZ-12 and a 3x4 lattice circuit.")
  String placement;

  @Option(names = "--seeds", defaultValue = "10", description = "With --placement: drifted chips compared (default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--hours", defaultValue = "6", description = "With --placement: hours each chip drifts before calibration (default ${DEFAULT-VALUE}).")
  double hours;

  @Option(names = "--training", paramLabel = "CHIP",
      description = "Instead of the kernel benchmark, time the QTHA layer's chip mode on this chip: parameter sets through an in-process daemon.")
  String training;

  @Option(names = "--rows", defaultValue = "40000",
      description = "With --training: token rows (bindings) sent; the timed pass lasts seconds, not a fraction of one (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--circuits", defaultValue = "200", description = "With --daemon: circuits in the batch job (default ${DEFAULT-VALUE}).")
  int circuits;

  @Option(names = "--qubits", split = ",", defaultValue = "12,20", description = "With --chip: circuit sizes (default ${DEFAULT-VALUE}).")
  List<Integer> qubits;

  // Ten layers of random RY and CZ put 12-18 ebits across the middle cuts of the 6 x 12 lattice: no bond dimension this
  // machine can afford holds them, so the lattice rows show what a small one costs, with its estimated fidelity.
  @Option(names = "--lattice-max-bond", paramLabel = "CHI", defaultValue = "16",
      description = "With --chip: the MPS bond dimension of the lattice rows, ideal and noisy (default ${DEFAULT-VALUE};"
          + " the GHZ rows use kernel.mps.max-bond-dimension).")
  int latticeMaxBond;

  @Option(names = "--lattice-trajectories", paramLabel = "N", defaultValue = "10",
      description = "With --chip: noisy trajectories of the lattice rows at most, the shots shared among them (default"
          + " ${DEFAULT-VALUE}; the GHZ rows use kernel.mps.max-trajectories and noise.max-trajectories).")
  int latticeTrajectories;

  @Option(names = "--shots", defaultValue = "1000", description = "With --chip, --daemon or --training: shots per circuit, 0 for exact expectations with --training (default ${DEFAULT-VALUE}).")
  int shots;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (repetitions < 1) throw new IllegalArgumentException("--repetitions must be at least 1, got " + repetitions);
    if (chip != null) return chipBench(QubitdConfig.load());
    if (placement != null) return placementBench(QubitdConfig.load());
    if (training != null) {
      if (rows < 1) throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
      if (shots < 0) throw new IllegalArgumentException("--shots must be >= 0 (0: exact expectations), got " + shots);
      Map<String, Object> r = TrainingBench.run(training, rows, shots, 1);
      System.out.println(json ? Json.write(r) : Text.table(r));
      return 0;
    }
    if (daemon != null) {
      Map<String, Object> r = DaemonBench.run(daemon, circuits, shots, 8, 100, CliProgress.of(spec, json));
      System.out.println(json ? Json.write(r) : Text.table(r));
      return 0;
    }
    if (explain) return explain();
    KernelSettings base = QubitdConfig.load().kernel();
    int t = threads != null ? threads : base.threads();
    int w = fusion != null ? fusion : base.fusionMaxWidth();
    List<Precision> precisions = switch (precision) {
      case "double" -> List.of(Precision.DOUBLE);
      case "single" -> List.of(Precision.SINGLE);
      case "both" -> List.of(Precision.DOUBLE, Precision.SINGLE);
      default -> throw new IllegalArgumentException("--precision must be double, single or both, got " + precision);
    };
    List<Circuit> circuits = new ArrayList<>();
    if (files.isEmpty() && dir == null) {
      circuits.addAll(BenchSuite.load());
    } else {
      for (Path f : files.isEmpty() ? benchFiles(dir) : files) circuits.add(QasmParser.parseFile(f, Map.of()));
    }

    Progress progress = CliProgress.of(this.spec, json);
    progress.start("kernel benchmark", 1 + (long) circuits.size() * precisions.size());
    progress.update(0, "STREAM triad");
    KernelBench.Triad triad = KernelBench.triad(1 << 25, t, 5);
    KernelBench.StatePass pass = KernelBench.statePass(1 << 25, t, 5);
    progress.update(0, "FMA peak");
    Map<String, Double> peak = new LinkedHashMap<>();
    for (Precision p : precisions) peak.put(p.name().toLowerCase(), PeakFlops.gflops(p, t, 9));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Circuit c : circuits) {
      for (Precision p : precisions) {
        progress.update(1 + rows.size(), c.name() + " " + p.name().toLowerCase());
        KernelSettings s = new KernelSettings(w, base.parallelThresholdQubits(), t, base.maxStateBytes(), p);
        KernelBench.Result r = KernelBench.measure(c, s, repetitions);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("circuit", r.circuit());
        row.put("qubits", r.qubits());
        row.put("precision", p.name().toLowerCase());
        row.put("threads", r.threads());
        row.put("fusion_max_width", r.fusionMaxWidth());
        row.put("gates_before_fusion", r.gatesBefore());
        row.put("gates_after_fusion", r.gatesAfter());
        row.put("memory_passes", r.memoryPasses());
        row.put("median_seconds", r.medianSeconds());
        row.put("seconds", r.seconds());
        row.put("bandwidth_gbs", r.bandwidthGBs());
        row.put("fraction_of_triad", r.bandwidthGBs() / triad.bandwidthGBs());
        // the time its passes would take at the measured state-pass bandwidth: each reads and writes the state
        double bound = r.bytesMoved() / (pass.bandwidthGBs() * 1e9);
        row.put("memory_bound_seconds", bound);
        row.put("times_memory_bound", r.medianSeconds() / bound);
        // what bounds a circuit that memory does not: the arithmetic, against the FMA peak of these threads
        row.put("flops", r.flops());
        row.put("gflops", r.flops() / r.medianSeconds() / 1e9);
        row.put("fraction_of_peak", r.flops() / r.medianSeconds() / 1e9 / peak.get(p.name().toLowerCase()));
        rows.add(row);
      }
    }
    progress.update(1 + rows.size(), "");
    progress.finish();
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("triad_gbs", triad.bandwidthGBs());
      out.put("state_pass_gbs", pass.bandwidthGBs());
      out.put("memory_bound_model", MEMORY_MODEL);
      out.put("peak_gflops", peak);
      out.put("threads", t);
      out.put("results", rows);
      System.out.println(Json.write(out));
    } else {
      System.out.printf("STREAM triad (%d threads): %.1f GB/s (24 B per element; with write-allocate the hardware moves 32)%n",
          t, triad.bandwidthGBs());
      System.out.printf("State pass (%d threads): %.1f GB/s. %s%n", t, pass.bandwidthGBs(), MEMORY_MODEL);
      peak.forEach((p, g) -> System.out.printf("FMA peak (%d threads, %s): %.1f GFLOP/s%n", t, p, g));
      System.out.printf("%-14s %6s %-9s %7s %15s %7s %12s %12s %9s %8s %8s %7s%n", "circuit", "qubits", "precision",
          "threads", "gates→fused", "passes", "median (s)", "mem-bound(s)", "× bound", "% triad", "GFLOP/s", "% peak");
      for (Map<String, Object> r : rows) {
        System.out.printf("%-14s %6d %-9s %7d %15s %7d %12.4f %12.4f %9.2f %7.0f%% %8.1f %6.1f%%%n",
            r.get("circuit"), r.get("qubits"), r.get("precision"), r.get("threads"),
            r.get("gates_before_fusion") + "→" + r.get("gates_after_fusion"), r.get("memory_passes"),
            r.get("median_seconds"), r.get("memory_bound_seconds"), r.get("times_memory_bound"),
            100 * (double) r.get("fraction_of_triad"), r.get("gflops"), 100 * (double) r.get("fraction_of_peak"));
      }
    }
    return 0;
  }

  /** How {@code memory_bound_seconds} is computed, as the output states it. */
  static final String MEMORY_MODEL = "Memory-bound time = passes × 2 × state bytes ÷ the state-pass bandwidth"
      + " (two arrays negated in place: read and written once, as a block pass moves the state).";

  /** The cost model the fuser uses, and each structure's kernel measured on this machine. */
  private int explain() {
    List<KernelBench.KernelCost> costs = KernelBench.kernelCosts(Math.max(repetitions, 5));
    KernelBench.Triad triad = KernelBench.triad(1 << 25, 1, 5);
    KernelBench.StatePass pass = KernelBench.statePass(1 << 25, 1, 5);
    double passNs = 2.0 * Precision.DOUBLE.bytesPerAmplitude() / pass.bandwidthGBs();
    double peakDouble = PeakFlops.gflops(Precision.DOUBLE, 1, 9), peakSingle = PeakFlops.gflops(Precision.SINGLE, 1, 9);
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (KernelBench.KernelCost c : costs) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("structure", c.structure());
        row.put("gate", c.gate());
        row.put("unit", c.unit());
        row.put("ns_per_amplitude", c.nsPerAmplitude());
        row.put("ns_per_unit", c.nsPerUnit());
        row.put("model_ns_per_unit", c.modelNs());
        rows.add(row);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("model", FusionCostModel.FORMULA);
      out.put("constants", FusionCostModel.constants());
      out.put("kernels", rows);
      out.put("triad_gbs_one_thread", triad.bandwidthGBs());
      out.put("state_pass_gbs_one_thread", pass.bandwidthGBs());
      out.put("memory_pass_ns_per_amplitude", passNs);
      out.put("flop_rules", FlopCount.RULES);
      out.put("peak_gflops_one_thread", Map.of("double", peakDouble, "single", peakSingle));
      System.out.println(Json.write(out));
      return 0;
    }
    System.out.println("Fusion cost model (nanoseconds per amplitude of a cache block, double precision, one thread):");
    System.out.println(FusionCostModel.FORMULA);
    FusionCostModel.constants().forEach((k, v) -> System.out.printf("  %-16s %.3f%n", k, v));
    System.out.println("A gate joins a fused gate when the product's cost is below its parts' (H·CZ·H folds into CX first).");
    System.out.printf("Memory: one pass reads and writes the state: %.3f ns per amplitude at the 1-thread state pass (%.1f GB/s);%n",
        passNs, pass.bandwidthGBs());
    System.out.println("the block plan makes one pass per run of gates fitting a 2^16-amplitude block, whatever their cost.");
    System.out.println("Arithmetic: flops each fused gate executes per amplitude of the state (bench's gflops column):");
    System.out.println(FlopCount.RULES);
    System.out.printf("against the SIMD FMA peak of one thread: %.1f GFLOP/s double, %.1f single.%n", peakDouble, peakSingle);
    System.out.println();
    System.out.println("Measured here (2^16 amplitudes, one thread):");
    System.out.printf("%-12s %-28s %-16s %10s %10s %10s%n", "structure", "gate", "unit", "ns/amp", "ns/unit", "model");
    for (KernelBench.KernelCost c : costs) {
      System.out.printf("%-12s %-28s %-16s %10.3f %10.3f %10.3f%n", c.structure(), c.gate(), c.unit(),
          c.nsPerAmplitude(), c.nsPerUnit(), c.modelNs());
    }
    return 0;
  }

  private static List<Path> benchFiles(Path d) throws IOException {
    if (!Files.isDirectory(d)) throw new IllegalArgumentException("no benchmark directory " + d + "; pass an existing --dir, FILE.qasm, or neither for the built-in suite");
    try (Stream<Path> s = Files.list(d)) {
      List<Path> l = s.filter(p -> p.toString().endsWith(".qasm")).sorted().toList();
      if (l.isEmpty()) throw new IllegalArgumentException("no .qasm files in " + d);
      return l;
    }
  }

  private int placementBench(QubitdConfig config) {
    if (shots < 1) throw new IllegalArgumentException("--shots must be at least 1, got " + shots);
    if (seeds < 2) throw new IllegalArgumentException("--seeds must be at least 2, got " + seeds);
    if (!(hours >= 0)) throw new IllegalArgumentException("--hours must not be negative, got " + hours);
    ChipSpec spec = config.chip(placement);
    CompilerSettings settings = config.compiler();
    if (settings.regionCandidates() < 1) settings = settings.withRegionCandidates(CompilerSettings.defaults().regionCandidates());
    ChipExecutor executor = config.chipExecutor(spec);
    IdealSimulator ideal = new IdealSimulator(config.kernel());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Circuit c : List.of(ChipBench.ghz(12), PlacementBench.lattice(3, 4, 8, 7))) {
      PlacementBench.Comparison r = PlacementBench.compare(c, spec, executor, settings, ideal, seeds, hours, shots);
      if (!json) System.out.println(r);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("circuit", r.circuit());
      row.put("seeds", r.seeds());
      row.put("shots", r.shots());
      row.put("drift_hours", r.hours());
      row.put("fidelity_noise_aware", r.noiseAware());
      row.put("fidelity_noise_aware_stderr", r.noiseAwareError());
      row.put("fidelity_quick", r.quick());
      row.put("fidelity_quick_stderr", r.quickError());
      row.put("difference", r.difference());
      row.put("difference_stderr", r.differenceError());
      row.put("noise_aware_better", r.noiseAwareBetter());
      rows.add(row);
    }
    if (json) System.out.println(Json.write(Map.of("chip", placement, "results", rows)));
    return 0;
  }

  /** {@code config} with the lattice rows' bond dimension and trajectories laid over it. */
  private QubitdConfig latticeConfig(QubitdConfig config) {
    if (latticeMaxBond < 2) throw new IllegalArgumentException("--lattice-max-bond must be at least 2, got " + latticeMaxBond);
    if (latticeTrajectories < 1) {
      throw new IllegalArgumentException("--lattice-trajectories must be at least 1, got " + latticeTrajectories);
    }
    var n = com.typesafe.config.ConfigValueFactory.fromAnyRef(latticeTrajectories);
    return new QubitdConfig(config.root()
        .withValue("qubitd.kernel.mps.max-bond-dimension", com.typesafe.config.ConfigValueFactory.fromAnyRef(latticeMaxBond))
        .withValue("qubitd.kernel.mps.max-trajectories", n).withValue("qubitd.noise.max-trajectories", n));
  }

  private int chipBench(QubitdConfig config) {
    if (shots < 1) throw new IllegalArgumentException("--shots must be at least 1, got " + shots);
    ChipSpec spec = config.chip(chip);
    ChipExecutor executor = config.chipExecutor(spec);
    IdealExecutor ideal = config.idealExecutor();
    QubitdConfig lattice = latticeConfig(config);
    ChipExecutor latticeExecutor = lattice.chipExecutor(spec);
    IdealExecutor latticeIdeal = lattice.idealExecutor();
    List<Map<String, Object>> rows = new ArrayList<>();
    Progress progress = CliProgress.of(this.spec, json);
    progress.start("chip benchmark", 2L * qubits.size());
    if (!json) {
      System.out.printf("lattice rows: bond dimension at most %d, at most %d noisy trajectories (--lattice-max-bond,"
          + " --lattice-trajectories); fidelity: product of (1 - discarded weight) over the truncations%n", latticeMaxBond,
          latticeTrajectories);
      System.out.printf("%-16s %6s %6s %5s %5s %-14s %5s %10s %9s %-12s %10s %10s %10s %10s %12s %8s%n", "circuit", "qubits", "shots",
          "CZ", "swaps", "method", "chi", "trunc.err", "fidelity", "ideal", "ideal (s)", "noisy (s)", "noisy cpu", "compile(s)",
          "noisy/shot", "ratio");
    }
    for (int n : qubits) {
      if (n < 1 || n > spec.topology().numQubits()) {
        throw new IllegalArgumentException("--qubits " + n + " is not within 1.." + spec.topology().numQubits() + " on chip " + chip);
      }
      for (Circuit c : List.of(ChipBench.ghz(n), ChipBench.lattice(spec.topology(), n, 10, 7))) {
        progress.update(rows.size(), c.name());
        boolean ghz = c.name().startsWith("ghz");
        ChipBench.Figures f = ChipBench.measure(c, spec, ghz ? executor : latticeExecutor, ghz ? ideal : latticeIdeal, shots,
            repetitions, rows.isEmpty());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("circuit", f.circuit());
        row.put("qubits", f.qubits());
        row.put("shots", f.shots());
        row.put("cz_count", f.czCount());
        row.put("swaps", f.swaps());
        row.put("method", f.method());
        if (f.method().equals(MpsMethod.NAME)) {
          row.put("max_bond_dimension", f.maxBondDimension());
          row.put("truncation_error", f.truncationError());
          row.put("estimated_fidelity", f.estimatedFidelity());
        }
        row.put("ideal_method", f.idealMethod());
        row.put("ideal_seconds", f.idealSeconds());
        row.put("noisy_seconds", f.noisySeconds());
        row.put("noisy_cpu_seconds", f.noisyCpuSeconds());
        row.put("compile_seconds", f.compileSeconds());
        row.put("noisy_seconds_per_shot", f.noisyPerShot());
        row.put("noisy_over_ideal", f.noisySeconds() / f.idealSeconds());
        rows.add(row);
        if (!json) {
          System.out.printf("%-16s %6d %6d %5d %5d %-14s %5s %10s %9s %-12s %10.4f %10.3f %10.3f %10.4f %12.2e %8.0f%n", f.circuit(),
              f.qubits(), f.shots(), f.czCount(), f.swaps(), f.method(),
              f.method().equals(MpsMethod.NAME) ? Integer.toString(f.maxBondDimension()) : "-",
              f.method().equals(MpsMethod.NAME) ? String.format("%.2e", f.truncationError()) : "-",
              f.method().equals(MpsMethod.NAME) ? String.format("%.2e", f.estimatedFidelity()) : "-", f.idealMethod(),
              f.idealSeconds(), f.noisySeconds(), f.noisyCpuSeconds(), f.compileSeconds(), f.noisyPerShot(),
              f.noisySeconds() / f.idealSeconds());
        }
      }
    }
    progress.update(rows.size(), "");
    progress.finish();
    if (json) {
      System.out.println(Json.write(Map.of("chip", chip, "lattice_max_bond", latticeMaxBond, "lattice_trajectories",
          latticeTrajectories, "results", rows)));
    }
    return 0;
  }
}
