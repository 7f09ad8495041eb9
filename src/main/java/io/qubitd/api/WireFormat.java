package io.qubitd.api;

import io.qubitd.kernel.MethodChooser;
import io.qubitd.kernel.mps.MpsMethod;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.CalibrationSnapshot.CouplerCalibration;
import io.qubitd.device.CalibrationSnapshot.QubitCalibration;
import io.qubitd.scheduler.GatewayProtocol.Metrics;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobEvent;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import io.qubitd.trainer.AdapterKind;
import io.qubitd.trainer.TrainerEvent;
import io.qubitd.trainer.TrainerManager;
import io.qubitd.trainer.quantum.QuantumLayers;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The HTTP API's JSON, both ways, field by field: snake_case names written out here so that a
 * renamed Java record component never changes the wire. Server and {@link QubitdClient} share it.
 * Readers throw {@link WireFormatException} naming the field that is missing or of the wrong type.
 */
public final class WireFormat {
  private WireFormat() {}

  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Parses a request or response body; malformed JSON or anything but an object is a {@link WireFormatException}. */
  public static JsonNode parseObject(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new WireFormatException("", JsonSyntaxError.describe(e, text));
    }
    if (node == null || node.isMissingNode()) throw new WireFormatException("", "the request body is empty; expected a JSON object");
    if (!node.isObject()) throw new WireFormatException("", "expected a JSON object, got " + kind(node));
    return node;
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static ObjectNode error(String message) {
    return NODES.objectNode().put("error", message);
  }

  // ---- jobs ----

  /** The body of {@code POST /v1/jobs}, as a client sends it. */
  public static ObjectNode jobRequest(JobRequest r) {
    ObjectNode o = NODES.objectNode();
    o.put("backend", r.backend());
    ArrayNode circuits = o.putArray("circuits");
    for (CircuitSpec c : r.circuits()) {
      ObjectNode n = circuits.addObject().put("qasm", c.qasm()).put("shots", c.shots());
      if (!c.parameters().isEmpty()) {
        ObjectNode p = n.putObject("parameters");
        new TreeMap<>(c.parameters()).forEach(p::put);
      }
      if (!c.method().equals(MethodChooser.AUTO)) n.putObject("options").put("method", c.method());
    }
    o.put("priority", r.priority());
    o.put("client", r.client());
    o.put("memory", r.memory());
    if (r.idempotencyKey() != null) o.put("client_request_id", r.idempotencyKey());
    return o;
  }

  /**
   * Reads {@code POST /v1/jobs}: backend and circuits[].qasm are required; shots default to
   * {@code defaultShots}, priority to 0, client to anonymous, memory to false.
   */
  public static JobRequest readJobRequest(JsonNode o, int defaultShots) {
    String backend = text(o, "backend", "", true);
    JsonNode cs = o.get("circuits");
    if (cs == null || cs.isNull()) throw missing("circuits");
    if (!cs.isArray()) throw wrongType("circuits", "an array of circuits", cs);
    if (cs.isEmpty()) throw new WireFormatException("circuits", "field 'circuits' must hold at least one circuit");
    List<CircuitSpec> circuits = new ArrayList<>(cs.size());
    for (int i = 0; i < cs.size(); i++) {
      String at = "circuits[" + i + "]";
      JsonNode c = cs.get(i);
      if (!c.isObject()) throw wrongType(at, "an object with qasm and shots", c);
      String qasm = text(c, "qasm", at + ".", true);
      int shots = integer(c, "shots", at + ".", defaultShots);
      JsonNode bindings = c.get("bindings");
      // 0 shots asks for exact expectations, which families of bindings give
      int least = bindings == null || bindings.isNull() ? 1 : 0;
      if (shots < least) {
        throw new WireFormatException(at + ".shots", "field '" + at + ".shots' must be at least " + least + ", got " + shots);
      }
      if (bindings == null || bindings.isNull()) {
        circuits.add(new CircuitSpec(qasm, shots, parameters(c, at + "."), method(c, at + ".")));
        continue;
      }
      // a circuit with input parameters and many bindings: one circuit per binding, the text shared
      if (c.has("parameters")) throw new WireFormatException(at + ".parameters", "give either '" + at + ".parameters' or '" + at + ".bindings', not both");
      if (!bindings.isArray() || bindings.isEmpty()) throw wrongType(at + ".bindings", "a non-empty array of {name: number} objects", bindings);
      for (int b = 0; b < bindings.size(); b++) {
        ObjectNode holder = NODES.objectNode();
        holder.set("parameters", bindings.get(b));
        circuits.add(new CircuitSpec(qasm, shots, parameters(holder, at + ".bindings[" + b + "]."), method(c, at + ".")));
      }
    }
    int priority = integer(o, "priority", "", 0);
    String client = text(o, "client", "", false);
    boolean memory = bool(o, "memory", "", false);
    String key = text(o, "client_request_id", "", false);
    if (key != null) checkIdempotencyKey(key, "field 'client_request_id'");
    return new JobRequest(backend, circuits, priority, client, memory, key);
  }

