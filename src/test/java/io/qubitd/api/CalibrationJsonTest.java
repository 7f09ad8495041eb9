package io.qubitd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qubitd.device.CalibrationSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calibration JSON of the API: each measured value with its {@code <name>_stderr} when known, and back. */
class CalibrationJsonTest {
  static final CalibrationSnapshot SNAPSHOT = new CalibrationSnapshot("chip", 3, Instant.EPOCH,
      List.of(new CalibrationSnapshot.QubitCalibration(0, 20e-6, 15e-6, 4.5e9, 0.05, 0.02, 0.001, true, 14e-6,
              new CalibrationSnapshot.QubitStderr(0.5e-6, 0.4e-6, 0.3e-6, 200, 0.002, 0.0014, 4e-5)),
          new CalibrationSnapshot.QubitCalibration(1, 25e-6, 10e-6, 4.6e9, 0.04, 0.03, 0.002, true)),
      List.of(new CalibrationSnapshot.CouplerCalibration(0, 1, 0.02, 3e4, true, new CalibrationSnapshot.CouplerStderr(0.001, 300))));

  @Test
  void everyMeasuredValueHasItsStandardErrorBesideItAndReadsBack() throws Exception {
    JsonNode json = new ObjectMapper().readTree(WireFormat.write(WireFormat.calibration(SNAPSHOT)));
    JsonNode q0 = json.get("qubits").get(0);
    for (String name : List.of("t1", "t2", "t2_star", "frequency", "readout_p01", "readout_p10", "gate_error")) {
      assertTrue(q0.get(name + "_stderr").isNumber(), name + "_stderr missing: " + q0);
    }
    assertEquals(0.002, q0.get("readout_p01_stderr").doubleValue());
    JsonNode c = json.get("couplers").get(0);
    assertEquals(0.001, c.get("cz_error_stderr").doubleValue());
    assertEquals(300, c.get("residual_zz_stderr").doubleValue());
    JsonNode q1 = json.get("qubits").get(1);
    assertFalse(q1.has("t1_stderr") || q1.has("t2_star"), "a qubit known without error bars has none: " + q1);
    assertEquals(SNAPSHOT, WireFormat.readCalibration(json));
  }
}
