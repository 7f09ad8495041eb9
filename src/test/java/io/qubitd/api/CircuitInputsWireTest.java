package io.qubitd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job circuit's OpenQASM 3 "inputs" bind like its "parameters"; booleans read as 1 and 0. */
class CircuitInputsWireTest {

  @Test
  void inputsJoinParameters() {
    var job = WireFormat.readJobRequest(WireFormat.parseObject("{\"backend\":\"ideal\",\"circuits\":[{\"qasm\":\"x\","
        + "\"parameters\":{\"theta\":0.5},\"inputs\":{\"flag\":true,\"n\":3,\"off\":false}}]}"), 10);
    assertEquals(Map.of("theta", 0.5, "flag", 1.0, "n", 3.0, "off", 0.0), job.circuits().get(0).parameters());
  }

  @Test
  void aNameGivenTwiceOrAWrongTypeIsNamed() {
    WireFormatException twice = assertThrows(WireFormatException.class, () -> WireFormat.readJobRequest(WireFormat.parseObject(
        "{\"backend\":\"ideal\",\"circuits\":[{\"qasm\":\"x\",\"parameters\":{\"n\":1},\"inputs\":{\"n\":2}}]}"), 10));
    assertEquals("circuits[0].inputs.n", twice.field());
    WireFormatException text = assertThrows(WireFormatException.class, () -> WireFormat.readJobRequest(WireFormat.parseObject(
        "{\"backend\":\"ideal\",\"circuits\":[{\"qasm\":\"x\",\"inputs\":{\"n\":\"two\"}}]}"), 10));
    assertEquals("field 'circuits[0].inputs.n' must be a number, true or false, got string \"two\"", text.getMessage());
  }
}
