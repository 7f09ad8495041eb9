package io.qubitd.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.Precision;
import io.qubitd.backend.ChipExecutor;
import io.qubitd.calibration.CalibrationActor;
import io.qubitd.chip.ChipActor;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.ChipSpec;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.kernel.trajectory.TrajectorySimulator;
import io.qubitd.backend.IdealExecutor;
import io.qubitd.kernel.MethodChooser;
import io.qubitd.kernel.SimulationMethod;
import io.qubitd.kernel.StateVectorMethod;
import io.qubitd.kernel.density.DensityMatrixMethod;
import io.qubitd.kernel.mps.MpsMethod;
import io.qubitd.kernel.mps.MpsSettings;
import io.qubitd.kernel.stabilizer.StabilizerMethod;
import io.qubitd.kernel.trajectory.TrajectoryMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads qubitd's configuration tree into the typed settings of each component. */
public final class QubitdConfig {
  private final Config root;

  public QubitdConfig(Config root) {
    this.root = root;
    root.checkValid(ConfigFactory.defaultReference(), "qubitd");
  }

  /**
   * System properties, then application.conf (or the file named by -Dconfig.file; bin/qubitd
   * passes conf/application.conf), then qubitd-pekko.conf, then every reference.conf.
   */
  public static QubitdConfig load() { return new QubitdConfig(loadRoot()); }

  /** The whole configuration tree as {@link #load()} layers it, resolved. */
  public static Config loadRoot() {
    return ConfigFactory.load(ConfigFactory.defaultApplication().withFallback(ConfigFactory.parseResources("qubitd-pekko.conf")));
  }

  public Config root() { return root; }

  /** How OpenQASM programs are read: operation budget, while-loop unrolling, dt. */
  public io.qubitd.circuit.qasm.QasmSettings qasm() {
    Config q = root.getConfig("qubitd.qasm");
    try {
      return new io.qubitd.circuit.qasm.QasmSettings(q.getLong("max-operations"), q.getInt("max-dynamic-iterations"),
          q.getDuration("dt").toNanos() / 1e9, new io.qubitd.circuit.qasm.QasmSettings.GateTimes(
              q.getDuration("gate-durations.one-qubit").toNanos() / 1e9, q.getDuration("gate-durations.two-qubit").toNanos() / 1e9,
              q.getDuration("gate-durations.measure").toNanos() / 1e9, q.getDuration("gate-durations.reset").toNanos() / 1e9));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(q.origin(), "qubitd.qasm", e.getMessage());
    }
  }

  public KernelSettings kernel() {
    Config k = root.getConfig("qubitd.kernel");
    int threads = k.getInt("threads");
    if (threads < 0) throw new ConfigException.BadValue(k.origin(), "qubitd.kernel.threads", "must be >= 0, got " + threads);
    if (threads == 0) threads = Runtime.getRuntime().availableProcessors();
    long maxBytes;
    if (k.getString("max-state-memory").equals("auto")) {
      maxBytes = KernelSettings.defaults().maxStateBytes();
    } else {
      maxBytes = k.getBytes("max-state-memory");
    }
    Precision precision;
    String p = k.getString("precision").toLowerCase(Locale.ROOT);
    switch (p) {
      case "double": precision = Precision.DOUBLE; break;
      case "single": precision = Precision.SINGLE; break;
      default:
        throw new ConfigException.BadValue(k.origin(), "qubitd.kernel.precision", "must be double or single, got " + p);
    }
    return new KernelSettings(k.getInt("fusion-max-width"), k.getInt("parallel-threshold-qubits"), threads, maxBytes, precision);
  }

  /** Directory of user chip files; relative paths resolve against qubitd.home when set. */
  public Path chipsDir() {
    Path p = Path.of(root.getString("qubitd.chips-dir"));
    if (p.isAbsolute()) return p;
    String home = System.getProperty("qubitd.home");
    return home == null ? p : Path.of(home).resolve(p);
  }

  /** Chip names this installation serves (qubitd.chips). */
  public List<String> chips() { return root.getStringList("qubitd.chips"); }

