package io.qubitd.calibration;

import io.qubitd.calibration.fit.*;
import io.qubitd.device.*;
import io.qubitd.device.noise.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test void fit() {
    ChipSpec spec = ChipSpec.load("wukong72");
    ChipTruth truth = spec.sampleTruth();
    TruthExperimenter ex = new TruthExperimenter(truth, spec.durations(), NoiseOptions.all());
    double[] x = new double[16], y = new double[16], y2 = new double[16];
    for (int i = 0; i < 16; i++) {
      x[i] = i * 80e-6 / 15;
      var r = ex.run(List.of(Experiments.t1(72, 0, x[i])), 20000, 5 + i);
      y[i] = r.results().get(0).count(1) / 20000.0;
      List<io.qubitd.circuit.Circuit> cs = new ArrayList<>();
      for (int q = 0; q < 72; q += 2) cs.add(Experiments.t1(72, q + ((q / 12) % 2), x[i]));
      var r2 = ex.run(cs, 20000, 5 + i);
      y2[i] = r2.results().get(0).count(1) / 20000.0;
      System.out.println(x[i] + " " + y[i] + " " + y2[i] + " exact " + (0.0385 + 0.9123 * Math.exp(-x[i] / truth.qubit(0).t1())));
    }
    System.out.println(ExponentialFit.withOffset(x, y));
    System.out.println(ExponentialFit.withOffset(x, y2));
  }
}
