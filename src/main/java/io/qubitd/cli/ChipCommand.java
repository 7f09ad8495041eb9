package io.qubitd.cli;

import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.CouplerTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qubitd chip NAME}: a chip's topology and its true parameters (what only an emulator can show). */
@Command(name = "chip", mixinStandardHelpOptions = true,
    description = "Print a chip's topology, native gates and true parameters.")
final class ChipCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME", description = "Chip name, e.g. wukong72.")
  String name;

  @Option(names = "--seed", description = "Seed of the true parameters (default: configuration, then the chip file).")
  Long seed;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    QubitdConfig config = QubitdConfig.load();
    ChipSpec spec = config.chip(name);
    long s = seed != null ? seed : config.truthSeed(spec);
    ChipTruth truth = spec.sampleTruth(s);
    Map<String, Object> out = describe(spec, truth, s);
    if (json) {
      System.out.println(Json.write(out));
    } else {
      System.out.printf("%s: %d qubits, %d couplers (%d dead), native gates %s, truth seed %d%n", spec.name(),
          spec.topology().numQubits(), spec.topology().numCouplers(),
          truth.couplers().stream().filter(c -> !c.alive()).count(), spec.nativeGates(), s);
      System.out.printf("%5s %5s %9s %9s %11s %9s %8s %8s%n", "qubit", "pos", "T1 (µs)", "T2 (µs)", "f (GHz)", "1q err", "P(0|1)", "P(1|0)");
      for (QubitTruth q : truth.qubits()) {
        Topology.Position p = spec.topology().position(q.qubit());
        System.out.printf("%5d %5s %9.2f %9.2f %11.6f %9.5f %8.4f %8.4f%s%n", q.qubit(), p.row() + "," + p.col(),
            q.t1() * 1e6, q.t2() * 1e6, q.frequency() / 1e9, q.gateError1q(), q.readoutP01(), q.readoutP10(),
            q.inTlsDip() ? "  TLS dip" : "");
      }
    }
    return 0;
  }

  static Map<String, Object> describe(ChipSpec spec, ChipTruth truth, long seed) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", spec.name());
    out.put("truth_seed", seed);
    out.put("native_gates", spec.nativeGates());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("one_qubit", spec.durations().oneQubit());
    d.put("two_qubit", spec.durations().twoQubit());
    d.put("measure", spec.durations().measure());
    d.put("reset", spec.durations().reset());
    out.put("durations_seconds", d);
    out.put("time", truth.time());
    List<Map<String, Object>> qs = new ArrayList<>();
    for (QubitTruth q : truth.qubits()) {
      Map<String, Object> m = new LinkedHashMap<>();
      Topology.Position p = spec.topology().position(q.qubit());
      m.put("qubit", q.qubit());
      m.put("row", p.row());
      m.put("col", p.col());
      m.put("t1", q.t1());
      m.put("t2", q.t2());
      m.put("frequency", q.frequency());
      m.put("readout_p01", q.readoutP01());
      m.put("readout_p10", q.readoutP10());
      m.put("gate_error", q.gateError1q());
      m.put("tls_dip", q.inTlsDip());
      qs.add(m);
    }
    out.put("qubits", qs);
    List<Map<String, Object>> cs = new ArrayList<>();
    for (CouplerTruth c : truth.couplers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("a", c.a());
      m.put("b", c.b());
      m.put("cz_error", c.czError());
      m.put("residual_zz", c.residualZzHz());
      m.put("enabled", c.alive());
      cs.add(m);
    }
    out.put("couplers", cs);
    return out;
  }
}
