package io.qubitd.cli;

import io.qubitd.backend.ChipRunResult;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import io.qubitd.kernel.IdealSimulator;
import io.qubitd.backend.IdealExecutor;
import io.qubitd.kernel.MethodChooser;
import io.qubitd.kernel.PauliString;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.kernel.mps.MpsMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qubitd run FILE.qasm}: runs one circuit locally and prints counts or exact probabilities. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run an OpenQASM 2.0 or 3 file and print counts (or exact probabilities).")
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE.qasm", description = "The circuit to run.")
  Path file;

  @Option(names = "--shots", defaultValue = "1024", description = "Shots to sample (default ${DEFAULT-VALUE}).")
  int shots;

  @Option(names = "--seed", description = "Seed for sampling; the same seed gives the same counts.")
  Long seed;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--probabilities", description = "Print the exact probabilities of the measured bits instead of counts.")
  boolean probabilities;

  @Option(names = "--memory", description = "Also print every shot's bitstring, in order.")
  boolean memory;

  @Option(names = "--expectation", paramLabel = "PAULI",
      description = "Exact expectation value of a Pauli string (rightmost letter on qubit 0), e.g. ZZI. Repeatable.")
  List<String> paulis = List.of();

  @Option(names = {"-i", "--input"}, paramLabel = "NAME=VALUE",
      description = "Bind an OpenQASM 3 input (float, angle, int, uint, bit or bool; true/false read as 1/0). Repeatable.")
  Map<String, String> inputs = new LinkedHashMap<>();

  @Option(names = "--backend", defaultValue = "ideal",
      description = "ideal (noiseless, the default) or a chip such as wukong72 (compiled, noisy).")
  String backend;

  @Option(names = "--method", defaultValue = "auto",
      description = "Simulation method: auto, statevector, density-matrix, trajectories, mps or stabilizer (default ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--timeout", defaultValue = "600", description = "Seconds a chip run may take (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
    if (shots < 1) throw new IllegalArgumentException("--shots must be at least 1, got " + shots);
    QubitdConfig config = QubitdConfig.load();
    // dt is the chip's sample time when its file states one, else the setting qubitd.qasm.dt
    QasmSettings reading = config.qasm();
    if (!backend.equals("ideal") && config.hasChip(backend) && Double.isFinite(config.chip(backend).dt())) {
      reading = reading.withDt(config.chip(backend).dt());
    }
    if (!backend.equals("ideal") && config.hasChip(backend)) {
      // durationof and stretches in boxes time operations as this chip does
      var d = config.chip(backend).durations();
      reading = reading.withGateTimes(new QasmSettings.GateTimes(d.oneQubit(), d.twoQubit(), d.measure(), d.reset()));
    }
    Circuit circuit = QasmParser.parseFile(file, inputValues(inputs), reading);
    if (!MethodChooser.NAMES.contains(method)) {
      throw new IllegalArgumentException("unknown --method '" + method + "'; use one of " + String.join(", ", MethodChooser.NAMES));
    }
    if (!backend.equals("ideal")) {
      if (!config.hasChip(backend)) {
        throw new IllegalArgumentException("unknown backend '" + backend + "'; known backends: ideal, " + String.join(", ", config.knownChips()));
      }
      return runOnChip(config, circuit);
    }
    IdealExecutor ideal = config.idealExecutor();
    long s = seed != null ? seed : System.nanoTime();

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backend", backend);
    out.put("circuit", circuit.name());
    long t0 = System.nanoTime();
    if (probabilities) {
      IdealExecutor.Probabilities p = ideal.probabilities(circuit, method);
      out.put("probabilities", new TreeMap<>(p.probabilities()));
      putMethod(out, p.method(), p.maxBondDimension(), p.truncationError(), p.estimatedFidelity());
    } else {
      SimulationResult r = ideal.run(circuit, shots, s, memory, method);
      out.put("counts", new TreeMap<>(r.counts()));
      out.put("shots", r.shots());
      out.put("seed", s);
      if (memory) out.put("memory", r.memory());
      putMethod(out, r.method(), r.maxBondDimension(), r.truncationError(), r.estimatedFidelity());
    }
    if (!paulis.isEmpty()) {
      IdealSimulator sim = new IdealSimulator(config.kernel());
      Map<String, Double> ev = new LinkedHashMap<>();
      Circuit unitary = circuit.withoutFinalMeasurements();
      for (String p : paulis) ev.put(p, sim.expectation(unitary, new PauliString(p)));
      out.put("expectation_values", ev);
    }
    out.put("time_taken", (System.nanoTime() - t0) / 1e9);
    System.out.println(json ? Json.write(out) : Text.table(out));
    return 0;
  }

  /** Input values as numbers: true and false read as 1 and 0, as OpenQASM casts bool to int. */
  static Map<String, Double> inputValues(Map<String, String> given) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String v = e.getValue().trim();
      if (v.equalsIgnoreCase("true")) {
        out.put(e.getKey(), 1.0);
      } else if (v.equalsIgnoreCase("false")) {
        out.put(e.getKey(), 0.0);
      } else {
        try {
          out.put(e.getKey(), Double.parseDouble(v));
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException("--input " + e.getKey() + "=" + v + ": expected a number, true or false");
        }
      }
    }
    return out;
  }

  private int runOnChip(QubitdConfig config, Circuit circuit) {
    if (probabilities || memory || !paulis.isEmpty()) {
      throw new IllegalArgumentException("--probabilities, --memory and --expectation need --backend ideal;"
          + " a chip returns sampled counts");
    }
    ChipSpec spec = config.chip(backend);
    long s = seed != null ? seed : System.nanoTime();
    long t0 = System.nanoTime();
    ChipRunResult r;
    try (LocalChip chip = new LocalChip(config, spec)) {
      r = chip.run(circuit, shots, s, method, Duration.ofSeconds(timeoutSeconds));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backend", backend);
    out.put("circuit", circuit.name());
    out.put("counts", new TreeMap<>(r.counts()));
    out.put("shots", r.shots());
    out.put("seed", s);
    Map<String, Object> layout = new LinkedHashMap<>();
    layout.put("initial", r.initialLayout());
    layout.put("final", r.finalLayout());
    out.put("layout", layout);
    out.put("swaps", r.swaps());
    out.put("cz_count", r.twoQubitGates());
    out.put("depth", r.depth());
    out.put("duration_seconds", r.duration());
    putMethod(out, r.method(), r.maxBondDimension(), r.truncationError(), r.estimatedFidelity());
    out.put("calibration_version", r.snapshotVersion());
    out.put("time_taken", (System.nanoTime() - t0) / 1e9);
    System.out.println(json ? Json.write(out) : Text.table(out));
    return 0;
  }

  /** "method", and for the MPS its largest bond, summed truncation error and the fidelity that estimates. */
  static void putMethod(Map<String, Object> out, String method, int maxBondDimension, double truncationError,
      double estimatedFidelity) {
    out.put("method", method);
    if (method.equals(MpsMethod.NAME)) {
      out.put("max_bond_dimension", maxBondDimension);
      out.put("truncation_error", truncationError);
      out.put("estimated_fidelity", estimatedFidelity);
    }
  }
}
