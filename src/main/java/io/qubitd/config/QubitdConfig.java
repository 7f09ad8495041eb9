package io.qubitd.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.qubitd.kernel.KernelSettings;
import io.qubitd.kernel.Precision;
import java.nio.file.Path;
import java.util.Locale;

/** Reads qubitd's configuration tree into the typed settings of each component. */
public final class QubitdConfig {
  private final Config root;

  public QubitdConfig(Config root) {
    this.root = root;
    root.checkValid(ConfigFactory.defaultReference(), "qubitd");
  }

  /** reference.conf, then the file named by -Dconfig.file (bin/qubitd passes conf/application.conf), then system properties. */
  public static QubitdConfig load() { return new QubitdConfig(ConfigFactory.load()); }

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
}
