package io.qubitd.scheduler;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.backend.IdealExecutor;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.OperationBudgetException;
import io.qubitd.circuit.qasm.QasmException;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.scheduler.GatewayProtocol.Rejection;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobRequest;

/** Checks a submitted job before it is persisted; each refusal names the input and the limit. Pure code. */
final class Submission {
  private Submission() {}

  /** Circuit and shot limits, and options the backend lacks; null when the request is within them. */
  static Rejection checkLimits(JobRequest r, SchedulerSettings s, boolean chip) {
    int n = r.circuits().size();
    if (n == 0) return new Rejection(400, "a job needs at least one circuit; 'circuits' is empty");
    if (n > s.maxCircuitsPerJob()) {
      return new Rejection(413, "a job may hold at most " + s.maxCircuitsPerJob() + " circuits, got " + n
          + "; split it into several jobs");
    }
    for (int i = 0; i < n; i++) {
      CircuitSpec c = r.circuits().get(i);
      if (c == null || c.qasm() == null || c.qasm().isBlank()) return new Rejection(400, "circuit " + i + " has no 'qasm' text");
      boolean exact = chip && c.shots() == 0 && !c.parameters().isEmpty();
      if (c.shots() < 1 && !exact) {
        return new Rejection(400, "circuit " + i + " asks for " + c.shots() + " shots; at least 1 is needed"
            + " (0, for exact expectations, is for circuits with input parameters on a chip)");
      }
      if (c.shots() > s.maxShots()) {
        return new Rejection(413, "circuit " + i + " asks for " + c.shots() + " shots; the limit is " + s.maxShots());
      }
    }
    if (chip && r.memory()) {
      return new Rejection(400, "per-shot memory is available on the ideal backend only; backend '" + r.backend()
          + "' returns counts");
    }
    return null;
  }

  /** Limits of a batch of bindings (not journaled); null when it is within them. */
  static Rejection checkBatch(Jobs.BatchRequest b, SchedulerSettings s, boolean chip, int pendingBatches) {
    if (!chip) return new Rejection(400, "batches of bindings run on chips; backend '" + b.backend() + "' is the ideal simulator");
    if (b.qasm() == null || b.qasm().isBlank()) return new Rejection(400, "a batch needs the circuit's 'qasm' text");
    int n = b.bindings().size();
    if (n == 0) return new Rejection(400, "a batch needs at least one binding; 'bindings' is empty");
    if (n > s.maxCircuitsPerJob()) {
      return new Rejection(413, "a batch may hold at most " + s.maxCircuitsPerJob() + " bindings, got " + n + "; split it");
    }
    if (b.shots() < 0) return new Rejection(400, "a batch asks for " + b.shots() + " shots; use 0 for exact expectations or more");
    if (b.shots() > s.maxShots()) return new Rejection(413, "a batch asks for " + b.shots() + " shots; the limit is " + s.maxShots());
    if (pendingBatches >= s.maxQueuedJobs()) {
      return new Rejection(429, "already " + pendingBatches + " batches waiting (limit " + s.maxQueuedJobs() + "); retry later");
    }
    return null;
  }

  /**
   * Parses every circuit and checks it fits the backend: on a chip ({@code executor} not null), that it
   * compiles on {@code snapshot} and a simulation method takes that many qubits; on the ideal backend,
   * that a simulation method (the one asked for, or any) takes it, by its operations and memory.
   * Null when every circuit fits.
   */
  static Rejection checkCircuits(JobRequest r, SchedulerSettings s, IdealExecutor ideal, ChipExecutor executor,
      CalibrationSnapshot snapshot) {
    long cost = 0;
    // bindings of one circuit share its structure: checking one binding checks them all
    java.util.Set<String> checked = new java.util.HashSet<>();
    for (int i = 0; i < r.circuits().size(); i++) {
      CircuitSpec spec = r.circuits().get(i);
      if (!spec.parameters().isEmpty() && !checked.add(new java.util.TreeSet<>(spec.parameters().keySet()) + spec.qasm())) continue;
      Circuit c;
      try {
        c = QasmParser.parse(spec.qasm(), "circuit[" + i + "]", spec.parameters(),
            s.circuitReading(executor == null ? null : executor.spec()));
      } catch (OperationBudgetException e) {
        return new Rejection(413, "circuit " + i + " expands to more than " + e.limit()
            + " operations (budget qubitd.scheduler.max-operations-per-circuit); split or shorten it");
      } catch (QasmException e) {
        return new Rejection(400, e.getMessage());
      } catch (IllegalArgumentException e) {
        return new Rejection(400, "circuit " + i + ": " + e.getMessage());
      }
      cost = Math.addExact(cost, Math.multiplyExact((long) Math.max(1, c.operations().size()), spec.shots()));
      if (cost > s.maxOperationShotsPerJob()) {
        return new Rejection(413, "the job's cost reaches " + cost + " operation-shots by circuit " + i
            + " (operations x shots, summed over circuits); the budget qubitd.scheduler.max-operation-shots-per-job is "
            + s.maxOperationShotsPerJob() + "; use fewer shots or circuits");
      }
      if (r.budget() != null && cost > r.budget().operationShots()) {
        return new Rejection(413, "the job's cost reaches " + cost + " operation-shots by circuit " + i
            + " (operations x shots, summed over circuits); tenant '" + r.budget().tenant()
            + "' quota operation-shots-per-job is " + r.budget().operationShots() + "; use fewer shots or circuits");
      }

      if (executor == null) {
        try {
          ideal.choose(c, spec.method());
        } catch (IllegalArgumentException e) {
          return new Rejection(400, "circuit " + i + " cannot run on backend '" + r.backend() + "': " + e.getMessage());
        }
      } else {
        try {
          var compiled = executor.compile(c, snapshot, null);
          executor.admit(compiled.schedule(), spec.method());
        } catch (IllegalArgumentException e) {
          return new Rejection(400, "circuit " + i + " does not fit backend '" + r.backend() + "': " + e.getMessage());
        }
      }
      long bytes = executor == null ? BatchWork.idealBytes(ideal, c, spec.method()) : BatchWork.stateBytes(c);
      Rejection memory = checkMemory(i, c, bytes, s);
      if (memory != null) return memory;
      if (r.budget() != null && bytes > r.budget().circuitMemory()) {
        return new Rejection(413, "circuit " + i + " on " + c.numQubits() + " qubits needs " + bytes
            + " bytes of simulation state; tenant '" + r.budget().tenant() + "' quota circuit-memory is "
            + r.budget().circuitMemory() + " bytes");
      }
    }
    return null;
  }

  private static Rejection checkMemory(int i, Circuit c, long bytes, SchedulerSettings s) {
    if (bytes <= s.simulationMemory()) return null;
    return new Rejection(413, "circuit " + i + " on " + c.numQubits() + " qubits needs " + bytes
        + " bytes of simulation state; the budget qubitd.scheduler.simulation-memory is " + s.simulationMemory()
        + " bytes (the JVM heap less a quarter when auto)");
  }
}
