package io.qubitd.cli;

import io.qubitd.calibration.CalibrationOutcome;
import io.qubitd.calibration.CalibrationReport;
import io.qubitd.calibration.CalibrationSettings;
import io.qubitd.calibration.Calibrator;
import io.qubitd.calibration.Experimenter;
import io.qubitd.calibration.TruthExperimenter;
import io.qubitd.circuit.Circuit;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.progress.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qubitd calibrate}: one full calibration of a chip by experiment, printed beside the truth
 * it tried to recover, with the same keys in both.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = "Run one full calibration of a chip and print the measured snapshot beside the truth.")
final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--backend", defaultValue = "wukong72", description = "Chip to calibrate (default ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the experiments (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--truth-seed", description = "Seed of the chip's true parameters (default: configuration, then the chip file).")
  Long truthSeed;

  @Option(names = "--json", description = "Print one JSON object: {\"snapshot\": ..., \"truth\": ...}.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    QubitdConfig config = QubitdConfig.load();
    ChipSpec spec = config.chip(backend);
    ChipTruth truth = spec.sampleTruth(truthSeed != null ? truthSeed : config.truthSeed(spec));
    CalibrationSettings settings = CalibrationSettings.fromConfig(config.root().getConfig("qubitd.calibration.experiments"));
    long t0 = System.nanoTime();
    Progress progress = CliProgress.of(this.spec, json);
    progress.start("calibrating " + spec.name(), 0);
    CalibrationOutcome outcome = Calibrator.fullCalibration(spec,
        new Reporting(new TruthExperimenter(truth, spec.durations(), NoiseOptions.all()), progress), settings, seed, null);
    progress.finish();
    double wall = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> tree = CalibrationReport.toJsonTree(outcome.snapshot(), truth);
    if (json) {
      System.out.println(CalibrationReport.toJson(tree));
    } else {
      System.out.printf("%s calibrated in %.1f s wall, %.1f s of chip time, %d shots%n",
          spec.name(), wall, outcome.chipSeconds(), outcome.shots());
      System.out.printf("%5s %10s %10s %10s %10s %9s %9s %9s %9s %s%n", "qubit", "T1 meas", "T1 true", "T2 meas",
          "T2 true", "1q meas", "1q true", "P01 meas", "P01 true", "");
      for (int q = 0; q < truth.qubits().size(); q++) {
        var m = outcome.snapshot().qubit(q);
        var t = truth.qubit(q);
        System.out.printf("%5d %9.2fµ %9.2fµ %9.2fµ %9.2fµ %9.5f %9.5f %9.4f %9.4f %s%n", q, m.t1() * 1e6, t.t1() * 1e6,
            m.t2() * 1e6, t.t2() * 1e6, m.gateError(), t.gateError1q(), m.readoutP01(), t.readoutP01(),
            m.usable() ? "" : "unusable");
      }
    }
    return 0;
  }

  /** Counts the experiment runs as they finish: how many a calibration takes depends on its fits, so no total. */
  private static final class Reporting implements Experimenter {
    private final Experimenter chip;
    private final Progress progress;
    private long runs;
    private double chipSeconds;

    Reporting(Experimenter chip, Progress progress) {
      this.chip = chip;
      this.progress = progress;
    }

    @Override
    public BatchResult run(List<Circuit> circuits, int shots, long seed) {
      BatchResult r = chip.run(circuits, shots, seed);
      runs++;
      chipSeconds += r.chipSeconds();
      progress.update(runs, String.format("%.1f s of chip time", chipSeconds));
      return r;
    }

    @Override public Instant clock() { return chip.clock(); }

    @Override public double driveFrequency(int qubit) { return chip.driveFrequency(qubit); }
  }
}
