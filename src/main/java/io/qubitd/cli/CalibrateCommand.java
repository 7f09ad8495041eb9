package io.qubitd.cli;

import io.qubitd.calibration.CalibrationOutcome;
import io.qubitd.calibration.CalibrationReport;
import io.qubitd.calibration.CalibrationSettings;
import io.qubitd.calibration.Calibrator;
import io.qubitd.calibration.TruthExperimenter;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.noise.NoiseOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  @Override
  public Integer call() {
    QubitdConfig config = QubitdConfig.load();
    ChipSpec spec = config.chip(backend);
    ChipTruth truth = spec.sampleTruth(truthSeed != null ? truthSeed : config.truthSeed(spec));
    CalibrationSettings settings = CalibrationSettings.fromConfig(config.root().getConfig("qubitd.calibration.experiments"));
    long t0 = System.nanoTime();
    CalibrationOutcome outcome = Calibrator.fullCalibration(
        spec, new TruthExperimenter(truth, spec.durations(), NoiseOptions.all()), settings, seed, null);
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
}
