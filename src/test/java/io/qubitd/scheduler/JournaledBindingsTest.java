package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qubitd.api.WireFormat;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.trainer.quantum.LayerAnsatz;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** An HTTP job of many bindings of one circuit journals the circuit's text once, not once per binding. */
class JournaledBindingsTest {

  static final ActorTestKit KIT = ActorTestKit.create(io.qubitd.config.QubitdConfig.loadRoot());

  @AfterAll
  static void stop() { KIT.shutdownTestKit(); }

  static byte[] serialize(Serialization s, Object o) { return s.serialize(o).get(); }

  @Test
  void aJobOf200BindingsJournalsItsTextOnce() {
    LayerAnsatz ansatz = new LayerAnsatz(4, 2);
    String qasm = ansatz.familyQasm();
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode().put("backend", "wukong72");
    ObjectNode circuit = body.putArray("circuits").addObject().put("qasm", qasm).put("shots", 0);
    ArrayNode bindings = circuit.putArray("bindings");
    SplittableRandom rng = new SplittableRandom(2);
    for (int b = 0; b < 200; b++) {
      ObjectNode one = bindings.addObject();
      for (int k = 0; k < ansatz.steps().size(); k++) one.put(LayerAnsatz.familyInput(k), rng.nextDouble(-Math.PI, Math.PI));
    }
    JobRequest request = WireFormat.readJobRequest(body, 1000);
    assertEquals(200, request.circuits().size());
    Scheduler.JobAccepted accepted = new Scheduler.JobAccepted("wukong72.1", request, Instant.EPOCH);
    Serialization s = SerializationExtension.get(KIT.system().classicSystem());
    byte[] bytes = serialize(s, accepted);
    // the bound: the text once, and per binding its values as JSON (what the client sent) plus 100 bytes of fields
    long perBinding = 0;
    for (var b : bindings) perBinding = Math.max(perBinding, b.toString().length() + 100);
    assertTrue(bytes.length <= qasm.length() + 200 * perBinding + 1000,
        bytes.length + " bytes journaled for a " + qasm.length() + "-character text and 200 bindings of at most " + perBinding);
    assertTrue(qasm.length() > 500, "a text this short would not show the difference");
    // and it reads back as the same request, its text shared by every circuit
    var back = (Scheduler.JobAccepted) s.deserialize(bytes, s.findSerializerFor(accepted).identifier(),
        Serializers.manifestFor(s.findSerializerFor(accepted), accepted)).get();
    assertEquals(request, back.request());
    assertTrue(back.request().circuits().get(0).qasm() == back.request().circuits().get(199).qasm());
  }

  @Test
  void journalsWrittenAsPlainArraysStillRead() throws Exception {
    Serialization s = SerializationExtension.get(KIT.system().classicSystem());
    JobRequest request = new JobRequest("ideal", List.of(new CircuitSpec("OPENQASM 2.0; qreg q[1]; creg c[1]; measure q -> c;", 10,
        Map.of("a", 0.5), "statevector"), new CircuitSpec("OPENQASM 2.0; qreg q[2];", 20, Map.of())), 1, "c", false);
    String older = "{\"backend\":\"ideal\",\"circuits\":[{\"qasm\":\"OPENQASM 2.0; qreg q[1]; creg c[1]; measure q -> c;\","
        + "\"shots\":10,\"parameters\":{\"a\":0.5},\"method\":\"statevector\"},{\"qasm\":\"OPENQASM 2.0; qreg q[2];\",\"shots\":20,"
        + "\"parameters\":{},\"method\":\"auto\"}],\"priority\":1,\"client\":\"c\",\"memory\":false,\"idempotencyKey\":null}";
    Object read = s.deserialize(older.getBytes(java.nio.charset.StandardCharsets.UTF_8), s.findSerializerFor(request).identifier(),
        Serializers.manifestFor(s.findSerializerFor(request), request)).get();
    assertEquals(request, read);
  }
}
