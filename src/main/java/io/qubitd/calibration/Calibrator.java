package io.qubitd.calibration;

import io.qubitd.calibration.fit.CurveFitter;
import io.qubitd.calibration.fit.DampedCosineFit;
import io.qubitd.calibration.fit.ExponentialFit;
import io.qubitd.calibration.fit.FitFailedException;
import io.qubitd.calibration.fit.FitResult;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.CircuitUnitary;
import io.qubitd.circuit.Operation;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.Topology;
import io.qubitd.device.CoherenceLimit;
import io.qubitd.device.noise.Channels;
import io.qubitd.kernel.NoisyResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.ejml.data.ZMatrixRMaj;

/**
 * Calibrates a chip by experiment, as a lab does, and publishes what it measured. Per qubit:
 * readout assignment matrix, T1 (X, delay), T2 from a Hahn echo, frequency from a Ramsey fringe
 * with artificial detuning against the drive frame, and error per SX from single-qubit randomized
 * benchmarking. Per coupler: CZ error from cross-entropy benchmarking with the measured
 * single-qubit errors taken out. Coarse logarithmic sweeps size the fine ones, so no prior
 * knowledge of the chip is needed. Qubits run in simultaneous groups (no two coupled), couplers in
 * groups of pairs with no coupler between them. Nothing here sees the truth: only counts from the
 * {@link Experimenter}.
 *
 * <p>Every value carries a one-sigma standard error: readout errors binomial, √(p(1 − p)/n);
 * T1, echo T2, T2* and frequency from the covariance of their least-squares fits (the sandwich
 * form robust to the unequal variances of counted probabilities, see {@link CurveFitter});
 * residual ZZ from the two Ramsey frequencies' errors in quadrature. The RB
 * and XEB estimates pass through an exponential fit on five points with a fixed asymptote and a
 * nonlinear conversion, and their scatter comes mostly from the random sequences rather than the
 * shots, so their errors come from a bootstrap that resamples sequences (circuits) per length
 * (depth) and redraws the fixed inputs (RB asymptote, the qubits' SX errors for CZ) within theirs.
 */
public final class Calibrator {
  private Calibrator() {}

  /** A decay time used to size a fine sweep when the coarse fit failed (the middle of a transmon's range). */
  private static final double FALLBACK_DECAY = 20e-6;
  /** Coarse T1 sweep bounds, seconds. */
  private static final double COARSE_T1_MIN = 0.5e-6, COARSE_T1_MAX = 200e-6;
  /** Coarse echo sweep bounds, seconds. */
  private static final double COARSE_T2_MIN = 0.2e-6, COARSE_T2_MAX = 100e-6;
  /** Fine sweeps reach this many decay times. */
  private static final double FINE_SPAN = 3;
  /** The Ramsey sweep reaches this many echo T2s. */
  private static final double RAMSEY_SPAN = 2.5;
  /** The conditional Ramsey lasts at most this many T1 of the qubit held in |1⟩, so it stays mostly there. */
  private static final double ZZ_WINDOW_T1 = 0.25;
  /** RB lengths as fractions of the longest; the first point is one Clifford. */
  private static final double[] RB_FRACTIONS = {0, 0.06, 0.18, 0.45, 1};
  /** The longest RB sequence decays to about e^{-1.6}: long enough to see, short enough not to waste shots. */
  private static final double RB_DECAY_TARGET = 0.8;
  private static final int RB_MIN_LENGTH = 20;
  /** Assumed error per SX before anything is known beyond T1 and T2. */
  private static final double RB_ERROR_FLOOR = 5e-4;
  /** Below this fitted XEB amplitude the pair's circuits did not do what was asked: the coupler is dead. */
  private static final double XEB_MIN_AMPLITUDE = 0.5;
  /** Hilbert-space dimension of a pair. */
  private static final int PAIR_DIM = 4;
  /** Bootstrap resamples behind the RB and XEB standard errors: enough for a standard error good to about 5 %. */
  private static final int BOOTSTRAP = 200;

  /** What the experiments found for one qubit; NaN where a fit failed. */
  record QubitMeasurement(double t1, double t2, double frequency, double p01, double p10, double gateError, double t2Star,
      CalibrationSnapshot.QubitStderr stderr) {}

  /** What the experiments found for one coupler: CZ error in [0, 1], residual ZZ in Hz (NaN where its fit failed). */
  record CouplerMeasurement(double czError, double residualZz, CalibrationSnapshot.CouplerStderr stderr) {}

  /** Values with their standard errors, per qubit or coupler of a group. */
  private record Estimates(double[] value, double[] stderr) {
    static Estimates nan(int n) {
      double[] v = new double[n], e = new double[n];
      java.util.Arrays.fill(v, Double.NaN);
      java.util.Arrays.fill(e, Double.NaN);
      return new Estimates(v, e);
    }
  }

