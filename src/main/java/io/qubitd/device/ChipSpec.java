package io.qubitd.device;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A chip as its file describes it: name, connectivity, native gates and their durations, the
 * distributions its true parameters are drawn from, and how they drift. Read from the
 * {@code chip} block of a HOCON file (see {@code conf/chips/wukong72.conf}).
 *
 * @param timeRate emulated seconds that pass per wall-clock second
 * @param dt       the sample time of the chip's control electronics in seconds ({@code durations.dt}), the unit
 *                 of OpenQASM 3 durations such as {@code delay[100dt]}; NaN when the file does not state it
 */
public record ChipSpec(
    String name, Topology topology, List<String> nativeGates, GateDurations durations,
    TruthDistribution truth, DriftSpec drift, double timeRate, double dt) {

  /** The native gate names a chip file may list; RZ is virtual. */
  public static final List<String> KNOWN_NATIVE_GATES = List.of("rz", "sx", "x", "cz");

  public ChipSpec {
    nativeGates = List.copyOf(nativeGates);
  }

  /** A closed interval [min, max] that a parameter is drawn from uniformly. */
  public record Range(double min, double max) {
    public Range {
      if (!(min <= max)) throw new IllegalArgumentException("range min " + min + " above max " + max);
    }

    public double draw(SplittableRandom rng) { return min == max ? min : min + (max - min) * rng.nextDouble(); }

    public boolean contains(double x) { return x >= min && x <= max; }
  }

  /**
   * Where true parameters come from. T1, T2 in seconds; T2 is drawn from
   * [t2.min, min(t2.max, 2·T1)] so that T2 ≤ 2·T1 always holds. {@code gateError1q} and
   * {@code czError} are the errors beyond the coherence limit ({@link CoherenceLimit}): a gate's
   * stated error is its limit plus the draw, so no gate errs less than its decay causes.
   *
   * @param seed         seed for {@link ChipSpec#sampleTruth()}
   * @param deadCouplers couplers dead from the start, chosen at random
   */
  public record TruthDistribution(
      long seed, Range t1, Range t2, Range frequencyHz, Range gateError1q, Range czError,
      Range readoutP01, Range readoutP10, Range residualZzHz, int deadCouplers) {}

  /**
   * Ornstein–Uhlenbeck drift of one parameter: stationary standard deviation {@code sigma}
   * (relative, i.e. of the logarithm, for T1 and T2; in Hz for frequency) and mean-reversion
   * time {@code reversionTime} in seconds.
   */
  public record OuSpec(double sigma, double reversionTime) {
    public OuSpec {
      if (!(sigma >= 0) || !(reversionTime > 0)) {
        throw new IllegalArgumentException("OU drift needs sigma >= 0 and reversion time > 0, got " + sigma + ", " + reversionTime);
      }
    }
  }

  /**
   * Two-level-system dips: they start at {@code ratePerSecond} per qubit (Poisson), multiply T1
   * by a factor drawn from {@code t1Factor}, and last an exponential time of mean {@code meanDuration} s.
   */
  public record TlsSpec(double ratePerSecond, Range t1Factor, double meanDuration) {}

  /**
   * How a chip's truth drifts; {@code couplerFailureRate} is per coupler per second. The 1q and CZ
   * errors beyond their coherence limits ({@code gateError1q}, {@code czError}) and the readout
   * errors walk in their logarithms (relative sigma), on top of following T1 and T2.
   */
  public record DriftSpec(OuSpec t1, OuSpec t2, OuSpec frequency, TlsSpec tls, double couplerFailureRate,
      OuSpec gateError1q, OuSpec czError, OuSpec readout) {}

  /** Loads {@code chips/<name>.conf} from the classpath. */
  public static ChipSpec load(String name) {
    String resource = "chips/" + name + ".conf";
    Config c = ConfigFactory.parseResources(resource, ConfigParseOptions.defaults().setAllowMissing(false));
    return fromConfig(c.resolve());
  }

  /** Loads a chip file from disk. */
  public static ChipSpec load(Path file) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("chip file " + file + " does not exist");
    Config c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    return fromConfig(c.resolve());
  }

  /**
   * Reads and validates the {@code chip} block of {@code root}. Throws a {@link ConfigException}
   * naming the offending key for anything missing or out of range.
   */
  public static ChipSpec fromConfig(Config root) {
    Config c = root.getConfig("chip");
    String name = c.getString("name");
    Topology topology = readTopology(c);
    List<String> gates = c.getStringList("native-gates");
    for (String g : gates) {
      if (!KNOWN_NATIVE_GATES.contains(g)) throw bad(c, "native-gates", "unknown native gate '" + g + "', expected some of " + KNOWN_NATIVE_GATES);
    }
    GateDurations durations = readDurations(c.getConfig("durations"), "chip.durations");
    TruthDistribution truth = readTruth(c.getConfig("truth"), topology);
    DriftSpec drift = readDrift(c.getConfig("drift"));
    double timeRate = c.getDouble("time-rate");
    if (!(timeRate > 0)) throw bad(c, "time-rate", "must be positive, got " + timeRate);
    double dt = Double.NaN;
    if (c.hasPath("durations.dt")) {
      dt = fineSeconds(c.getString("durations.dt"));
      if (!(dt > 0)) {
        throw bad(c, "durations.dt", "must be a positive duration such as 0.5ns or 222ps, got " + c.getValue("durations.dt").render());
      }
    }
    return new ChipSpec(name, topology, gates, durations, truth, drift, timeRate, dt);
  }

  /**
   * A duration like {@code 0.5ns} or {@code 222ps} in seconds, NaN when it is not one: HOCON durations stop at
   * whole nanoseconds, and control electronics sample faster than that.
   */
  private static double fineSeconds(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(ps|ns|us|µs|ms|s)\\s*").matcher(text);
    if (!m.matches()) return Double.NaN;
    double scale = switch (m.group(2)) {
      case "ps" -> 1e-12;
      case "ns" -> 1e-9;
      case "us", "µs" -> 1e-6;
      case "ms" -> 1e-3;
      default -> 1;
    };
    return Double.parseDouble(m.group(1)) * scale;
  }

  private static Topology readTopology(Config c) {
    boolean lattice = c.hasPath("lattice");
    boolean edges = c.hasPath("edges");
    if (lattice == edges) throw bad(c, "lattice", "give exactly one of 'lattice { rows, cols }' or 'qubits' with 'edges'");
    if (lattice) {
      int rows = c.getInt("lattice.rows"), cols = c.getInt("lattice.cols");
      if (rows < 1) throw bad(c, "lattice.rows", "must be at least 1, got " + rows);
      if (cols < 1) throw bad(c, "lattice.cols", "must be at least 1, got " + cols);
      return Topology.grid(rows, cols);
    }
    int n = c.getInt("qubits");
    if (n < 1) throw bad(c, "qubits", "must be at least 1, got " + n);
    List<Topology.Position> positions = new ArrayList<>();
    for (int q = 0; q < n; q++) positions.add(new Topology.Position(0, q));
    List<Topology.Edge> list = new ArrayList<>();
    List<? extends ConfigValue> raw = c.getList("edges");
    for (int i = 0; i < raw.size(); i++) {
      Object v = raw.get(i).unwrapped();
      if (!(v instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof Number a) || !(pair.get(1) instanceof Number b)) {
        throw bad(c, "edges", "entry " + i + " must be a pair of qubit numbers [a, b], got " + v);
      }
      int qa = a.intValue(), qb = b.intValue();
      if (qa < 0 || qa >= n || qb < 0 || qb >= n) {
        throw bad(c, "edges", "entry " + i + " [" + qa + ", " + qb + "] names a qubit outside 0.." + (n - 1));
      }
      if (qa == qb) throw bad(c, "edges", "entry " + i + " couples qubit " + qa + " to itself");
      list.add(new Topology.Edge(qa, qb));
    }
    try {
      return new Topology(positions, list);
    } catch (IllegalArgumentException e) {
      throw bad(c, "edges", e.getMessage());
    }
  }

  private static GateDurations readDurations(Config d, String path) {
    double one = seconds(d, "one-qubit"), two = seconds(d, "two-qubit"), meas = seconds(d, "measure"), reset = seconds(d, "reset");
    if (!(one > 0)) throw bad(d, "one-qubit", "must be positive");
    if (!(two > 0)) throw bad(d, "two-qubit", "must be positive");
    if (!(meas > 0)) throw bad(d, "measure", "must be positive");
    if (!(reset >= 0)) throw bad(d, "reset", "must not be negative");
    if (d.hasPath("rz") && seconds(d, "rz") != 0) throw bad(d, "rz", "RZ is virtual and takes 0 s");
    return new GateDurations(one, two, meas, reset);
  }

  private static TruthDistribution readTruth(Config t, Topology topology) {
    Range t1 = range(t, "t1", true, 0, Double.POSITIVE_INFINITY);
    Range t2 = range(t, "t2", true, 0, Double.POSITIVE_INFINITY);
    if (!(t1.min() > 0)) throw bad(t, "t1.min", "must be positive");
    if (!(t2.min() > 0)) throw bad(t, "t2.min", "must be positive");
    if (t2.min() > 2 * t1.min()) {
      throw bad(t, "t2.min", "T2 range starts at " + t2.min() + " s, above 2*T1 = " + 2 * t1.min()
          + " s for the shortest T1: T2 <= 2*T1 could not hold");
    }
    Range freq = range(t, "frequency-hz", false, 0, Double.POSITIVE_INFINITY);
    if (!(freq.min() > 0)) throw bad(t, "frequency-hz.min", "must be positive");
    Range g1 = range(t, "gate-error-1q", false, 0, 1);
    Range cz = range(t, "cz-error", false, 0, 1);
    Range p01 = range(t, "readout-p01", false, 0, 1);
    Range p10 = range(t, "readout-p10", false, 0, 1);
    Range zz = range(t, "residual-zz-hz", false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    int dead = t.getInt("dead-couplers");
    if (dead < 0 || dead > topology.numCouplers()) {
      throw bad(t, "dead-couplers", "must be within 0.." + topology.numCouplers() + ", got " + dead);
    }
    return new TruthDistribution(t.getLong("seed"), t1, t2, freq, g1, cz, p01, p10, zz, dead);
  }

  private static DriftSpec readDrift(Config d) {
    OuSpec t1 = ou(d.getConfig("t1"), "relative-sigma");
    OuSpec t2 = ou(d.getConfig("t2"), "relative-sigma");
    OuSpec f = ou(d.getConfig("frequency"), "sigma-hz");
    Config tls = d.getConfig("tls");
    double rate = nonNegative(tls, "rate-per-hour") / 3600;
    Range factor = range(tls, "t1-factor", false, 0, 1);
    if (!(factor.min() > 0)) throw bad(tls, "t1-factor.min", "must be positive");
    double mean = seconds(tls, "mean-duration");
    if (!(mean > 0)) throw bad(tls, "mean-duration", "must be positive");
    double fail = nonNegative(d, "coupler-failure-rate-per-day") / 86400;
    return new DriftSpec(t1, t2, f, new TlsSpec(rate, factor, mean), fail, ou(d.getConfig("gate-error-1q"), "relative-sigma"),
        ou(d.getConfig("cz-error"), "relative-sigma"), ou(d.getConfig("readout"), "relative-sigma"));
  }

  private static OuSpec ou(Config c, String sigmaKey) {
    double sigma = nonNegative(c, sigmaKey);
    double tau = seconds(c, "reversion-time");
    if (!(tau > 0)) throw bad(c, "reversion-time", "must be positive");
    return new OuSpec(sigma, tau);
  }

  private static double nonNegative(Config c, String key) {
    double v = c.getDouble(key);
    if (!(v >= 0)) throw bad(c, key, "must not be negative, got " + v);
    return v;
  }

  /** A { min, max } block; with {@code durations} true the bounds are durations like 10us. */
  private static Range range(Config c, String key, boolean durations, double lo, double hi) {
    Config r = c.getConfig(key);
    double min = durations ? seconds(r, "min") : r.getDouble("min");
    double max = durations ? seconds(r, "max") : r.getDouble("max");
    if (min < lo || max > hi) throw bad(c, key, "must lie within [" + lo + ", " + hi + "], got [" + min + ", " + max + "]");
    if (min > max) throw bad(c, key, "min " + min + " is above max " + max);
    return new Range(min, max);
  }

  private static double seconds(Config c, String key) {
    String s = c.getString(key).trim();
    if (s.startsWith("-")) throw bad(c, key, "must not be negative, got " + s);
    return c.getDuration(key, TimeUnit.NANOSECONDS) * 1e-9;
  }

  private static ConfigException bad(Config c, String key, String problem) {
    return new ConfigException.BadValue(c.origin(), key, problem);
  }

  /** Samples the chip's true parameters with the seed from its file. */
  public ChipTruth sampleTruth() { return sampleTruth(truth.seed()); }

  /**
   * Samples the chip's true parameters at emulated time 0; the same seed gives the same chip. Each
   * gate's stated error is its coherence limit plus the drawn excess, so it never lies below it.
   */
  public ChipTruth sampleTruth(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<QubitTruth> qs = new ArrayList<>();
    for (int q = 0; q < topology.numQubits(); q++) {
      double t1 = truth.t1().draw(rng);
      double t2 = new Range(truth.t2().min(), Math.min(truth.t2().max(), 2 * t1)).draw(rng);
      double f = truth.frequencyHz().draw(rng);
      double excess = truth.gateError1q().draw(rng);
      double p01 = truth.readoutP01().draw(rng), p10 = truth.readoutP10().draw(rng);
      double error = Math.min(1, CoherenceLimit.oneQubit(durations.oneQubit(), t1, t2) + excess);
      qs.add(new QubitTruth(q, t1, t2, f, error, p01, p10, QubitTruth.TlsDip.NONE,
          new QubitTruth.Nominal(t1, t2, f, excess, p01, p10)));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < topology.numCouplers(); i++) order.add(i);
    Collections.shuffle(order, new Random(rng.nextLong()));
    List<Integer> dead = order.subList(0, truth.deadCouplers());
    List<CouplerTruth> cs = new ArrayList<>();
    for (int i = 0; i < topology.numCouplers(); i++) {
      Topology.Edge e = topology.edges().get(i);
      double excess = truth.czError().draw(rng);
      double error = Math.min(1, CoherenceLimit.twoQubit(durations.twoQubit(), qs.get(e.a()), qs.get(e.b())) + excess);
      cs.add(new CouplerTruth(e.a(), e.b(), error, truth.residualZzHz().draw(rng), !dead.contains(i), excess, excess));
    }
    return new ChipTruth(0, qs, cs);
  }
}
