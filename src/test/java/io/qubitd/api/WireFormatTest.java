package io.qubitd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wire names, written out by hand here, so that a rename on either side fails a test. */
class WireFormatTest {

  @Test
  void aJobIsWrittenWithExactlyTheseSnakeCaseFields() throws Exception {
    JsonNode expected = WireFormat.MAPPER.readTree("{\"id\":\"wukong72.4\",\"status\":\"failed\",\"backend\":\"wukong72\","
        + "\"priority\":3,\"client\":\"alice\",\"submitted\":\"2025-01-02T03:04:05Z\",\"started\":\"2025-01-02T03:04:06Z\","
        + "\"finished\":\"2025-01-02T03:04:07Z\",\"circuits\":2,\"circuits_done\":0,"
        + "\"error\":\"circuit 1 cannot be routed\"}");
    assertEquals(expected, WireFormat.job(Fixtures.job("wukong72.4", JobStatus.FAILED)));
  }

  @Test
  void aResultIsWrittenWithExactlyTheseFields() throws Exception {
    JsonNode expected = WireFormat.MAPPER.readTree("{\"counts\":{\"00\":3,\"11\":5},\"shots\":8,\"initial_layout\":[5,6],"
        + "\"final_layout\":[6,5],\"swaps\":1,\"method\":\"density_matrix\",\"calibration_version\":7}");
    // compared as text: numbers of either width must print the same
    assertEquals(WireFormat.write(expected), WireFormat.write(WireFormat.result(Fixtures.result(3, 5))));
  }

  @Test
  void aCircuitWithBindingsIsOneCircuitPerBindingAndMayAskForExactExpectations() {
    var r = WireFormat.readJobRequest(WireFormat.parseObject("{\"backend\":\"wukong72\",\"circuits\":[{\"qasm\":\"q\","
        + "\"shots\":0,\"bindings\":[{\"a\":0.5},{\"a\":-1}]},{\"qasm\":\"x\"}]}"), 10);
    assertEquals(3, r.circuits().size());
    assertEquals(java.util.Map.of("a", -1.0), r.circuits().get(1).parameters());
    assertEquals(0, r.circuits().get(1).shots());
    assertEquals(10, r.circuits().get(2).shots());
    WireFormatException e = assertThrows(WireFormatException.class, () -> WireFormat.readJobRequest(WireFormat.parseObject(
        "{\"backend\":\"wukong72\",\"circuits\":[{\"qasm\":\"q\",\"bindings\":[{\"a\":\"x\"}]}]}"), 10));
    assertEquals("field 'circuits[0].bindings[0].parameters.a' must be a number, got string \"x\"", e.getMessage());
  }

  @Test
  void aChipModeProgressEventCarriesTheChipFigures() {
    var p = new io.qubitd.trainer.TrainerEvent.Progress("s", 3, 1.5, 400, 2.0, 2.5,
        new io.qubitd.trainer.StepReport.ChipProgress(0.75, 0.4, 0.9));
    var o = WireFormat.trainingEvent(p);
    assertEquals(200.0, o.get("circuits_per_second").asDouble(), 1e-12);
    assertEquals(0.75, o.get("chip_seconds").asDouble(), 1e-12);
    assertEquals(0.4, o.get("dedup_hit_rate").asDouble(), 1e-12);
    assertEquals(0.9, o.get("packing_utilisation").asDouble(), 1e-12);
    assertEquals(null, WireFormat.trainingEvent(new io.qubitd.trainer.TrainerEvent.Progress("s", 1, 1, 0, 0, 1)).get("chip_seconds"));
  }

  @Test
  void fieldErrorsNameTheFieldAndWhatWasGiven() {
    WireFormatException e = assertThrows(WireFormatException.class, () -> WireFormat.readJobRequest(
        WireFormat.parseObject("{\"backend\":\"ideal\",\"circuits\":[{\"qasm\":\"x\"},{\"qasm\":\"y\",\"shots\":0}]}"), 10));
    assertEquals("circuits[1].shots", e.field());
    assertEquals("field 'circuits[1].shots' must be at least 1, got 0", e.getMessage());

    e = assertThrows(WireFormatException.class, () -> WireFormat.readJobRequest(WireFormat.parseObject(
        "{\"backend\":\"ideal\",\"circuits\":[{\"qasm\":\"x\",\"parameters\":{\"theta\":\"pi\"}}]}"), 10));
    assertEquals("field 'circuits[0].parameters.theta' must be a number, got string \"pi\"", e.getMessage());

    e = assertThrows(WireFormatException.class, () -> WireFormat.readJobRequest(
        WireFormat.parseObject("{\"backend\":\"ideal\",\"circuits\":[]}"), 10));
    assertEquals("circuits", e.field());

    e = assertThrows(WireFormatException.class, () -> WireFormat.parseObject("{\"backend\": ideal}"));
    assertEquals("", e.field());
  }

  @Test
  void settingsOutOfRangeNameTheKey() {
    var bad = ConfigFactory.parseString("qubitd.api.event-buffer = 0").withFallback(ConfigFactory.defaultReference());
    ConfigException e = assertThrows(ConfigException.class, () -> ApiSettings.fromConfig(bad));
    assertEquals(true, e.getMessage().contains("qubitd.api.event-buffer"), e.getMessage());
    ApiSettings defaults = ApiSettings.fromConfig(ConfigFactory.defaultReference());
    assertEquals("127.0.0.1", defaults.host());
    assertEquals(8080, defaults.port());
    assertEquals(Duration.ofSeconds(10), defaults.askTimeout());
  }
}