  /**
   * Measures every qubit and coupler and publishes the next snapshot. {@code previous} (null for
   * the first calibration) gives the version to follow, the error guesses that size the RB
   * lengths, and the reference T1s a TLS dip is judged against.
   */
  public static CalibrationOutcome fullCalibration(
      ChipSpec spec, Experimenter experimenter, CalibrationSettings settings, long seed, CalibrationOutcome previous) {
    Run run = new Run(spec, experimenter, settings, seed, previous);
    List<Integer> all = new ArrayList<>();
    for (int q = 0; q < run.width; q++) all.add(q);
    Map<Integer, QubitMeasurement> qubits = measureQubits(run, all, previous);
    List<Integer> couplers = new ArrayList<>();
    for (int c = 0; c < spec.topology().numCouplers(); c++) couplers.add(c);
    Map<Integer, double[]> cz = measureCouplers(run, couplers, qubits);
    Map<Integer, double[]> zz = measureResidualZz(run, couplers, qubits);
    Map<Integer, CouplerMeasurement> measured = new HashMap<>();
    for (int c : couplers) {
      measured.put(c, new CouplerMeasurement(cz.get(c)[0], zz.get(c)[0], new CalibrationSnapshot.CouplerStderr(cz.get(c)[1], zz.get(c)[1])));
    }
    return publish(run, previous, qubits, measured);
  }

  /**
   * Re-measures {@code qubits} only and publishes the next snapshot with everything else as in
   * {@code previous} (not null).
   */
  public static CalibrationOutcome recalibrateQubits(ChipSpec spec, Experimenter experimenter, CalibrationSettings settings,
      long seed, CalibrationOutcome previous, Set<Integer> qubits) {
    if (previous == null) throw new IllegalArgumentException("recalibrating qubits needs a previous calibration; run a full one first");
    Run run = new Run(spec, experimenter, settings, seed, previous);
    for (int q : qubits) {
      if (q < 0 || q >= run.width) throw new IllegalArgumentException("qubit " + q + " is not on chip " + spec.name() + " (0.." + (run.width - 1) + ")");
    }
    Map<Integer, QubitMeasurement> measured = measureQubits(run, new ArrayList<>(new TreeSet<>(qubits)), previous);
    return publish(run, previous, measured, Map.of());
  }

  /**
   * A short check of every qubit against {@code previous} (not null): readout, and T1 from one
   * delay equal to the last T1. Says which qubits moved beyond the settings' drift thresholds.
   */
  public static QuickCheckResult quickCheck(ChipSpec spec, Experimenter experimenter, CalibrationSettings settings,
      long seed, CalibrationOutcome previous) {
    if (previous == null) throw new IllegalArgumentException("a quick check compares against a previous calibration; run a full one first");
    Run run = new Run(spec, experimenter, settings, seed, previous);
    Set<Integer> drifted = new TreeSet<>();
    Map<Integer, Double> t1 = new HashMap<>();
    List<Integer> all = new ArrayList<>();
    for (int q = 0; q < run.width; q++) all.add(q);
    int shots = settings.quickShots();
    for (List<Integer> group : SimultaneousGroups.ofQubits(spec.topology(), all)) {
      double[] p10 = ones(run, group, shots, q -> Experiments.readout(run.width, q, false));
      double[] read1 = ones(run, group, shots, q -> Experiments.readout(run.width, q, true));
      double[] decayed = ones(run, group, shots, q -> Experiments.t1(run.width, q, previous.snapshot().qubit(q).t1()));
      for (int i = 0; i < group.size(); i++) {
        int q = group.get(i);
        CalibrationSnapshot.QubitCalibration last = previous.snapshot().qubit(q);
        double p01 = 1 - read1[i];
        double contrast = 1 - p01 - p10[i];
        double ratio = (decayed[i] - p10[i]) / contrast;
        boolean moved = Math.abs(p01 - last.readoutP01()) > settings.quickReadoutDrift()
            || Math.abs(p10[i] - last.readoutP10()) > settings.quickReadoutDrift();
        if (ratio > 0 && ratio < 1 && contrast > 0) {
          double estimate = -last.t1() / Math.log(ratio);
          t1.put(q, estimate);
          moved |= Math.abs(estimate / last.t1() - 1) > settings.quickT1Drift();
        } else {
          moved = true;
        }
        if (moved) drifted.add(q);
      }
    }
    return new QuickCheckResult(drifted, t1, run.chipSeconds, run.shots);
  }

  // ---- qubits ----

  private static Map<Integer, QubitMeasurement> measureQubits(Run run, List<Integer> qubits, CalibrationOutcome previous) {
    Map<Integer, QubitMeasurement> out = new HashMap<>();
    for (List<Integer> group : SimultaneousGroups.ofQubits(run.spec.topology(), qubits)) {
      out.putAll(measureGroup(run, group, previous));
    }
    return out;
  }

