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
import io.qubitd.device.noise.DensityMatrixSimulator;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.device.noise.TrajectorySimulator;
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
    if (Thread.currentThread().getContextClassLoader().getResource("chips/" + name + ".conf") != null
        || QubitdConfig.class.getClassLoader().getResource("chips/" + name + ".conf") != null) {
      return ChipSpec.load(name);
    }
    throw new IllegalArgumentException("unknown backend '" + name + "': no " + file + " and no bundled chip of that name");
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
    return new ChipExecutor(spec, compiler(), noise(), trajectories, dm, dmMax,
        io.qubitd.backend.FamilyCompiler.Settings.fromConfig(root.getConfig("qubitd.families")));
  }

  /** The calibration actor's settings, or empty when qubitd.calibration.enabled is off. */
  public java.util.Optional<CalibrationActor.Settings> calibration() {
    Config c = root.getConfig("qubitd.calibration");
    return c.getBoolean("enabled") ? java.util.Optional.of(CalibrationActor.Settings.fromConfig(c)) : java.util.Optional.empty();
  }
}
