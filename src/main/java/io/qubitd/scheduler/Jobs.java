package io.qubitd.scheduler;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.qubitd.serialization.JsonSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job data clients and the daemon exchange, by HTTP/JSON or as Pekko messages: plain,
 * immutable and serializable. The HTTP wire names (snake_case) are the API's business.
 */
public final class Jobs {
  private Jobs() {}

  /** One circuit of a job: OpenQASM 2 or 3 text, shots, and values for its {@code input float} parameters. */
  public record CircuitSpec(String qasm, int shots, Map<String, Double> parameters, String method) implements JsonSerializable {
    public CircuitSpec {
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
      method = method == null ? io.qubitd.kernel.MethodChooser.AUTO : method;
    }

    /** A circuit run by the automatically chosen simulation method. */
    public CircuitSpec(String qasm, int shots, Map<String, Double> parameters) { this(qasm, shots, parameters, null); }
  }

  /**
   * A job as submitted.
   *
   * @param client   who submitted it (fair share is between clients); "anonymous" when not given
   * @param priority higher runs first; equal priorities share the chip fairly between clients
   * @param memory   whether per-shot bitstrings are kept
   * @param idempotencyKey the client's name for this submission (null: none): the same client submitting
   *                 the same key to the same backend gets the same job, across restarts
   * @param budget   the submitting tenant's own budgets, checked besides the daemon's (null: the daemon's only)
   */
  public record JobRequest(String backend,
      @JsonSerialize(using = CircuitsJson.Writer.class) @JsonDeserialize(using = CircuitsJson.Reader.class) List<CircuitSpec> circuits,
      int priority, String client, boolean memory,
      String idempotencyKey, Budget budget) implements JsonSerializable {
    public JobRequest {
      circuits = circuits == null ? List.of() : List.copyOf(circuits);
      client = client == null || client.isBlank() ? "anonymous" : client;
    }

    /** A request without tenant budgets. */
    public JobRequest(String backend, List<CircuitSpec> circuits, int priority, String client, boolean memory,
        String idempotencyKey) {
      this(backend, circuits, priority, client, memory, idempotencyKey, null);
    }

    /** A request without an idempotency key. */
    public JobRequest(String backend, List<CircuitSpec> circuits, int priority, String client, boolean memory) {
      this(backend, circuits, priority, client, memory, null, null);
    }

    /** The same request under {@code key}. */
    public JobRequest withIdempotencyKey(String key) {
      return new JobRequest(backend, circuits, priority, client, memory, key, budget);
    }

    /** The same request held to {@code b} as well. */
    public JobRequest withBudget(Budget b) {
      return new JobRequest(backend, circuits, priority, client, memory, idempotencyKey, b);
    }
  }

  /**
   * A tenant's own cost budgets for each of its jobs, below the daemon's.
   *
   * @param tenant             whose quotas these are (named in refusals)
   * @param operationShots     the job's operations x shots, summed over its circuits, at most
   * @param circuitMemory      bytes of simulation state one of its circuits may need, at most
   */
  public record Budget(String tenant, long operationShots, long circuitMemory) implements JsonSerializable {}

  /** A job's lifecycle; the wire form is the lower-case name. */
  public enum JobStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    @JsonValue
    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public boolean isFinal() { return this == COMPLETED || this == FAILED || this == CANCELLED; }
  }

  /** What is known of a job now. {@code started}, {@code finished} and {@code error} may be null. */
  public record JobInfo(
      String id, String backend, JobStatus status, int priority, String client, Instant submitted,
      Instant started, Instant finished, int circuits, int circuitsDone, String error) implements JsonSerializable {}

  /**
   * One circuit's result: counts keyed by bitstring (highest classical bit leftmost, registers
   * separated by a space, last declared leftmost), and where it ran on the chip.
   *
   * @param memory        per-shot bitstrings in order, or null unless the job asked for them
   * @param initialLayout physical qubit of each logical qubit (empty on the ideal backend)
   * @param calibrationVersion the snapshot the circuit was compiled against (-1 on the ideal backend)
   * @param expectations ⟨Z⟩ of each classical bit (bit 0 first) from the final state, exact whatever
   *                     the shots, for circuits run as a family of bindings; null otherwise
   * @param estimatedFidelity for the MPS: Π(1 − ε) over the truncations of the worst trajectory, the
   *                     fidelity to the exact state it estimates; null for exact methods (and for
   *                     results journaled before the field existed)
   */
  public record CircuitResult(
      Map<String, Long> counts, int shots, List<String> memory, List<Integer> initialLayout,
      List<Integer> finalLayout, int swaps, String method, long calibrationVersion, int maxBondDimension,
      double truncationError, Double estimatedFidelity, List<Double> expectations) implements JsonSerializable {

    /** A result of a method without bonds (all but the MPS) and without exact expectations. */
    public CircuitResult(Map<String, Long> counts, int shots, List<String> memory, List<Integer> initialLayout,
        List<Integer> finalLayout, int swaps, String method, long calibrationVersion) {
      this(counts, shots, memory, initialLayout, finalLayout, swaps, method, calibrationVersion, 0, 0, null, null);
    }

    /** A result with its MPS bond, truncation error and estimated fidelity, without exact expectations. */
    public CircuitResult(Map<String, Long> counts, int shots, List<String> memory, List<Integer> initialLayout,
        List<Integer> finalLayout, int swaps, String method, long calibrationVersion, int maxBondDimension,
        double truncationError, double estimatedFidelity) {
      this(counts, shots, memory, initialLayout, finalLayout, swaps, method, calibrationVersion, maxBondDimension,
          truncationError, estimatedFidelity, null);
    }

    /** A result with exact expectations (circuit families), no bonds. */
    public CircuitResult(Map<String, Long> counts, int shots, List<String> memory, List<Integer> initialLayout,
        List<Integer> finalLayout, int swaps, String method, long calibrationVersion, List<Double> expectations) {
      this(counts, shots, memory, initialLayout, finalLayout, swaps, method, calibrationVersion, 0, 0, null,
          expectations);
    }
  }

  /**
   * Many bindings of one circuit with {@code input} parameters, run as a family and not journaled:
   * training traffic, which its session resends after a restart.
   *
   * @param shots 0 asks for exact expectations only (no counts)
   */
  public record BatchRequest(String backend, String qasm, List<Map<String, Double>> bindings, int shots, String client)
      implements JsonSerializable {
    public BatchRequest {
      bindings = bindings == null ? List.of() : List.copyOf(bindings);
      client = client == null || client.isBlank() ? "anonymous" : client;
    }
  }

  /**
   * Something that happened to a job, for event streams.
   *
   * @param type    one of queued, compiled, running, circuit_done, completed, failed, cancelled
   * @param circuit the circuit's index for circuit_done, else null
   * @param message a failure's reason, else null
   */
  public record JobEvent(String jobId, String type, Instant time, Integer circuit, String message)
      implements JsonSerializable {}

  /** A backend as listed to clients. {@code kind} is "simulator" or "chip". */
  public record BackendInfo(String name, String kind, int qubits, int queueLength, boolean online)
      implements JsonSerializable {}
}