  private static Map<Integer, QubitMeasurement> measureGroup(Run run, List<Integer> g, CalibrationOutcome previous) {
    CalibrationSettings s = run.settings;
    int n = g.size(), w = run.width;
    double[] p10 = ones(run, g, s.readoutShots(), q -> Experiments.readout(w, q, false));
    double[] read1 = ones(run, g, s.readoutShots(), q -> Experiments.readout(w, q, true));

    double[][] coarseT1 = sameForAll(n, logSweep(COARSE_T1_MIN, COARSE_T1_MAX, s.coarsePoints()));
    double[] t1Coarse = decayTimes(coarseT1, sweep(run, g, coarseT1, (q, t) -> Experiments.t1(w, q, t)), FALLBACK_DECAY).value();
    double[][] fineT1 = linearSweeps(t1Coarse, FINE_SPAN, s.t1Points());
    Estimates t1Fit = decayTimes(fineT1, sweep(run, g, fineT1, (q, t) -> Experiments.t1(w, q, t)), Double.NaN);
    double[] t1 = t1Fit.value();

    double[][] coarseT2 = sameForAll(n, logSweep(COARSE_T2_MIN, COARSE_T2_MAX, s.coarsePoints()));
    double[] t2Coarse = decayTimes(coarseT2, sweep(run, g, coarseT2, (q, t) -> Experiments.echo(w, q, t)), FALLBACK_DECAY).value();
    double[][] fineT2 = linearSweeps(t2Coarse, FINE_SPAN, s.echoPoints());
    Estimates t2Fit = decayTimes(fineT2, sweep(run, g, fineT2, (q, t) -> Experiments.echo(w, q, t)), Double.NaN);
    double[] t2 = t2Fit.value();

    double[] window = new double[n];
    double[] detuning = new double[n];
    for (int i = 0; i < n; i++) {
      double basis = Double.isFinite(t2[i]) ? t2[i] : t2Coarse[i];
      window[i] = RAMSEY_SPAN * basis;
      // Half the Nyquist frequency: the fringe stays resolvable for drive detunings up to ±δ.
      detuning[i] = (s.ramseyPoints() - 1) / (4 * window[i]);
    }
    double[][] ramseyX = linearSweeps(window, 1, s.ramseyPoints());
    double[][] ramseyY = sweep(run, g, ramseyX, (q, t) -> Experiments.ramsey(w, q, t, detuning[g.indexOf(q)]));

    double[] asymptote = new double[n], asymptoteError = new double[n];
    for (int i = 0; i < n; i++) {
      asymptote[i] = (1 - p10[i] + (1 - read1[i])) / 2;
      asymptoteError[i] = Math.hypot(binomialError(p10[i], s.readoutShots()), binomialError(read1[i], s.readoutShots())) / 2;
    }
    Estimates rb = randomizedBenchmarking(run, g, t1, t2, asymptote, asymptoteError, previous);

    Map<Integer, QubitMeasurement> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int q = g.get(i);
      double frequency = Double.NaN, frequencyError = Double.NaN, t2Star = Double.NaN, t2StarError = Double.NaN;
      try {
        FitResult fringe = DampedCosineFit.fit(ramseyX[i], ramseyY[i]);
        frequency = run.experimenter.driveFrequency(q) + fringe.param(2) - detuning[i];
        frequencyError = fringe.standardError(2);
        t2Star = fringe.param(1);
        t2StarError = fringe.standardError(1);
      } catch (FitFailedException e) {
        frequency = Double.NaN;
      }
      double prep = preparationError(run.spec.durations().oneQubit(), t1[i], t2[i], rb.value()[i]);
      double p01 = (1 - read1[i] - prep * (1 - p10[i])) / (1 - prep);
      double p01Error = Math.hypot(binomialError(read1[i], s.readoutShots()) / (1 - prep), Double.isFinite(rb.stderr()[i]) ? rb.stderr()[i] : 0);
      var stderr = new CalibrationSnapshot.QubitStderr(t1Fit.stderr()[i], t2StarError, t2Fit.stderr()[i], frequencyError,
          p01Error, binomialError(p10[i], s.readoutShots()), rb.stderr()[i]);
      out.put(q, new QubitMeasurement(t1[i], t2[i], frequency, p01, p10[i], rb.value()[i], t2Star, stderr));
    }
    return out;
  }

  /**
   * Probability that the X preparing |1⟩ left the qubit in |0⟩, which the readout of "prepared 1"
   * counts as a misread unless taken out. The gate is taken as the chip's noise model builds it:
   * decay over its duration (population to |0⟩: γ = 1 − e^{−t/T1}), then depolarizing p sized so
   * the average error is the RB error r, which moves population halfway to mixed: ε = γ(1 − p) + p/2.
   * ∂ε/∂r ≈ 1, so r's standard error carries over to P(0|1) as it is. Zero when T1, T2 or r is unknown.
   */
  static double preparationError(double duration, double t1, double t2, double error) {
    if (!Double.isFinite(t1) || !Double.isFinite(t2) || !Double.isFinite(error) || !(t1 > 0) || !(t2 > 0)) return 0;
    double clippedT2 = Math.min(t2, 2 * t1);
    double p = Channels.depolarizingRemainder(Math.min(1, Math.max(0, error)), Channels.decayTransferTrace(duration, t1, clippedT2), 2);
    double gamma = -Math.expm1(-duration / t1);
    return gamma * (1 - p) + p / 2;
  }

  /** Standard error of a proportion p estimated from n shots. */
  private static double binomialError(double p, int n) { return Math.sqrt(p * (1 - p) / n); }

  /**
   * Error per SX of each qubit of the group, from RB with lengths sized by the expected error. The
   * survival decays as A·p^m + B towards the fully mixed state's, B = (P(0|0) + P(0|1))/2 from the
   * readout just measured (Clifford averaging makes the noise unital; the last gate's non-unital
   * part shifts B by less than its error): fixing B leaves two parameters, which the few lengths
   * pin down far better than three. The standard error is a bootstrap over the sequences of each
   * length, with B redrawn within its own error.
   */
  private static Estimates randomizedBenchmarking(Run run, List<Integer> g, double[] t1, double[] t2, double[] asymptote,
      double[] asymptoteError, CalibrationOutcome previous) {
    CalibrationSettings s = run.settings;
    int n = g.size();
    int[][] lengths = new int[n][];
    for (int i = 0; i < n; i++) {
      int q = g.get(i);
      double guess = RB_ERROR_FLOOR;
      if (Double.isFinite(t1[i]) && Double.isFinite(t2[i])) guess = Math.max(guess, CoherenceLimit.oneQubit(run.spec.durations().oneQubit(), t1[i], t2[i]));
      if (previous != null && Double.isFinite(previous.snapshot().qubit(q).gateError())) {
        guess = Math.max(guess, Math.min(previous.snapshot().qubit(q).gateError(), s.max1qError()));
      }
      int longest = (int) Math.max(RB_MIN_LENGTH, Math.min(s.rbMaxLength(), Math.round(RB_DECAY_TARGET / guess)));
      lengths[i] = new int[RB_FRACTIONS.length];
      for (int k = 0; k < RB_FRACTIONS.length; k++) lengths[i][k] = (int) Math.max(k + 1, Math.round(RB_FRACTIONS[k] * longest));
    }
    int sequences = s.rbSequences();
    double[][][] survival = new double[n][RB_FRACTIONS.length][sequences];
    for (int k = 0; k < RB_FRACTIONS.length; k++) {
      for (int seq = 0; seq < sequences; seq++) {
        List<Circuit> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) cs.add(Experiments.randomizedBenchmarking(run.width, g.get(i), lengths[i][k], run.nextRandom()));
        List<NoisyResult> rs = run.run(cs, s.rbShots());
        for (int i = 0; i < n; i++) survival[i][k][seq] = rs.get(i).count(0) / (double) s.rbShots();
      }
    }
    Estimates out = Estimates.nan(n);
    SplittableRandom boot = run.nextRandom();
    for (int i = 0; i < n; i++) {
      double[] x = new double[RB_FRACTIONS.length];
      for (int k = 0; k < x.length; k++) x[k] = lengths[i][k];
      out.value()[i] = rbErrorPerSx(x, meansOf(survival[i], false, boot), asymptote[i]);
      if (!Double.isFinite(out.value()[i])) continue;
      double[] resampled = new double[BOOTSTRAP];
      for (int b = 0; b < BOOTSTRAP; b++) {
        resampled[b] = rbErrorPerSx(x, meansOf(survival[i], true, boot), asymptote[i] + asymptoteError[i] * gaussian(boot));
      }
      out.stderr()[i] = standardDeviation(resampled) * smallSampleCorrection(sequences);
    }
    return out;
  }

  /** Error per SX from mean survivals at lengths x above the asymptote B; NaN when the fit fails. */
  private static double rbErrorPerSx(double[] x, double[] survival, double asymptote) {
    double[] y = new double[x.length];
    for (int k = 0; k < x.length; k++) y[k] = survival[k] - asymptote;
    try {
      double p = Math.exp(-1 / ExponentialFit.noOffset(x, y).param(1));
      return (1 - p) / 2 / Clifford1q.MEAN_SX_PER_CLIFFORD;
    } catch (FitFailedException e) {
      return Double.NaN;
    }
  }

  /** Mean of each row, or with {@code resample} the mean of a resample drawn with replacement, as a bootstrap takes it. */
  private static double[] meansOf(double[][] rows, boolean resample, SplittableRandom rng) {
    double[] m = new double[rows.length];
    for (int k = 0; k < rows.length; k++) {
      int len = rows[k].length;
      for (int j = 0; j < len; j++) m[k] += rows[k][resample ? rng.nextInt(len) : j];
      m[k] /= len;
    }
    return m;
  }

  /**
   * √(n/(n − 1)): a bootstrap draws from the n samples' own spread, whose variance is (n − 1)/n of
   * the population's, so resampling few sequences or circuits understates the error by this factor.
   */
  private static double smallSampleCorrection(int n) { return n > 1 ? Math.sqrt(n / (n - 1.0)) : Double.NaN; }

  /** Sample standard deviation of the finite values (NaN when fewer than two). */
  private static double standardDeviation(double[] v) {
    double sum = 0, sum2 = 0;
    int n = 0;
    for (double x : v) {
      if (!Double.isFinite(x)) continue;
      sum += x;
      sum2 += x * x;
      n++;
    }
    if (n < 2) return Double.NaN;
    double mean = sum / n;
    return Math.sqrt(Math.max(0, (sum2 - n * mean * mean) / (n - 1)));
  }

  /** A standard normal deviate (Box–Muller). */
  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  // ---- couplers ----

  /**
   * CZ error of each coupler (index → {error in [0, 1], standard error}), by XEB with the
   * single-qubit errors taken out; the standard error by bootstrap over the circuits of each depth.
   */
  private static Map<Integer, double[]> measureCouplers(Run run, List<Integer> couplers, Map<Integer, QubitMeasurement> qubits) {
    Map<Integer, double[]> out = new HashMap<>();
    Topology topo = run.spec.topology();
    CalibrationSettings s = run.settings;
    List<Integer> depths = s.xebDepths();
    for (List<Integer> group : SimultaneousGroups.ofCouplers(topo, couplers)) {
      int n = group.size();
      double[][][] num = new double[n][depths.size()][s.xebCircuits()], den = new double[n][depths.size()][s.xebCircuits()];
      for (int k = 0; k < depths.size(); k++) {
        for (int j = 0; j < s.xebCircuits(); j++) {
          List<Circuit> cs = new ArrayList<>();
          List<double[]> ideal = new ArrayList<>();
          for (int c : group) {
            Topology.Edge e = topo.edges().get(c);
            long circuitSeed = run.nextRandom().nextLong();
            cs.add(Experiments.xeb(run.width, e.a(), e.b(), depths.get(k), new SplittableRandom(circuitSeed)));
            ideal.add(idealPairDistribution(Experiments.xeb(2, 0, 1, depths.get(k), new SplittableRandom(circuitSeed))));
          }
          List<NoisyResult> rs = run.run(cs, s.xebShots());
          for (int i = 0; i < n; i++) {
            Topology.Edge edge = topo.edges().get(group.get(i));
            double[] p = ideal.get(i);
            double[] measured = mitigate(rs.get(i), s.xebShots(), qubits.get(edge.a()), qubits.get(edge.b()));
            double e = 0, m = 0;
            for (int x = 0; x < PAIR_DIM; x++) {
              e += p[x] * p[x];
              m += p[x] * measured[x];
            }
            num[i][k][j] = (m - 1.0 / PAIR_DIM) * (e - 1.0 / PAIR_DIM);
            den[i][k][j] = (e - 1.0 / PAIR_DIM) * (e - 1.0 / PAIR_DIM);
          }
        }
      }
      SplittableRandom boot = run.nextRandom();
      for (int i = 0; i < n; i++) {
        Topology.Edge e = topo.edges().get(group.get(i));
        double[] x = new double[depths.size()];
        for (int k = 0; k < x.length; k++) x[k] = depths.get(k);
        QubitMeasurement a = qubits.get(e.a()), b = qubits.get(e.b());
        double error = czError(x, xebFidelities(num[i], den[i], false, boot), sxError(a), sxError(b));
        double[] resampled = new double[BOOTSTRAP];
        for (int r = 0; r < BOOTSTRAP; r++) {
          resampled[r] = czError(x, xebFidelities(num[i], den[i], true, boot),
              sxError(a) + sxErrorStderr(a) * gaussian(boot), sxError(b) + sxErrorStderr(b) * gaussian(boot));
        }
        out.put(group.get(i), new double[] {error, standardDeviation(resampled) * smallSampleCorrection(s.xebCircuits())});
      }
    }
    return out;
  }

  /** XEB fidelity per depth, Σ num / Σ den over the circuits, or with {@code resample} over a resample of them. */
  private static double[] xebFidelities(double[][] num, double[][] den, boolean resample, SplittableRandom rng) {
    double[] f = new double[num.length];
    for (int k = 0; k < num.length; k++) {
      double sn = 0, sd = 0;
      for (int j = 0; j < num[k].length; j++) {
        int c = resample ? rng.nextInt(num[k].length) : j;
        sn += num[k][c];
        sd += den[k][c];
      }
      f[k] = sn / sd;
    }
    return f;
  }

  /** A qubit's measured error per SX, 0 when unknown (nothing to take out). */
  private static double sxError(QubitMeasurement m) { return m == null || !Double.isFinite(m.gateError()) ? 0 : m.gateError(); }

  private static double sxErrorStderr(QubitMeasurement m) {
    return m == null || !Double.isFinite(m.stderr().gateError()) ? 0 : m.stderr().gateError();
  }

  /**
   * Residual ZZ of each coupler (index → {Hz, standard error}): Ramsey on qubit a with b held in |1⟩, against a's
   * plain Ramsey frequency. With the noise model's frame convention a ZZ shift ζ of |11⟩ lowers the
   * fringe frequency by ζ. The window is kept to a quarter of b's T1 so that b stays mostly excited
   * (the noise model lumps an idle qubit's decay at its next operation, so on the emulated chip it
   * stays excited throughout; on hardware the short window bounds the bias).
   */
  private static Map<Integer, double[]> measureResidualZz(Run run, List<Integer> couplers, Map<Integer, QubitMeasurement> qubits) {
    Map<Integer, double[]> out = new HashMap<>();
    Topology topo = run.spec.topology();
    int points = run.settings.ramseyPoints();
    for (List<Integer> group : SimultaneousGroups.ofCouplers(topo, couplers)) {
      int n = group.size();
      double[] window = new double[n], detuning = new double[n], t1b = new double[n];
      List<Integer> targets = new ArrayList<>(), controls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Topology.Edge e = topo.edges().get(group.get(i));
        QubitMeasurement a = qubits.get(e.a()), b = qubits.get(e.b());
        targets.add(e.a());
        controls.add(e.b());
        double t2a = a != null && Double.isFinite(a.t2()) ? a.t2() : FALLBACK_DECAY;
        t1b[i] = b != null && Double.isFinite(b.t1()) ? b.t1() : FALLBACK_DECAY;
        window[i] = Math.min(RAMSEY_SPAN * t2a, ZZ_WINDOW_T1 * t1b[i]);
        detuning[i] = (points - 1) / (4 * window[i]);
      }
      double[][] xs = linearSweeps(window, 1, points);
      double[][] ys = new double[n][points];
      for (int k = 0; k < points; k++) {
        List<Circuit> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) cs.add(Experiments.conditionalRamsey(run.width, targets.get(i), controls.get(i), xs[i][k], detuning[i]));
        List<NoisyResult> rs = run.run(cs, run.settings.sweepShots());
        for (int i = 0; i < n; i++) ys[i][k] = rs.get(i).count(1) / (double) run.settings.sweepShots();
      }
      for (int i = 0; i < n; i++) {
        QubitMeasurement a = qubits.get(targets.get(i));
        double zz = Double.NaN, zzError = Double.NaN;
        if (a != null && Double.isFinite(a.frequency())) {
          try {
            FitResult fringe = DampedCosineFit.fit(xs[i], ys[i]);
            double shifted = run.experimenter.driveFrequency(targets.get(i)) + fringe.param(2) - detuning[i];
            zz = a.frequency() - shifted;
            zzError = Math.hypot(a.stderr().frequency(), fringe.standardError(2));
          } catch (FitFailedException e) {
            zz = Double.NaN;
          }
        }
        out.put(group.get(i), new double[] {zz, zzError});
      }
    }
    return out;
  }

  /**
   * CZ average error from the XEB fidelity per cycle. A cycle is an SX layer then a CZ; process
   * fidelities F_e of the parts multiply, so F_e(CZ) = F_e(cycle)/(F_e(a)·F_e(b)) with
   * F_e = (1 + 15·f)/16 for the cycle's depolarizing fidelity f and F_e = 1 − 3e/2 for a qubit's
   * SX error e; then r = (4/5)(1 − F_e(CZ)) (d = 4).
   */
  static double czError(double[] depths, double[] fidelity, double ea, double eb) {
    double perCycle;
    try {
      FitResult f = ExponentialFit.noOffset(depths, fidelity);
      // With readout inverted, a working CZ starts near fidelity 1; a dead one leaves the ideal and
      // the measured distributions unrelated, so its fitted amplitude is near 0 or noise.
      if (!(f.param(0) >= XEB_MIN_AMPLITUDE)) return 1;
      perCycle = Math.exp(-1 / f.param(1));
    } catch (FitFailedException | IllegalArgumentException e) {
      return 1;
    }
    double feCycle = (1 + 15 * perCycle) / 16;
    double feCz = feCycle / ((1 - 1.5 * ea) * (1 - 1.5 * eb));
    return Math.min(1, Math.max(0, 0.8 * (1 - feCz)));
  }

  /**
   * The outcome distribution of a pair with the measured readout errors inverted: the recorded
   * distribution is (M_b ⊗ M_a)·p with M = [[1 − P10, P01], [P10, 1 − P01]] per qubit, so
   * p = (M_b⁻¹ ⊗ M_a⁻¹)·recorded. Without readout figures the counts are used as they are.
   */
  private static double[] mitigate(NoisyResult r, int shots, QubitMeasurement a, QubitMeasurement b) {
    double[] p = new double[PAIR_DIM];
    for (int x = 0; x < PAIR_DIM; x++) p[x] = r.count(x) / (double) shots;
    if (a == null || b == null) return p;
    double[][] ia = inverseAssignment(a), ib = inverseAssignment(b);
    double[] out = new double[PAIR_DIM];
    for (int x = 0; x < PAIR_DIM; x++) {
      for (int y = 0; y < PAIR_DIM; y++) out[x] += ia[x & 1][y & 1] * ib[x >> 1][y >> 1] * p[y];
    }
    return out;
  }

  private static double[][] inverseAssignment(QubitMeasurement m) {
    double det = 1 - m.p01() - m.p10();
    return new double[][] {{(1 - m.p01()) / det, -m.p01() / det}, {-m.p10() / det, (1 - m.p10()) / det}};
  }

  /** Ideal outcome distribution of a two-qubit circuit (measurements ignored), key bit j = qubit j. */
  private static double[] idealPairDistribution(Circuit c) {
    Circuit.Builder b = Circuit.builder(2, 0);
    for (Operation op : c.operations()) if (op instanceof Operation.GateOp) b.add(op);
    ZMatrixRMaj u = CircuitUnitary.of(b.build());
    double[] p = new double[PAIR_DIM];
    for (int x = 0; x < PAIR_DIM; x++) p[x] = u.getReal(x, 0) * u.getReal(x, 0) + u.getImag(x, 0) * u.getImag(x, 0);
    return p;
  }

  // ---- publishing ----

  private static CalibrationOutcome publish(Run run, CalibrationOutcome previous, Map<Integer, QubitMeasurement> measured,
      Map<Integer, CouplerMeasurement> couplerMeasurements) {
    CalibrationSettings s = run.settings;
    List<CalibrationSnapshot.QubitCalibration> qs = new ArrayList<>();
    List<Double> reference = new ArrayList<>();
    Set<Integer> tls = new HashSet<>();
    for (int q = 0; q < run.width; q++) {
      QubitMeasurement m = measured.get(q);
      double ref = previous == null ? Double.NaN : previous.referenceT1().get(q);
      if (m == null) {
        qs.add(previous.snapshot().qubit(q));
        reference.add(ref);
        if (previous.tlsQubits().contains(q)) tls.add(q);
        continue;
      }
      boolean dip = Double.isFinite(ref) && m.t1() < (1 - s.tlsT1Drop()) * ref;
      if (dip) tls.add(q);
      reference.add(dip || !Double.isFinite(m.t1()) ? ref : m.t1());
      boolean finite = Double.isFinite(m.t1()) && Double.isFinite(m.t2()) && Double.isFinite(m.frequency()) && Double.isFinite(m.gateError());
      boolean usable = finite && !dip && m.t1() >= s.minT1() && m.t2() >= s.minT2()
          && (m.p01() + m.p10()) / 2 <= s.maxReadoutError() && m.gateError() <= s.max1qError();
      qs.add(new CalibrationSnapshot.QubitCalibration(q, orZero(m.t1()), orZero(m.t2()),
          Double.isFinite(m.frequency()) ? m.frequency() : run.experimenter.driveFrequency(q),
          m.p01(), m.p10(), Double.isFinite(m.gateError()) ? Math.min(1, Math.max(0, m.gateError())) : 1, usable,
          m.t2Star(), m.stderr()));
    }
    List<CalibrationSnapshot.CouplerCalibration> cs = new ArrayList<>();
    Topology topo = run.spec.topology();
    for (int c = 0; c < topo.numCouplers(); c++) {
      Topology.Edge e = topo.edges().get(c);
      CouplerMeasurement m = couplerMeasurements.get(c);
      if (m == null) {
        cs.add(previous.snapshot().coupler(c));
      } else {
        // A failed ZZ fit keeps the last value: the static coupling changes little between calibrations.
        boolean measuredZz = Double.isFinite(m.residualZz());
        double zz = measuredZz ? m.residualZz() : previous == null ? 0 : previous.snapshot().coupler(c).residualZz();
        double zzError = measuredZz ? m.stderr().residualZz() : previous == null ? Double.NaN : previous.snapshot().coupler(c).stderr().residualZz();
        cs.add(new CalibrationSnapshot.CouplerCalibration(e.a(), e.b(), m.czError(), zz, m.czError() <= s.maxCzError(),
            new CalibrationSnapshot.CouplerStderr(m.stderr().czError(), zzError)));
      }
    }
    long version = previous == null ? 1 : previous.snapshot().version() + 1;
    Instant at = run.experimenter.clock();
    CalibrationSnapshot snap = new CalibrationSnapshot(run.spec.name(), version, at, qs, cs);
    return new CalibrationOutcome(snap, reference, tls, run.chipSeconds, run.shots);
  }

  private static double orZero(double v) { return Double.isFinite(v) ? v : 0; }

  // ---- sweeps ----

  /** P(1) of each qubit of the group at each of its own sweep points xs[i][k]. */
  private static double[][] sweep(Run run, List<Integer> g, double[][] xs, BiFunction<Integer, Double, Circuit> make) {
    int n = g.size(), points = xs[0].length;
    double[][] y = new double[n][points];
    for (int k = 0; k < points; k++) {
      List<Circuit> cs = new ArrayList<>();
      for (int i = 0; i < n; i++) cs.add(make.apply(g.get(i), xs[i][k]));
      List<NoisyResult> rs = run.run(cs, run.settings.sweepShots());
      for (int i = 0; i < n; i++) y[i][k] = rs.get(i).count(1) / (double) run.settings.sweepShots();
    }
    return y;
  }

  /** P(1) of one circuit per qubit of the group. */
  private static double[] ones(Run run, List<Integer> g, int shots, java.util.function.IntFunction<Circuit> make) {
    List<Circuit> cs = new ArrayList<>();
    for (int q : g) cs.add(make.apply(q));
    List<NoisyResult> rs = run.run(cs, shots);
    double[] p = new double[g.size()];
    for (int i = 0; i < p.length; i++) p[i] = rs.get(i).count(1) / (double) shots;
    return p;
  }

  /** Decay time of each sweep with its least-squares standard error; the fallback (error NaN) where the fit fails. */
  private static Estimates decayTimes(double[][] xs, double[][] ys, double fallback) {
    Estimates out = Estimates.nan(xs.length);
    for (int i = 0; i < xs.length; i++) {
      try {
        FitResult f = ExponentialFit.withOffset(xs[i], ys[i]);
        out.value()[i] = f.param(1);
        out.stderr()[i] = f.standardError(1);
      } catch (FitFailedException e) {
        out.value()[i] = fallback;
      }
    }
    return out;
  }

  private static double[] logSweep(double min, double max, int points) {
    double[] x = new double[points];
    for (int k = 1; k < points; k++) x[k] = min * Math.pow(max / min, (k - 1) / (points - 2.0));
    return x;
  }

  private static double[][] sameForAll(int n, double[] x) {
    double[][] xs = new double[n][];
    for (int i = 0; i < n; i++) xs[i] = x;
    return xs;
  }

  private static double[][] linearSweeps(double[] scale, double span, int points) {
    double[][] xs = new double[scale.length][points];
    for (int i = 0; i < scale.length; i++) {
      for (int k = 0; k < points; k++) xs[i][k] = span * scale[i] * k / (points - 1);
    }
    return xs;
  }

  /** One calibration's bookkeeping: chip time and shots spent, and the random stream for RB and XEB. */
  private static final class Run {
    final ChipSpec spec;
    final Experimenter experimenter;
    final CalibrationSettings settings;
    final int width;
    private final SplittableRandom rng;
    double chipSeconds;
    long shots;

    Run(ChipSpec spec, Experimenter experimenter, CalibrationSettings settings, long seed, CalibrationOutcome previous) {
      int n = spec.topology().numQubits();
      if (previous != null && (previous.snapshot().qubits().size() != n || previous.referenceT1().size() != n
          || previous.snapshot().couplers().size() != spec.topology().numCouplers())) {
        throw new IllegalArgumentException("previous calibration of " + previous.snapshot().backend() + " has "
            + previous.snapshot().qubits().size() + " qubits and " + previous.snapshot().couplers().size()
            + " couplers; chip " + spec.name() + " has " + n + " and " + spec.topology().numCouplers());
      }
      this.spec = spec;
      this.experimenter = experimenter;
      this.settings = settings;
      this.width = spec.topology().numQubits();
      this.rng = new SplittableRandom(seed);
    }

    SplittableRandom nextRandom() { return rng.split(); }

    List<NoisyResult> run(List<Circuit> circuits, int shotsEach) {
      Experimenter.BatchResult r = experimenter.run(circuits, shotsEach, rng.nextLong());
      chipSeconds += r.chipSeconds();
      shots += (long) shotsEach * circuits.size();
      return r.results();
    }
  }
}