  /**
   * The chip file {@code <name>.conf} from the chips directory if there, else the one bundled in
   * the jar; an unknown name is an error listing where it looked.
   */
  public ChipSpec chip(String name) {
    if (!name.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("bad chip name '" + name + "'");
    Path file = chipsDir().resolve(name + ".conf");
    if (Files.isRegularFile(file)) return ChipSpec.load(file);
    if (bundled(name)) return ChipSpec.load(name);
    throw new IllegalArgumentException("unknown chip '" + name + "'; known chips: " + String.join(", ", knownChips())
        + " (a chip is a file <name>.conf in " + chipsDir() + ")");
  }

  /** Whether {@link #chip} finds {@code name}: a chip file in the chips directory or one bundled in the jar. */
  public boolean hasChip(String name) {
    return name.matches("[A-Za-z0-9_.-]+") && (Files.isRegularFile(chipsDir().resolve(name + ".conf")) || bundled(name));
  }

  private static boolean bundled(String name) {
    return Thread.currentThread().getContextClassLoader().getResource("chips/" + name + ".conf") != null
        || QubitdConfig.class.getClassLoader().getResource("chips/" + name + ".conf") != null;
  }

  /** The chips this installation knows, sorted: the configured ones (qubitd.chips) and the chip files of the chips directory. */
  public List<String> knownChips() {
    java.util.TreeSet<String> names = new java.util.TreeSet<>(chips());
    try (java.util.stream.Stream<Path> files = Files.list(chipsDir())) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf"))
          .forEach(n -> names.add(n.substring(0, n.length() - ".conf".length())));
    } catch (java.io.IOException e) {
      // no chips directory: the configured chips are all there is to list
    }
    return List.copyOf(names);
  }

  /** The seed of a chip's true parameters: the configured one, or the chip file's. */
  public long truthSeed(ChipSpec spec) {
    String s = root.getString("qubitd.chip.truth-seed");
    return s.equals("file") ? spec.truth().seed() : root.getLong("qubitd.chip.truth-seed");
  }

  public ChipActor.Settings chipSettings(ChipSpec spec) {
    Config c = root.getConfig("qubitd.chip");
    return new ChipActor.Settings(c.getDuration("tick-interval"), spec.timeRate(), c.getDuration("query-timeout"));
  }

  public CompilerSettings compiler() { return CompilerSettings.fromConfig(root.getConfig("qubitd.compile")); }

  public NoiseOptions noise() {
    Config n = root.getConfig("qubitd.noise");
    return new NoiseOptions(n.getBoolean("decay"), n.getBoolean("gate-error"), n.getBoolean("readout-error"),
        n.getBoolean("residual-zz"));
  }

  /** Compiles and simulates on {@code spec}: exact density matrix for small programs, trajectories above. */
  public ChipExecutor chipExecutor(ChipSpec spec) {
    Config n = root.getConfig("qubitd.noise");
    int dmMax = n.getInt("density-matrix-max-qubits");
    if (dmMax < 0 || dmMax > 10) {
      throw new ConfigException.BadValue(n.origin(), "qubitd.noise.density-matrix-max-qubits", "must be within 0..10, got " + dmMax);
    }
    var trajectories = new TrajectorySimulator(new TrajectorySimulator.Settings(n.getInt("max-trajectories"), kernel()));
    var dm = new DensityMatrixSimulator(new DensityMatrixSimulator.Settings(Math.max(dmMax, 1), 64));
    int trajectoriesMax = n.getInt("trajectories-max-qubits");
    List<SimulationMethod> methods = List.of(new DensityMatrixMethod(dm, Math.max(dmMax, 1)), new TrajectoryMethod(trajectories),
        new StabilizerMethod(kernel().maxStateBytes()), new MpsMethod(mps()));
    return new ChipExecutor(spec, compiler(), noise(), new MethodChooser(methods, dmMax, trajectoriesMax),
        io.qubitd.backend.FamilyCompiler.Settings.fromConfig(root.getConfig("qubitd.families")));
  }

  /** The ideal backend: state vector, stabilizer and MPS, chosen per circuit. */
  public IdealExecutor idealExecutor() {
    List<SimulationMethod> methods = List.of(new StateVectorMethod(kernel()), new StabilizerMethod(kernel().maxStateBytes()),
        new MpsMethod(mps()));
    return new IdealExecutor(new MethodChooser(methods, 0, 0));
  }

  /** The MPS method's settings (qubitd.kernel.mps), its memory bounded by kernel.max-state-memory. */
  public MpsSettings mps() {
    Config m = root.getConfig("qubitd.kernel.mps");
    try {
      return new MpsSettings(m.getInt("max-bond-dimension"), m.getDouble("truncation-threshold"), m.getInt("max-trajectories"),
          kernel().maxStateBytes(), m.getDouble("noisy-truncation-threshold"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(m.origin(), "qubitd.kernel.mps", e.getMessage());
    }
  }

  /** The calibration actor's settings, or empty when qubitd.calibration.enabled is off. */
  public java.util.Optional<CalibrationActor.Settings> calibration() {
    Config c = root.getConfig("qubitd.calibration");
    return c.getBoolean("enabled") ? java.util.Optional.of(CalibrationActor.Settings.fromConfig(c)) : java.util.Optional.empty();
  }
}
