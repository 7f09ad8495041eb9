package io.qubitd.cli;

import io.qubitd.backend.ChipBench;
import io.qubitd.backend.ChipExecutor;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.Precision;
import io.qubitd.kernel.bench.KernelBench;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qubitd bench}: times the state evolution of the benchmark circuits against a STREAM triad. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the kernel on ../shared/bench/*.qasm (or the files given): median time, fusion, bandwidth.")
final class BenchCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "FILE.qasm", description = "Circuits to time (default: every .qasm in --dir).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--dir", description = "Directory of benchmark circuits (default: ../shared/bench beside the project).")
  Path dir;

  @Option(names = "--repetitions", defaultValue = "3", description = "Timed runs per circuit after one warm-up (default ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--threads", description = "Kernel threads (default: from configuration).")
  Integer threads;

  @Option(names = "--fusion", description = "Widest fused gate (default: from configuration).")
  Integer fusion;

  @Option(names = "--precision", defaultValue = "both", description = "double, single or both (default ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--chip", paramLabel = "NAME",
      description = "Instead of the kernel benchmark, time noisy runs on this chip (e.g. wukong72) against ideal runs.")
  String chip;

  @Option(names = "--daemon", paramLabel = "CHIP",
      description = "Instead of the kernel benchmark, time the daemon on this chip: a 200-circuit job with and without packing, and latency under load.")
  String daemon;

  @Option(names = "--training", paramLabel = "CHIP",
      description = "Instead of the kernel benchmark, time the QTHA layer's chip mode on this chip: parameter sets through an in-process daemon.")
  String training;

  @Option(names = "--rows", defaultValue = "4000", description = "With --training: token rows (bindings) sent (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--circuits", defaultValue = "200", description = "With --daemon: circuits in the batch job (default ${DEFAULT-VALUE}).")
  int circuits;

  @Option(names = "--qubits", split = ",", defaultValue = "12,20", description = "With --chip: circuit sizes (default ${DEFAULT-VALUE}).")
  List<Integer> qubits;

  @Option(names = "--shots", defaultValue = "1000", description = "With --chip, --daemon or --training: shots per circuit, 0 for exact expectations with --training (default ${DEFAULT-VALUE}).")
  int shots;

  @Override
  public Integer call() throws Exception {
    if (repetitions < 1) throw new IllegalArgumentException("--repetitions must be at least 1, got " + repetitions);
    if (chip != null) return chipBench(QubitdConfig.load());
    if (training != null) {
      if (rows < 1) throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
      if (shots < 0) throw new IllegalArgumentException("--shots must be >= 0 (0: exact expectations), got " + shots);
      Map<String, Object> r = TrainingBench.run(training, rows, shots, 1);
      System.out.println(json ? Json.write(r) : Text.table(r));
      return 0;
    }
    if (daemon != null) {
      Map<String, Object> r = DaemonBench.run(daemon, circuits, shots, 8, 100);
      System.out.println(json ? Json.write(r) : Text.table(r));
      return 0;
    }
    KernelSettings base = QubitdConfig.load().kernel();
    int t = threads != null ? threads : base.threads();
    int w = fusion != null ? fusion : base.fusionMaxWidth();
    List<Precision> precisions = switch (precision) {
      case "double" -> List.of(Precision.DOUBLE);
      case "single" -> List.of(Precision.SINGLE);
      case "both" -> List.of(Precision.DOUBLE, Precision.SINGLE);
      default -> throw new IllegalArgumentException("--precision must be double, single or both, got " + precision);
    };
    List<Path> circuits = files.isEmpty() ? benchFiles() : files;

    KernelBench.Triad triad = KernelBench.triad(1 << 25, t, 5);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path f : circuits) {
      Circuit c = QasmParser.parseFile(f, Map.of());
      for (Precision p : precisions) {
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
        rows.add(row);
      }
    }
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("triad_gbs", triad.bandwidthGBs());
      out.put("threads", t);
      out.put("results", rows);
      System.out.println(Json.write(out));
    } else {
      System.out.printf("STREAM triad (%d threads): %.1f GB/s%n", t, triad.bandwidthGBs());
      System.out.printf("%-14s %6s %-9s %7s %15s %7s %12s %9s %8s%n",
          "circuit", "qubits", "precision", "threads", "gates→fused", "passes", "median (s)", "GB/s", "% triad");
      for (Map<String, Object> r : rows) {
        System.out.printf("%-14s %6d %-9s %7d %15s %7d %12.4f %9.1f %7.0f%%%n",
            r.get("circuit"), r.get("qubits"), r.get("precision"), r.get("threads"),
            r.get("gates_before_fusion") + "→" + r.get("gates_after_fusion"), r.get("memory_passes"),
            r.get("median_seconds"), r.get("bandwidth_gbs"), 100 * (double) r.get("fraction_of_triad"));
      }
    }
    return 0;
  }

  private List<Path> benchFiles() throws IOException {
    Path d = dir;
    if (d == null) {
      String home = System.getProperty("qubitd.home", ".");
      d = Path.of(home).resolve("../shared/bench").normalize();
    }
    if (!Files.isDirectory(d)) throw new IllegalArgumentException("no benchmark directory " + d + "; pass --dir or FILE.qasm");
    try (Stream<Path> s = Files.list(d)) {
      List<Path> l = s.filter(p -> p.toString().endsWith(".qasm")).sorted().toList();
      if (l.isEmpty()) throw new IllegalArgumentException("no .qasm files in " + d);
      return l;
    }
  }

  private int chipBench(QubitdConfig config) {
    if (shots < 1) throw new IllegalArgumentException("--shots must be at least 1, got " + shots);
    ChipSpec spec = config.chip(chip);
    ChipExecutor executor = config.chipExecutor(spec);
    IdealSimulator ideal = new IdealSimulator(config.kernel());
    List<Map<String, Object>> rows = new ArrayList<>();
    if (!json) {
      System.out.printf("%-14s %6s %6s %5s %5s %-14s %10s %10s %10s %12s %8s%n", "circuit", "qubits", "shots", "CZ",
          "swaps", "method", "ideal (s)", "noisy (s)", "compile(s)", "noisy/shot", "ratio");
    }
    for (int n : qubits) {
      for (Circuit c : List.of(ChipBench.ghz(n), ChipBench.layered(n, 10, 7))) {
        ChipBench.Figures f = ChipBench.measure(c, spec, executor, ideal, shots, repetitions);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("circuit", f.circuit());
        row.put("qubits", f.qubits());
        row.put("shots", f.shots());
        row.put("cz_count", f.czCount());
        row.put("swaps", f.swaps());
        row.put("method", f.method());
        row.put("ideal_seconds", f.idealSeconds());
        row.put("noisy_seconds", f.noisySeconds());
        row.put("compile_seconds", f.compileSeconds());
        row.put("noisy_seconds_per_shot", f.noisyPerShot());
        row.put("noisy_over_ideal", f.noisySeconds() / f.idealSeconds());
        rows.add(row);
        if (!json) {
          System.out.printf("%-14s %6d %6d %5d %5d %-14s %10.4f %10.3f %10.4f %12.2e %8.0f%n", f.circuit(), f.qubits(),
              f.shots(), f.czCount(), f.swaps(), f.method(), f.idealSeconds(), f.noisySeconds(), f.compileSeconds(),
              f.noisyPerShot(), f.noisySeconds() / f.idealSeconds());
        }
      }
    }
    if (json) System.out.println(Json.write(Map.of("chip", chip, "results", rows)));
    return 0;
  }
}
