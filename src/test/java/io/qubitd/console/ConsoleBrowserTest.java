package io.qubitd.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.qubitd.api.HttpApi;
import io.qubitd.api.WireFormat;
import io.qubitd.config.QubitdConfig;
import io.qubitd.daemon.Daemon;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in headless Chromium against a daemon started here (wukong72, calibrating every
 * few seconds with small experiments): what the page shows is checked against the /v1 API.
 * Screenshots go to target/console-screenshots/. Without chromium and chromedriver the tests are skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  static final String SKIP = "console browser tests skipped: no chromium and chromedriver (Debian: apt-get install chromium"
      + " chromium-driver; .ci/run installs them), or set QUBITD_TEST_CHROMIUM and QUBITD_TEST_CHROMEDRIVER";
  static final Path SHOTS = Path.of("target", "console-screenshots");
  static final String BELL = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;";
  static final int SHOTS_PER_JOB = 1000;
  /** Matplotlib's viridis ends: the lowest value of a "higher is better" metric and the highest. */
  static final String VIRIDIS_LOW = "#440154";
  static final String VIRIDIS_HIGH = "#fde725";

  static final QubitdConfig CONFIG = new QubitdConfig(ConfigFactory.parseString("""
      qubitd.chips = [wukong72]
      qubitd.calibration.full-interval = 2s
      qubitd.calibration.experiments {
        readout-shots = 1000, sweep-shots = 200, coarse-points = 6, t1-points = 8, echo-points = 8, ramsey-points = 16
        rb-sequences = 2, rb-shots = 100, rb-max-length = 100, xeb-depths = [1, 2, 4], xeb-circuits = 2, xeb-shots = 100
        quick-shots = 500
      }
      """).withFallback(QubitdConfig.loadRoot()).resolve());

  static Daemon.Running daemon;
  static URI base;
  static WebDriver driver;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path chromium = find("QUBITD_TEST_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    Path chromedriver = find("QUBITD_TEST_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    Assumptions.assumeTrue(chromium != null && chromedriver != null, SKIP);
    daemon = Daemon.start(CONFIG, Files.createTempDirectory("qubitd-console"));
    var binding = HttpApi.bind(daemon.system(), daemon.gateway(), daemon.trainer(), "127.0.0.1", 0)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
    // started now so that its small base model is pretrained while the chip is looked at
    HttpResponse<String> training = send("POST", "/v1/training",
        "{\"session\": \"console\", \"adapter\": \"qtha\", \"mode\": \"exact\", \"steps\": 5000, \"seed\": 1, \"tiny\": true}");
    assertEquals(202, training.statusCode(), training.body());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) driver.quit();
    if (daemon != null) {
      daemon.system().terminate();
      daemon.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void theLatticeShowsEveryQubitAndCoupler() throws Exception {
    open("#/chip");
    waitFor(Duration.ofSeconds(20), "72 qubits and 126 couplers drawn",
        () -> count("#lattice [data-qubit]") == 72 && count("#lattice [data-coupler]") == 126);
    assertEquals(72, count("#lattice [data-qubit]"));
    assertEquals(126, count("#lattice [data-coupler]"));
    Set<String> expected = new HashSet<>();
    for (JsonNode c : get("/v1/backends/wukong72/topology").get("couplers")) expected.add(c.get("a").asInt() + "-" + c.get("b").asInt());
    // the 6 x 12 lattice's edges, from its geometry: (r, c)-(r, c+1) and (r, c)-(r+1, c)
    Set<String> lattice = new HashSet<>();
    for (int r = 0; r < 6; r++) {
      for (int c = 0; c < 12; c++) {
        if (c + 1 < 12) lattice.add((r * 12 + c) + "-" + (r * 12 + c + 1));
        if (r + 1 < 6) lattice.add((r * 12 + c) + "-" + ((r + 1) * 12 + c));
      }
    }
    assertEquals(lattice, expected, "the API's couplers");
    @SuppressWarnings("unchecked")
    List<String> drawn = (List<String>) script("return [...document.querySelectorAll('#lattice [data-coupler]')].map(e => e.dataset.coupler)");
    assertEquals(lattice, new HashSet<>(drawn), "the couplers drawn");
    screenshot("chip");
  }

  @Test
  @Order(2)
  void aQubitsDisplayedT1IsTheApis() throws Exception {
    open("#/chip");
    waitForPublishedVersion(0);
    driver.findElement(By.cssSelector("#lattice [data-qubit='5']")).click();
    waitFor(Duration.ofSeconds(10), "qubit 5's values", () -> count("#chip-info [data-selected='qubit:5']") == 1);
    // one script: the panel is redrawn with every refresh
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) script("""
        const cell = document.querySelector("#chip-info [data-field='t1'][data-source='calibration']");
        return { version: Number(document.getElementById('view-chip').dataset.version), value: cell.dataset.value,
                 text: cell.firstChild.textContent };
        """);
    long version = ((Number) m.get("version")).longValue();
    double t1 = snapshot(version).get("qubits").get(5).get("t1").asDouble();
    assertEquals(t1, Double.parseDouble((String) m.get("value")), 0.0, "qubit 5's T1 at calibration v" + version);
    assertEquals(String.format(Locale.ROOT, "%.2f µs", t1 * 1e6), m.get("text"));
    screenshot("chip-qubit-5");

    // from the keyboard: the arrow keys walk the lattice (5 -> 6), Shift+arrow steps onto a coupler (6-18 below it)
    driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
    waitFor(Duration.ofSeconds(10), "qubit 6 by ArrowRight", () -> count("#chip-info [data-selected='qubit:6']") == 1);
    driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_DOWN));
    waitFor(Duration.ofSeconds(10), "coupler 6-18 by Shift+ArrowDown", () -> count("#chip-info [data-selected='coupler:6-18']") == 1);
  }

  @Test
  @Order(3)
  void aCalibrationPublishRecoloursTheQubits() throws Exception {
    open("#/chip");
    ChipState before = chipState(waitForPublishedVersion(0));
    ChipState after = chipState(waitForPublishedVersion(before.version()));
    JsonNode qubits = snapshot(after.version()).get("qubits");
    int best = 0, worst = 0;
    for (int q = 0; q < 72; q++) {
      double t1 = qubits.get(q).get("t1").asDouble();
      assertEquals(t1, Double.parseDouble(after.values().get(q)), 0.0, "qubit " + q + " at v" + after.version());
      if (t1 > qubits.get(best).get("t1").asDouble()) best = q;
      if (t1 < qubits.get(worst).get("t1").asDouble()) worst = q;
    }
    assertEquals(VIRIDIS_HIGH, after.fills().get(best), "the longest T1 (qubit " + best + ") takes the scale's top colour");
    assertEquals(VIRIDIS_LOW, after.fills().get(worst), "the shortest T1 (qubit " + worst + ") takes the scale's bottom colour");
    assertTrue(!after.fills().equals(before.fills()), "v" + before.version() + " -> v" + after.version() + " left every colour as it was");
    screenshot("chip-after-publish");
    driver.findElement(By.cssSelector("input[name=source][value=difference]")).click();
    screenshot("chip-difference");
  }

  @Test
  @Order(4)
  void theDriftViewListsEveryPublishedT1OfAQubit() throws Exception {
    open("#/drift/5");
    waitFor(Duration.ofSeconds(20), "qubit 5's history", () -> count("#drift-table[data-qubit-history='5'] tbody tr") >= 2);
    @SuppressWarnings("unchecked")
    List<List<String>> rows = (List<List<String>>) script(
        "return [...document.querySelectorAll('#drift-table tbody tr')].map(r => [...r.children].map(td => td.textContent))");
    Map<Long, String> shown = new HashMap<>();
    for (List<String> r : rows) shown.put(Long.parseLong(r.get(0)), r.get(2).split(" ±")[0]);
    int checked = 0;
    for (JsonNode s : get("/v1/backends/wukong72/calibration/history").get("snapshots")) {
      String t1 = shown.get(s.get("version").asLong());
      if (t1 == null) continue;  // published after the page drew its table
      assertEquals(String.format(Locale.ROOT, "%.2f µs", s.get("qubits").get(5).get("t1").asDouble() * 1e6), t1, "v" + s.get("version"));
      checked++;
    }
    assertEquals(rows.size(), checked, "every version the page lists is in the API's history");
    assertEquals(2, count("#view-drift .uplot"), "the T1/T2 and error charts");
    screenshot("drift");
  }

  @Test
  @Order(5)
  void aSubmittedJobAppearsAndCompletesWithItsHistogram() throws Exception {
    open("#/queue");
    waitForElement("#jobs thead");
    HttpResponse<String> accepted = send("POST", "/v1/jobs", WireFormat.write(WireFormat.MAPPER.createObjectNode()
        .put("backend", "wukong72").put("client", "browser-test")
        .set("circuits", WireFormat.MAPPER.createArrayNode().add(
            WireFormat.MAPPER.createObjectNode().put("qasm", BELL).put("shots", SHOTS_PER_JOB)))));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String id = WireFormat.parseObject(accepted.body()).get("id").asText();
    String status = "#jobs tr[data-job='" + id + "'] [data-field='status']";
    waitFor(Duration.ofSeconds(30), "job " + id + " shown as completed",
        () -> count(status) == 1 && driver.findElement(By.cssSelector(status)).getText().equals("completed"));
    screenshot("queue");

    open("#/job/" + id);
    waitFor(Duration.ofSeconds(20), "job " + id + "'s counts", () -> count("[data-circuit='0'] td[data-bits]") > 0);
    JsonNode counts = get("/v1/jobs/" + id + "/result").get("results").get(0).get("counts");
    Map<String, Long> shown = new HashMap<>();
    for (WebElement td : driver.findElements(By.cssSelector("[data-circuit='0'] td[data-bits]"))) {
      shown.put(td.getAttribute("data-bits"), Long.parseLong(td.getText()));
    }
    Map<String, Long> expected = new HashMap<>();
    counts.properties().forEach(e -> expected.put(e.getKey(), e.getValue().asLong()));
    assertEquals(expected, shown);
    assertEquals(SHOTS_PER_JOB, shown.values().stream().mapToLong(Long::longValue).sum());
    assertEquals(1, count("[data-circuit='0'] .uplot"), "the histogram is drawn");
    screenshot("job");
  }

  @Test
  @Order(6)
  void aTrainingSessionsLossCurveGainsPoints() throws Exception {
    open("#/training");
    String card = "[data-session='console']";
    waitFor(Duration.ofSeconds(90), "the session's first loss points", () -> count(card) == 1 && points(card) >= 2);
    int first = points(card);
    waitFor(Duration.ofSeconds(30), "more loss points than " + first, () -> points(card) >= first + 3);
    screenshot("training");
    send("DELETE", "/v1/training/console", null);
  }

  // ---- helpers ----

  static Path find(String env, String... candidates) {
    List<String> all = new ArrayList<>();
    if (System.getenv(env) != null) all.add(System.getenv(env));
    all.addAll(List.of(candidates));
    for (String c : all) if (Files.isExecutable(Path.of(c))) return Path.of(c);
    return null;
  }

  static void open(String hash) {
    driver.get(base + "/?poll=500" + hash);
  }

  static int count(String css) { return driver.findElements(By.cssSelector(css)).size(); }

  static int points(String card) {
    return Integer.parseInt(driver.findElement(By.cssSelector(card)).getAttribute("data-points"));
  }

  static long shownVersion() {
    String v = driver.findElement(By.id("view-chip")).getAttribute("data-version");
    return v == null ? -1 : Long.parseLong(v);
  }

  /** Waits until the page shows a published calibration newer than {@code than}; returns its version. */
  static long waitForPublishedVersion(long than) {
    waitFor(Duration.ofSeconds(45), "a calibration newer than v" + than, () -> shownVersion() > than);
    return shownVersion();
  }

  /** What the chip view shows, qubits in index order. */
  record ChipState(long version, List<String> values, List<String> fills) {}

  /** Reads the chip view in one script, so that no re-render falls between the reads. */
  static ChipState chipState(long atLeast) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) script("""
        const qs = [...document.querySelectorAll('#lattice [data-qubit]')]
            .sort((a, b) => Number(a.dataset.qubit) - Number(b.dataset.qubit));
        return { version: Number(document.getElementById('view-chip').dataset.version),
                 values: qs.map(g => g.dataset.value), fills: qs.map(g => g.querySelector('circle').getAttribute('fill')) };
        """);
    @SuppressWarnings("unchecked")
    ChipState state = new ChipState(((Number) m.get("version")).longValue(), (List<String>) m.get("values"), (List<String>) m.get("fills"));
    assertTrue(state.version() >= atLeast && state.values().size() == 72,
        "chip view at v" + state.version() + " with " + state.values().size() + " qubits");
    return state;
  }

  static Object script(String js) { return ((JavascriptExecutor) driver).executeScript(js); }

  /** The published snapshot of that version, from the API's history (which records it a moment after publishing). */
  static JsonNode snapshot(long version) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    do {
      for (JsonNode s : get("/v1/backends/wukong72/calibration/history").get("snapshots")) {
        if (s.get("version").asLong() == version) return s;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("calibration v" + version + " is not in the API's history");
  }

  static WebElement waitForElement(String css) {
    waitFor(Duration.ofSeconds(20), css, () -> count(css) > 0);
    return driver.findElement(By.cssSelector(css));
  }

  static void waitFor(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, timeout, Duration.ofMillis(100)).withMessage("waiting for " + what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.getAsBoolean());
  }

  static void screenshot(String name) throws IOException {
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return WireFormat.parseObject(r.body());
  }

  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
