package io.qubitd.device.noise;

import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.QubitTruth;
import java.util.ArrayList;
import java.util.List;

/** Hand-made chip truths: n qubits in a line with identical parameters. */
final class TestChips {
  private TestChips() {}

  static ChipTruth line(int n, double t1, double t2, double gateError, double p01, double p10, double czError, double zzHz) {
    List<QubitTruth> qs = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      qs.add(new QubitTruth(q, t1, t2, 4.5e9, gateError, p01, p10, QubitTruth.TlsDip.NONE, new QubitTruth.Nominal(t1, t2, 4.5e9)));
    }
    List<CouplerTruth> cs = new ArrayList<>();
    for (int q = 0; q + 1 < n; q++) cs.add(new CouplerTruth(q, q + 1, czError, zzHz, true));
    return new ChipTruth(0, qs, cs);
  }
}