  /** Longest idempotency key (header or client_request_id) accepted. */
  public static final int MAX_IDEMPOTENCY_KEY = 200;

  /** Checks an idempotency key named {@code where} in messages: 1..200 printable ASCII characters. */
  public static void checkIdempotencyKey(String key, String where) {
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
      throw new WireFormatException("client_request_id", where + " must be 1.." + MAX_IDEMPOTENCY_KEY
          + " printable ASCII characters without spaces, got '" + (key.length() > 40 ? key.substring(0, 40) + "..." : key) + "'");
    }
  }

  public static ObjectNode job(JobInfo j) {
    ObjectNode o = NODES.objectNode();
    o.put("id", j.id());
    o.put("status", j.status().wire());
    o.put("backend", j.backend());
    o.put("priority", j.priority());
    o.put("client", j.client());
    o.put("submitted", instant(j.submitted()));
    o.put("started", instant(j.started()));
    o.put("finished", instant(j.finished()));
    o.put("circuits", j.circuits());
    o.put("circuits_done", j.circuitsDone());
    o.put("error", j.error());
    return o;
  }

  public static JobInfo readJob(JsonNode o) {
    return new JobInfo(
        text(o, "id", "", true), text(o, "backend", "", false), status(text(o, "status", "", true), "status"),
        integer(o, "priority", "", 0), text(o, "client", "", false), readInstant(o, "submitted"),
        readInstant(o, "started"), readInstant(o, "finished"), integer(o, "circuits", "", 0),
        integer(o, "circuits_done", "", 0), text(o, "error", "", false));
  }

  /** A wire status name (queued, running, ...) as a {@link JobStatus}; {@code field} names it in the error. */
  public static JobStatus status(String wire, String field) {
    for (JobStatus s : JobStatus.values()) if (s.wire().equals(wire)) return s;
    throw new WireFormatException(field, "'" + field + "' must be one of queued, running, completed, failed, cancelled;"
        + " got '" + wire + "'");
  }

  public static ObjectNode jobList(List<JobInfo> jobs) {
    ObjectNode o = NODES.objectNode();
    ArrayNode a = o.putArray("jobs");
    jobs.forEach(j -> a.add(job(j)));
    return o;
  }

  public static List<JobInfo> readJobList(JsonNode o) {
    return list(o, "jobs", (n, at) -> readJob(n));
  }

  // ---- results ----

  /** {@code GET /v1/jobs/{id}/result}: the job's id and status, and its results in circuit order. */
  public static ObjectNode results(JobInfo job, List<CircuitResult> results) {
    ObjectNode o = NODES.objectNode();
    o.put("id", job.id());
    o.put("status", job.status().wire());
    ArrayNode a = o.putArray("results");
    results.forEach(r -> a.add(result(r)));
    return o;
  }

  public static ObjectNode result(CircuitResult r) {
    ObjectNode o = NODES.objectNode();
    ObjectNode counts = o.putObject("counts");
    new TreeMap<>(r.counts()).forEach(counts::put);
    o.put("shots", r.shots());
    if (r.memory() != null) {
      ArrayNode m = o.putArray("memory");
      r.memory().forEach(m::add);
    }
    ArrayNode initial = o.putArray("initial_layout");
    if (r.initialLayout() != null) r.initialLayout().forEach(initial::add);
    ArrayNode fin = o.putArray("final_layout");
    if (r.finalLayout() != null) r.finalLayout().forEach(fin::add);
    o.put("swaps", r.swaps());
    o.put("method", r.method());
    if (MpsMethod.NAME.equals(r.method())) {
      o.put("max_bond_dimension", r.maxBondDimension());
      o.put("truncation_error", r.truncationError());
      if (r.estimatedFidelity() != null) o.put("estimated_fidelity", r.estimatedFidelity());
    }
    o.put("calibration_version", r.calibrationVersion());
    if (r.expectations() != null) {
      ArrayNode z = o.putArray("expectations");
      r.expectations().forEach(z::add);
    }
    return o;
  }

  public static List<CircuitResult> readResults(JsonNode o) {
    return list(o, "results", WireFormat::readResult);
  }

  private static CircuitResult readResult(JsonNode o, String at) {
    JsonNode c = o.get("counts");
    if (c == null || !c.isObject()) throw c == null ? missing(at + "counts") : wrongType(at + "counts", "an object", c);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : c.properties()) {
      if (!e.getValue().canConvertToLong()) throw wrongType(at + "counts." + e.getKey(), "an integer", e.getValue());
      counts.put(e.getKey(), e.getValue().longValue());
    }
    List<String> memory = o.hasNonNull("memory") ? list(o, "memory", (n, p) -> n.asText()) : null;
    List<Double> expectations = o.hasNonNull("expectations") ? list(o, "expectations", (n, p) -> n.asDouble()) : null;
    return new CircuitResult(counts, integer(o, "shots", at, 0), memory,
        intList(o, "initial_layout"), intList(o, "final_layout"), integer(o, "swaps", at, 0),
        text(o, "method", at, false), o.path("calibration_version").asLong(-1), o.path("max_bond_dimension").asInt(0),
        o.path("truncation_error").asDouble(0),
        o.hasNonNull("estimated_fidelity") ? o.get("estimated_fidelity").asDouble() : null, expectations);
  }

  // ---- backends, calibration, metrics, events ----

  public static ObjectNode backend(BackendInfo b) {
    ObjectNode o = NODES.objectNode();
    o.put("name", b.name());
    o.put("kind", b.kind());
    o.put("qubits", b.qubits());
    o.put("queue_length", b.queueLength());
    o.put("online", b.online());
    return o;
  }

  public static BackendInfo readBackend(JsonNode o) {
    return new BackendInfo(text(o, "name", "", true), text(o, "kind", "", false), integer(o, "qubits", "", 0),
        integer(o, "queue_length", "", 0), bool(o, "online", "", false));
  }

  public static ObjectNode backendList(List<BackendInfo> backends) {
    ObjectNode o = NODES.objectNode();
    ArrayNode a = o.putArray("backends");
    backends.forEach(b -> a.add(backend(b)));
    return o;
  }

  public static List<BackendInfo> readBackendList(JsonNode o) {
    return list(o, "backends", (n, at) -> readBackend(n));
  }

  /**
   * A calibration snapshot in the shape of published backend properties: seconds, Hz and
   * probabilities, each measured value followed by its one-sigma {@code <name>_stderr} when known.
   */
  public static ObjectNode calibration(CalibrationSnapshot s) {
    ObjectNode o = NODES.objectNode();
    o.put("backend", s.backend());
    o.put("version", s.version());
    o.put("time", instant(s.time()));
    ArrayNode qs = o.putArray("qubits");
    for (QubitCalibration q : s.qubits()) {
      var e = q.stderr();
      ObjectNode n = qs.addObject().put("qubit", q.qubit());
      measured(n, "t1", q.t1(), e.t1());
      measured(n, "t2", q.t2(), e.t2());
      if (Double.isFinite(q.t2Star())) measured(n, "t2_star", q.t2Star(), e.t2Star());
      measured(n, "frequency", q.frequency(), e.frequency());
      measured(n, "readout_p01", q.readoutP01(), e.readoutP01());
      measured(n, "readout_p10", q.readoutP10(), e.readoutP10());
      measured(n, "gate_error", q.gateError(), e.gateError());
      n.put("usable", q.usable());
    }
    ArrayNode cs = o.putArray("couplers");
    for (CouplerCalibration c : s.couplers()) {
      ObjectNode n = cs.addObject().put("a", c.a()).put("b", c.b());
      measured(n, "cz_error", c.czError(), c.stderr().czError());
      measured(n, "residual_zz", c.residualZz(), c.stderr().residualZz());
      n.put("enabled", c.enabled());
    }
    return o;
  }

  /** {@code name: value} and, when known, {@code name_stderr: stderr}. */
  private static void measured(ObjectNode n, String name, double value, double stderr) {
    n.put(name, value);
    if (Double.isFinite(stderr)) n.put(name + "_stderr", stderr);
  }

  public static CalibrationSnapshot readCalibration(JsonNode o) {
    List<QubitCalibration> qubits = list(o, "qubits", (q, at) -> new QubitCalibration(
        integer(q, "qubit", at, 0), number(q, "t1", at), number(q, "t2", at), number(q, "frequency", at),
        number(q, "readout_p01", at), number(q, "readout_p10", at), number(q, "gate_error", at),
        bool(q, "usable", at, true), optionalNumber(q, "t2_star", at),
        new CalibrationSnapshot.QubitStderr(optionalNumber(q, "t1_stderr", at), optionalNumber(q, "t2_star_stderr", at),
            optionalNumber(q, "t2_stderr", at), optionalNumber(q, "frequency_stderr", at),
            optionalNumber(q, "readout_p01_stderr", at), optionalNumber(q, "readout_p10_stderr", at),
            optionalNumber(q, "gate_error_stderr", at))));
    List<CouplerCalibration> couplers = list(o, "couplers", (c, at) -> new CouplerCalibration(
        integer(c, "a", at, 0), integer(c, "b", at, 0), number(c, "cz_error", at), number(c, "residual_zz", at),
        bool(c, "enabled", at, true),
        new CalibrationSnapshot.CouplerStderr(optionalNumber(c, "cz_error_stderr", at), optionalNumber(c, "residual_zz_stderr", at))));
    return new CalibrationSnapshot(text(o, "backend", "", true), o.path("version").asLong(),
        readInstant(o, "time"), qubits, couplers);
  }

  public static ObjectNode metrics(Metrics m) {
    ObjectNode o = NODES.objectNode();
    ObjectNode depth = o.putObject("queue_depth");
    new TreeMap<>(m.queueDepth()).forEach(depth::put);
    o.put("jobs_accepted", m.jobsAccepted());
    o.put("jobs_completed", m.jobsCompleted());
    o.put("chip_runs", m.chipRuns());
    o.put("circuits_run", m.circuitsRun());
    o.put("runs_per_second", m.runsPerSecond());
    o.put("circuits_per_second", m.circuitsPerSecond());
    o.put("utilisation", m.utilisation());
    ObjectNode latency = o.putObject("latency_seconds");
    new TreeMap<>(m.latencySeconds()).forEach(latency::put);
    return o;
  }

  public static ObjectNode event(JobEvent e) {
    ObjectNode o = NODES.objectNode();
    o.put("job_id", e.jobId());
    o.put("type", e.type());
    o.put("time", instant(e.time()));
    if (e.circuit() != null) o.put("circuit", e.circuit());
    if (e.message() != null) o.put("message", e.message());
    return o;
  }

  public static JobEvent readEvent(JsonNode o) {
    return new JobEvent(text(o, "job_id", "", true), text(o, "type", "", true), readInstant(o, "time"),
        o.hasNonNull("circuit") ? integer(o, "circuit", "", 0) : null, text(o, "message", "", false));
  }

  /** Whether an event of this type ends its job's stream. */
  public static boolean isFinalEvent(String type) {
    return type.equals("completed") || type.equals("failed") || type.equals("cancelled");
  }

  // ---- training ----

  /**
   * Reads {@code POST /v1/training}: session is required; adapter defaults to qtha, mode to exact,
   * steps to the configured number, seed to 1, tiny to false.
   */
  public static TrainerManager.Request readTrainingRequest(JsonNode o) {
    String session = text(o, "session", "", true);
    String adapter = text(o, "adapter", "", false);
    String mode = text(o, "mode", "", false);
    JsonNode steps = o.get("steps");
    Integer n = steps == null || steps.isNull() ? null : integer(o, "steps", "", 0);
    JsonNode seed = o.get("seed");
    if (seed != null && !seed.isNull() && !(seed.isIntegralNumber() && seed.canConvertToLong())) {
      throw wrongType("seed", "an integer", seed);
    }
    boolean tiny = bool(o, "tiny", "", false);
    AdapterKind kind = field("adapter", () -> AdapterKind.parse(adapter == null ? "qtha" : adapter));
    QuantumLayers.Mode m = field("mode", () -> QuantumLayers.Mode.parse(mode == null ? "exact" : mode));
    return field("session", () -> new TrainerManager.Request(session, kind, m, n,
        seed == null || seed.isNull() ? 1 : seed.longValue(), tiny));
  }

  /** One session's status; loss and accuracy are null until there is one. */
  public static ObjectNode trainingStatus(TrainerManager.SessionStatus s) {
    ObjectNode o = NODES.objectNode();
    o.put("session", s.sessionId());
    o.put("adapter", s.adapter().label());
    o.put("mode", s.mode().name().toLowerCase(Locale.ROOT));
    o.put("state", s.state().name().toLowerCase(Locale.ROOT));
    o.put("step", s.step());
    o.put("steps", s.totalSteps());
    putNumber(o, "loss", s.lastLoss());
    o.put("circuits", s.circuits());
    o.put("quantum_seconds", s.quantumSeconds());
    o.put("wall_seconds", s.wallSeconds());
    o.put("trainable_parameters", s.trainableParameters());
    putNumber(o, "accuracy", s.accuracy());
    o.put("checkpoint", s.checkpoint());
    if (s.message() != null) o.put("message", s.message());
    return o;
  }

  public static ObjectNode trainingList(List<TrainerManager.SessionStatus> sessions) {
    ObjectNode o = NODES.objectNode();
    ArrayNode a = o.putArray("sessions");
    sessions.forEach(s -> a.add(trainingStatus(s)));
    return o;
  }

  /** A training event: {@code type} is started, progress, checkpointed, paused, resumed, finished, stopped or failed. */
  public static ObjectNode trainingEvent(TrainerEvent e) {
    ObjectNode o = NODES.objectNode();
    o.put("session", e.sessionId());
    o.put("type", trainingEventType(e));
    o.put("step", e.step());
    if (e instanceof TrainerEvent.Started s) {
      o.put("trainable_parameters", s.trainableParameters());
    } else if (e instanceof TrainerEvent.Progress p) {
      putNumber(o, "loss", p.loss());
      o.put("circuits", p.circuits());
      o.put("quantum_seconds", p.quantumSeconds());
      o.put("wall_seconds", p.wallSeconds());
      if (p.chip() != null) {
        o.put("circuits_per_second", p.quantumSeconds() > 0 ? p.circuits() / p.quantumSeconds() : 0);
        // shots mode samples without a chip: no chip seconds, nothing packed
        if (p.chip().chipSeconds() != null) o.put("chip_seconds", p.chip().chipSeconds());
        o.put("dedup_hit_rate", p.chip().dedupHitRate());
        if (p.chip().packingUtilisation() != null) o.put("packing_utilisation", p.chip().packingUtilisation());
      }
    } else if (e instanceof TrainerEvent.Checkpointed c) {
      o.put("checkpoint", c.path());
    } else if (e instanceof TrainerEvent.Finished f) {
      putNumber(o, "accuracy", f.accuracy());
      o.put("checkpoint", f.checkpoint());
    } else if (e instanceof TrainerEvent.Stopped s) {
      o.put("checkpoint", s.checkpoint());
    } else if (e instanceof TrainerEvent.Failed f) {
      o.put("message", f.message());
    }
    return o;
  }

  public static String trainingEventType(TrainerEvent e) {
    return e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  /** A finite number, or null: JSON has no NaN. */
  private static void putNumber(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) o.put(name, v);
    else o.putNull(name);
  }

  /** Runs a parse whose IllegalArgumentException is the client's mistake in {@code field}. */
  private static <T> T field(String name, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new WireFormatException(name, e.getMessage());
    }
  }

  // ---- field readers ----

  /** A circuit's simulation method: {@code "method"} in its {@code "options"} (or on the circuit itself), auto when absent. */
  private static String method(JsonNode c, String prefix) {
    JsonNode options = c.get("options");
    String m = null;
    String at = prefix;
    if (options != null && !options.isNull()) {
      if (!options.isObject()) throw wrongType(prefix + "options", "an object", options);
      at = prefix + "options.";
      m = text(options, "method", at, false);
    }
    if (m == null) {
      at = prefix;
      m = text(c, "method", prefix, false);
    }
    if (m == null) return MethodChooser.AUTO;
    if (!MethodChooser.NAMES.contains(m)) {
      throw new WireFormatException(at + "method", "field '" + at + "method' must be one of " + String.join(", ", MethodChooser.NAMES)
          + ", got '" + m + "'");
    }
    return m;
  }

  private static String text(JsonNode o, String name, String prefix, boolean required) {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      if (required) throw missing(prefix + name);
      return null;
    }
    if (!n.isTextual()) throw wrongType(prefix + name, "a string", n);
    return n.textValue();
  }

  private static int integer(JsonNode o, String name, String prefix, int absent) {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) return absent;
    if (!n.isIntegralNumber() || !n.canConvertToInt()) throw wrongType(prefix + name, "an integer", n);
    return n.intValue();
  }

  private static double number(JsonNode o, String name, String prefix) {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) throw missing(prefix + name);
    if (!n.isNumber()) throw wrongType(prefix + name, "a number", n);
    return n.doubleValue();
  }

  /** A number that may be absent (NaN then). */
  private static double optionalNumber(JsonNode o, String name, String prefix) {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) return Double.NaN;
    if (!n.isNumber()) throw wrongType(prefix + name, "a number", n);
    return n.doubleValue();
  }

  private static boolean bool(JsonNode o, String name, String prefix, boolean absent) {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) return absent;
    if (!n.isBoolean()) throw wrongType(prefix + name, "true or false", n);
    return n.booleanValue();
  }

  /** A circuit's "parameters" and OpenQASM 3 "inputs" (numbers, or booleans read as 1 and 0), which both bind inputs. */
  private static Map<String, Double> parameters(JsonNode c, String prefix) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String field : List.of("parameters", "inputs")) {
      JsonNode p = c.get(field);
      if (p == null || p.isNull()) continue;
      if (!p.isObject()) throw wrongType(prefix + field, "an object of name: number", p);
      for (Map.Entry<String, JsonNode> e : p.properties()) {
        JsonNode v = e.getValue();
        boolean bool = field.equals("inputs") && v.isBoolean();
        if (!v.isNumber() && !bool) {
          throw wrongType(prefix + field + "." + e.getKey(), field.equals("inputs") ? "a number, true or false" : "a number", v);
        }
        if (out.put(e.getKey(), bool ? (v.booleanValue() ? 1.0 : 0.0) : v.doubleValue()) != null) {
          throw new WireFormatException(prefix + field + "." + e.getKey(), "'" + e.getKey()
              + "' is given in both parameters and inputs of " + prefix.substring(0, prefix.length() - 1) + "; expected it once");
        }
      }
    }
    return out;
  }

  private static <T> List<T> list(JsonNode o, String name, BiFunction<JsonNode, String, T> item) {
    JsonNode a = o.get(name);
    if (a == null || a.isNull()) throw missing(name);
    if (!a.isArray()) throw wrongType(name, "an array", a);
    List<T> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) out.add(item.apply(a.get(i), name + "[" + i + "]."));
    return out;
  }

  private static List<Integer> intList(JsonNode o, String name) {
    JsonNode a = o.get(name);
    if (a == null || a.isNull()) return List.of();
    List<Integer> out = new ArrayList<>(a.size());
    a.forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static String instant(Instant t) { return t == null ? null : t.toString(); }

  private static Instant readInstant(JsonNode o, String name) {
    String s = text(o, name, "", false);
    if (s == null) return null;
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new WireFormatException(name, "field '" + name + "' must be an ISO-8601 instant, got '" + s + "'");
    }
  }

  private static WireFormatException missing(String field) {
    return new WireFormatException(field, "missing field '" + field + "'");
  }

  private static WireFormatException wrongType(String field, String expected, JsonNode got) {
    return new WireFormatException(field, "field '" + field + "' must be " + expected + ", got " + kind(got));
  }

  private static String kind(JsonNode n) {
    String shown = n.toString();
    if (shown.length() > 40) shown = shown.substring(0, 37) + "...";
    return n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + shown;
  }
}
