package io.qubitd.device;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChipSpecTest {
  private static final Path CHIPS = Path.of("conf/chips");

  private static Config wukongConfig() { return ConfigFactory.parseFile(CHIPS.resolve("wukong72.conf").toFile()); }

  private static String errorFor(Config c) {
    Exception e = assertThrows(ConfigException.class, () -> ChipSpec.fromConfig(c.resolve()));
    return e.getMessage();
  }

  @Test
  void wukong72HasTheLatticeOfTheDesign() {
    ChipSpec spec = ChipSpec.load(CHIPS.resolve("wukong72.conf"));
    assertEquals("wukong72", spec.name());
    assertEquals(72, spec.topology().numQubits());
    assertEquals(126, spec.topology().numCouplers());
    assertEquals(java.util.List.of("rz", "sx", "x", "cz"), spec.nativeGates());
    assertEquals(30e-9, spec.durations().oneQubit(), 1e-18);
    assertEquals(40e-9, spec.durations().twoQubit(), 1e-18);
    assertEquals(1.5e-6, spec.durations().measure(), 1e-18);
    assertEquals(0.02 / 3600, spec.drift().tls().ratePerSecond(), 1e-15);
  }

  @Test
  void sampledTruthRespectsTheFileRanges() {
    ChipSpec spec = ChipSpec.load(CHIPS.resolve("wukong72.conf"));
    ChipSpec.TruthDistribution d = spec.truth();
    ChipTruth truth = spec.sampleTruth(12345);
    assertEquals(72, truth.qubits().size());
    assertEquals(126, truth.couplers().size());
    for (QubitTruth q : truth.qubits()) {
      assertTrue(d.t1().contains(q.t1()), "T1 " + q);
      assertTrue(d.t2().contains(q.t2()), "T2 " + q);
      assertTrue(q.t2() <= 2 * q.t1(), "T2 <= 2 T1 " + q);
      assertTrue(d.frequencyHz().contains(q.frequency()));
      double limit = CoherenceLimit.oneQubit(spec.durations().oneQubit(), q.t1(), q.t2());
      assertTrue(d.gateError1q().contains(q.gateError1q() - limit), "1q error beyond its coherence limit " + q);
      assertTrue(d.readoutP01().contains(q.readoutP01()));
      assertTrue(d.readoutP10().contains(q.readoutP10()));
      assertFalse(q.inTlsDip());
    }
    int dead = 0;
    for (int i = 0; i < truth.couplers().size(); i++) {
      CouplerTruth c = truth.couplers().get(i);
      assertEquals(spec.topology().edges().get(i), new Topology.Edge(c.a(), c.b()));
      double limit = CoherenceLimit.twoQubit(spec.durations().twoQubit(), truth.qubit(c.a()), truth.qubit(c.b()));
      assertTrue(d.czError().contains(c.czError() - limit), "CZ error beyond its coherence limit " + c);
      assertTrue(d.residualZzHz().contains(c.residualZzHz()));
      if (!c.alive()) dead++;
    }
    assertEquals(3, dead);
  }

  @Test
  void sameSeedSameChipOtherSeedOtherChip() {
    ChipSpec spec = ChipSpec.load(CHIPS.resolve("wukong72.conf"));
    assertEquals(spec.sampleTruth(7), spec.sampleTruth(7));
    assertNotEquals(spec.sampleTruth(7), spec.sampleTruth(8));
    assertEquals(spec.sampleTruth(72), spec.sampleTruth());
  }

  @Test
  void smallChipsLoad() {
    ChipSpec grid = ChipSpec.load(CHIPS.resolve("grid2x3.conf"));
    assertEquals(6, grid.topology().numQubits());
    assertEquals(7, grid.topology().numCouplers());
    ChipSpec line = ChipSpec.load(CHIPS.resolve("line20.conf"));
    assertEquals(20, line.topology().numQubits());
    assertEquals(19, line.topology().numCouplers());
    assertTrue(line.topology().coupled(7, 8));
    assertFalse(line.topology().coupled(7, 9));
    assertEquals(1, line.sampleTruth().couplers().stream().filter(c -> !c.alive()).count());
  }

  @Test
  void missingKeyIsNamed() {
    assertTrue(errorFor(wukongConfig().withoutPath("chip.truth.t1")).contains("t1"));
    assertTrue(errorFor(wukongConfig().withoutPath("chip.durations.measure")).contains("measure"));
  }

  @Test
  void t2RangeAboveTwiceT1IsRejected() {
    String msg = errorFor(ConfigFactory.parseString("chip.truth.t2 { min = 25us, max = 30us }").withFallback(wukongConfig()));
    assertTrue(msg.contains("t2.min") && msg.contains("2*T1"), msg);
  }

  @Test
  void negativeDurationIsRejected() {
    String msg = errorFor(ConfigFactory.parseString("chip.durations.one-qubit = -30ns").withFallback(wukongConfig()));
    assertTrue(msg.contains("one-qubit") && msg.contains("negative"), msg);
  }

  @Test
  void edgeOutOfRangeIsRejected() {
    Config line = ConfigFactory.parseFile(CHIPS.resolve("line20.conf").toFile());
    String msg = errorFor(ConfigFactory.parseString("chip.edges = [[0, 1], [1, 20]]").withFallback(line));
    assertTrue(msg.contains("edges") && msg.contains("[1, 20]"), msg);
  }

  @Test
  void otherBadValuesAreNamed() {
    assertTrue(errorFor(ConfigFactory.parseString("chip.truth.dead-couplers = 200").withFallback(wukongConfig())).contains("dead-couplers"));
    assertTrue(errorFor(ConfigFactory.parseString("chip.truth.cz-error { min = 0.01, max = 1.5 }").withFallback(wukongConfig())).contains("cz-error"));
    assertTrue(errorFor(ConfigFactory.parseString("chip.native-gates = [rz, h]").withFallback(wukongConfig())).contains("native-gates"));
    assertTrue(errorFor(ConfigFactory.parseString("chip.edges = [[0, 1]]").withFallback(wukongConfig())).contains("lattice"));
  }

  @Test
  void loadsByNameFromTheClasspath() throws Exception {
    // The build puts conf/chips/*.conf on the classpath as chips/<name>.conf; stand in for it here.
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    try (java.net.URLClassLoader conf = new java.net.URLClassLoader(new java.net.URL[] {Path.of("conf").toUri().toURL()}, saved)) {
      thread.setContextClassLoader(conf);
      ChipSpec spec = ChipSpec.load("grid2x3");
      assertEquals("grid2x3", spec.name());
      assertEquals(6, spec.topology().numQubits());
    } finally {
      thread.setContextClassLoader(saved);
    }
  }

  @Test
  void unknownChipNameIsReported() {
    Exception e = assertThrows(ConfigException.class, () -> ChipSpec.load("no-such-chip"));
    assertTrue(e.getMessage().contains("chips/no-such-chip.conf"), e.getMessage());
  }

  @Test
  void snapshotEqualsTruthAndMarksDips() {
    ChipTruth truth = ChipSpec.load(CHIPS.resolve("grid2x3.conf")).sampleTruth();
    QubitTruth q0 = truth.qubit(0);
    QubitTruth dipped = new QubitTruth(0, q0.t1() * 0.5, Math.min(q0.t2(), q0.t1()), q0.frequency(), q0.gateError1q(),
        q0.readoutP01(), q0.readoutP10(), new QubitTruth.TlsDip(0.5, 100), q0.nominal());
    java.util.List<QubitTruth> qs = new java.util.ArrayList<>(truth.qubits());
    qs.set(0, dipped);
    java.util.List<CouplerTruth> cs = new java.util.ArrayList<>(truth.couplers());
    cs.set(2, cs.get(2).failed());
    CalibrationSnapshot s = new ChipTruth(5, qs, cs).asSnapshot("grid2x3", 1, java.time.Instant.EPOCH);
    assertFalse(s.qubit(0).usable());
    assertTrue(s.qubit(1).usable());
    assertEquals(truth.qubit(1).t1(), s.qubit(1).t1());
    assertEquals(truth.qubit(1).t2(), s.qubit(1).t2());
    assertEquals(truth.qubit(1).readoutP01(), s.qubit(1).readoutP01());
    assertEquals(truth.qubit(1).gateError1q(), s.qubit(1).gateError());
    assertFalse(s.coupler(2).enabled());
    assertTrue(s.coupler(1).enabled());
    assertEquals(truth.couplers().get(1).czError(), s.coupler(1).czError());
    assertEquals(truth.couplers().get(1).residualZzHz(), s.coupler(1).residualZz());
  }
}
