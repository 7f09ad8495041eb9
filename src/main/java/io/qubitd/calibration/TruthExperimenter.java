package io.qubitd.calibration;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Schedule;
import io.qubitd.compile.AsapScheduler;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.GateDurations;
import io.qubitd.kernel.density.DensityMatrixSimulator;
import io.qubitd.device.noise.NoiseModel;
import io.qubitd.device.noise.NoiseOptions;
import io.qubitd.device.noise.NoisyProgram;
import io.qubitd.kernel.NoisyResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Plays the chip for calibration from its truth: each circuit is scheduled ASAP, turned into a
 * noisy program by {@link NoiseModel} with the drive frames given, and sampled exactly with the
 * density-matrix simulator. Circuits of one run are simulated apart, which is exact because
 * {@link Experimenter#run} forbids couplers between them. A CZ on a dead coupler idles, as it
 * would on the chip, whatever the options say.
 */
public final class TruthExperimenter implements Experimenter {
  private final ChipTruth truth;
  private final GateDurations durations;
  private final NoiseOptions options;
  private final double[] frames;
  private final Instant clock;
  private final DensityMatrixSimulator simulator = new DensityMatrixSimulator();

  /** Drive frames at each qubit's true frequency (the chip as brought up); the truth is of now, as for a chip sampled now. */
  public TruthExperimenter(ChipTruth truth, GateDurations durations, NoiseOptions options) {
    this(truth, durations, options, truth.qubits().stream().mapToDouble(q -> q.frequency()).toArray(), Instant.now());
  }

  /** Drive frames given per qubit in Hz (e.g. the last calibrated frequencies), one per chip qubit; the truth is of now. */
  public TruthExperimenter(ChipTruth truth, GateDurations durations, NoiseOptions options, double[] driveFrequencies) {
    this(truth, durations, options, driveFrequencies, Instant.now());
  }

  /**
   * Drive frames given per qubit in Hz (e.g. the last calibrated frequencies), one per chip qubit, or null for the
   * true frequencies; {@code clock} is what the chip's clock reads at the truth's emulated time.
   */
  public TruthExperimenter(ChipTruth truth, GateDurations durations, NoiseOptions options, double[] driveFrequencies,
                           Instant clock) {
    if (driveFrequencies == null) driveFrequencies = truth.qubits().stream().mapToDouble(q -> q.frequency()).toArray();
    if (driveFrequencies.length != truth.qubits().size()) {
      throw new IllegalArgumentException("need one drive frequency per qubit (" + truth.qubits().size() + "), got " + driveFrequencies.length);
    }
    this.truth = truth;
    this.durations = durations;
    this.options = options.withDeadCouplerIdles(true);
    this.frames = driveFrequencies.clone();
    this.clock = clock;
  }

  @Override
  public BatchResult run(List<Circuit> circuits, int shots, long seed) {
    if (shots <= 0) throw new IllegalArgumentException("shots must be positive, got " + shots);
    checkIndependent(circuits);
    Map<Integer, Double> frameMap = new HashMap<>();
    for (int q = 0; q < frames.length; q++) frameMap.put(q, frames[q]);
    Schedule[] schedules = new Schedule[circuits.size()];
    double longest = 0;
    for (int i = 0; i < circuits.size(); i++) {
      schedules[i] = AsapScheduler.schedule(circuits.get(i), durations);
      longest = Math.max(longest, schedules[i].duration());
    }
    // Seeds drawn from one generator: seeds that differ by a multiple of SplittableRandom's own
    // increment would give every circuit the same shot noise, shifted by a step.
    long[] seeds = new SplittableRandom(seed).longs(circuits.size()).toArray();
    List<NoisyResult> results = IntStream.range(0, circuits.size()).parallel().mapToObj(i -> {
      NoisyProgram p = NoiseModel.program(schedules[i], circuits.get(i).numClbits(), truth, options, frameMap);
      return simulator.run(p, shots, seeds[i]);
    }).toList();
    return new BatchResult(results, shots * (longest + durations.reset()));
  }

  @Override public Instant clock() { return clock; }

  @Override public double driveFrequency(int qubit) { return frames[qubit]; }

  private void checkIndependent(List<Circuit> circuits) {
    int[] owner = new int[truth.qubits().size()];
    java.util.Arrays.fill(owner, -1);
    for (int i = 0; i < circuits.size(); i++) {
      for (int q : Experiments.qubitsOf(circuits.get(i))) {
        if (q >= owner.length) throw new IllegalArgumentException("circuit " + circuits.get(i).name() + " uses qubit " + q + ", the chip has " + owner.length);
        if (owner[q] >= 0) throw new IllegalArgumentException("circuits " + circuits.get(owner[q]).name() + " and " + circuits.get(i).name() + " share qubit " + q);
        owner[q] = i;
      }
    }
    for (CouplerTruth c : truth.couplers()) {
      if (owner[c.a()] >= 0 && owner[c.b()] >= 0 && owner[c.a()] != owner[c.b()]) {
        throw new IllegalArgumentException("circuits " + circuits.get(owner[c.a()]).name() + " and " + circuits.get(owner[c.b()]).name()
            + " run on coupled qubits " + c.a() + " and " + c.b() + ": run them in different batches");
      }
    }
  }
}
