package io.qubitd.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationReportTest {
  static final ChipSpec SPEC = ChipSpec.load("grid2x3");

  @SuppressWarnings("unchecked")
  static Map<String, Object> first(Object list) { return (Map<String, Object>) ((List<Object>) list).get(0); }

  @Test
  void snapshotAndTruthTreesHaveTheSameKeysAtEveryLevel() {
    ChipTruth truth = SPEC.sampleTruth(1);
    CalibrationSnapshot snap = truth.asSnapshot("grid2x3", 7, Instant.EPOCH);
    Map<String, Object> tree = CalibrationReport.toJsonTree(snap, truth);
    assertEquals(List.of("version", "snapshot", "truth"), List.copyOf(tree.keySet()));
    @SuppressWarnings("unchecked") Map<String, Object> s = (Map<String, Object>) tree.get("snapshot");
    @SuppressWarnings("unchecked") Map<String, Object> t = (Map<String, Object>) tree.get("truth");
    assertEquals(s.keySet(), t.keySet());
    assertEquals(first(s.get("qubits")).keySet(), first(t.get("qubits")).keySet());
    assertEquals(first(s.get("couplers")).keySet(), first(t.get("couplers")).keySet());
    // A snapshot equal to the truth gives equal trees.
    assertEquals(s, t);
    assertEquals(truth.qubit(0).t1(), first(t.get("qubits")).get("t1"));
  }

  @Test
  void jsonIsWrittenWithEscapesAndNullForNonFiniteNumbers() {
    Map<String, Object> tree = new java.util.LinkedHashMap<>();
    tree.put("name", "a\"b\\c\n");
    tree.put("x", Double.NaN);
    tree.put("list", List.of(1, 2.5, true));
    assertEquals("{\"name\":\"a\\\"b\\\\c\\n\",\"x\":null,\"list\":[1,2.5,true]}", CalibrationReport.toJson(tree));
    String json = CalibrationReport.toJson(CalibrationReport.toJsonTree(SPEC.sampleTruth(1).asSnapshot("grid2x3", 1, Instant.EPOCH), SPEC.sampleTruth(1)));
    assertTrue(json.startsWith("{\"version\":1,\"snapshot\":{\"backend\":\"grid2x3\""), json.substring(0, 60));
  }
}
