package io.qubitd.api;

import static io.qubitd.api.ApiHarness.await;
import static io.qubitd.api.ApiHarness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qubitd.chip.ChipActor;
import io.qubitd.device.ChipSpec;
import io.qubitd.device.ChipTruth;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.GatewayProtocol.Rejection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's read-only endpoints and its static files, in front of a probe standing in for the gateway. */
class ChipInspectionRoutesTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final ChipSpec WUKONG = ChipSpec.load("wukong72");

  private ApiHarness api;

  @BeforeEach
  void bind() throws Exception { api = new ApiHarness(KIT, Fixtures.settings(Duration.ofMillis(500))); }

  @AfterEach
  void unbind() throws Exception { api.close(); }

  @AfterAll
  static void stop() { KIT.shutdownTestKit(); }

  @Test
  void topologyIsTheChipFilesLattice() throws Exception {
    HttpResponse<String> h = await(api.send("GET", "/v1/backends/wukong72/topology", null));
    assertEquals(200, h.statusCode(), h.body());
    JsonNode j = body(h);
    assertEquals(6, j.get("rows").asInt());
    assertEquals(12, j.get("cols").asInt());
    assertEquals(72, j.get("qubits").size());
    // qubit 13 sits at row 1, column 1 of a 12-wide lattice
    assertEquals(1, j.get("qubits").get(13).get("row").asInt());
    assertEquals(1, j.get("qubits").get(13).get("col").asInt());
    // 6 rows of 11 horizontal edges and 5 rows of 12 vertical ones
    assertEquals(6 * 11 + 5 * 12, j.get("couplers").size());

    HttpResponse<String> ideal = await(api.send("GET", "/v1/backends/ideal/topology", null));
    assertEquals(404, ideal.statusCode());
    assertTrue(body(ideal).get("error").asText().contains("'ideal'"), ideal.body());
  }

  @Test
  void truthUsesTheCalibrationsKeysPlusTheTlsDip() throws Exception {
    ChipTruth truth = WUKONG.sampleTruth(3);
    var response = api.send("GET", "/v1/backends/wukong72/truth", null);
    var ask = api.gateway.expectMessageClass(GatewayProtocol.GetTruth.class);
    assertEquals("wukong72", ask.backend());
    ask.replyTo().tell(new GatewayProtocol.Truth("wukong72", truth));
    HttpResponse<String> h = await(response);
    assertEquals(200, h.statusCode(), h.body());
    JsonNode q = body(h).get("qubits").get(4);
    assertEquals(truth.qubit(4).t1(), q.get("t1").asDouble(), 0.0);
    assertEquals(truth.qubit(4).readoutP01(), q.get("readout_p01").asDouble(), 0.0);
    assertEquals(truth.qubit(4).gateError1q(), q.get("gate_error").asDouble(), 0.0);
    assertEquals(truth.qubit(4).inTlsDip(), q.get("tls_dip").asBoolean());
    JsonNode c = body(h).get("couplers").get(0);
    assertEquals(truth.couplers().get(0).residualZzHz(), c.get("residual_zz").asDouble(), 0.0);
    assertEquals(truth.couplers().get(0).alive(), c.get("enabled").asBoolean());

    var unknown = api.send("GET", "/v1/backends/nosuch/truth", null);
    api.gateway.expectMessageClass(GatewayProtocol.GetTruth.class).replyTo()
        .tell(new GatewayProtocol.TruthRejected(new Rejection(404, "unknown backend 'nosuch'")));
    assertEquals(404, await(unknown).statusCode());
  }

  @Test
  void historyPairsEachSnapshotWithItsTruth() throws Exception {
    ChipTruth truth = WUKONG.sampleTruth(5);
    var entries = List.of(new ChipActor.Published(truth.asSnapshot("wukong72", 1, Instant.EPOCH), truth),
        new ChipActor.Published(truth.asSnapshot("wukong72", 2, Instant.EPOCH.plusSeconds(60)), null));
    var response = api.send("GET", "/v1/backends/wukong72/calibration/history", null);
    api.gateway.expectMessageClass(GatewayProtocol.GetCalibrationHistory.class).replyTo()
        .tell(new GatewayProtocol.CalibrationHistory("wukong72", entries));
    HttpResponse<String> h = await(response);
    assertEquals(200, h.statusCode(), h.body());
    JsonNode s = body(h).get("snapshots");
    assertEquals(2, s.size());
    assertEquals(1, s.get(0).get("version").asLong());
    assertEquals("1970-01-01T00:01:00Z", s.get(1).get("time").asText());
    assertEquals(truth.qubit(0).t1(), s.get(0).get("truth").get("qubits").get(0).get("t1").asDouble(), 0.0);
    assertTrue(s.get(1).get("truth").isNull(), "no truth when the chip did not answer");
  }

  @Test
  void theConsoleAndItsChartingLibraryComeFromTheJar() throws Exception {
    HttpResponse<String> page = await(api.send("GET", "/", null));
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("/console/app.js"), "the page loads its script");
    HttpResponse<String> app = await(api.send("GET", "/console/app.js", null));
    assertEquals(200, app.statusCode());
    HttpResponse<String> uplot = await(api.send("GET", "/webjars/uplot/uPlot.esm.js", null));
    assertEquals(200, uplot.statusCode());
    assertTrue(uplot.body().contains("export { uPlot as default }"), "uPlot's ES module");
    assertEquals(404, await(api.send("GET", "/console/nothing.js", null)).statusCode());
    assertEquals(405, await(api.send("POST", "/", "{}")).statusCode());
  }
}
