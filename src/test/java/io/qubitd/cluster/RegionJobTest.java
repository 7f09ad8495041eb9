package io.qubitd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qubitd.backend.ChipBench;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.Schedule;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.Compiler;
import io.qubitd.compile.CompilerSettings;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.kernel.MethodChooser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A region sent to a cluster worker is simulated on the schedule the compiler made, not on another one. */
class RegionJobTest {

  @Test
  void theWorkerRebuildsTheCompilersSchedule() {
    ChipSpec spec = ChipSpec.load("grid2x3");
    ChipTruth truth = spec.sampleTruth(3);
    Compiler compiler = new Compiler(spec.topology(), spec.durations(), CompilerSettings.defaults());
    Circuit ghz = ChipBench.ghz(5).withDefaultMeasurements();
    var snapshot = truth.asSnapshot(spec.name(), 0, Instant.EPOCH);
    CompiledCircuit compiled = compiler.compile(ghz, snapshot);
    RegionJob job = RegionJob.of(spec.name(), compiled, ghz, truth, 100, 1, snapshot, MethodChooser.AUTO, null);
    Schedule want = compiled.schedule();
    Schedule got = job.compiled(spec.durations()).schedule();
    assertEquals(want.operations().size(), got.operations().size());
    for (int i = 0; i < want.operations().size(); i++) {
      Schedule.TimedOperation w = want.operations().get(i), g = got.operations().get(i);
      assertEquals(w.operation(), g.operation(), "operation " + i);
      assertEquals(w.start(), g.start(), 1e-15, "start of operation " + i + ": " + w.operation());
    }
    assertEquals(want.duration(), got.duration(), 1e-15);
  }
}
