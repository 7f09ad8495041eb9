package io.qubitd.scheduler;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.circuit.Circuit;
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
   * compiles on {@code snapshot}; on the ideal backend, that it has at most {@code s.idealMaxQubits()} qubits.
   * Null when every circuit fits.
   */
  static Rejection checkCircuits(JobRequest r, SchedulerSettings s, ChipExecutor executor, CalibrationSnapshot snapshot) {
    // bindings of one circuit share its structure: checking one binding checks them all
    java.util.Set<String> checked = new java.util.HashSet<>();
    for (int i = 0; i < r.circuits().size(); i++) {
      CircuitSpec spec = r.circuits().get(i);
      if (!spec.parameters().isEmpty() && !checked.add(new java.util.TreeSet<>(spec.parameters().keySet()) + spec.qasm())) continue;
      Circuit c;
      try {
        c = QasmParser.parse(spec.qasm(), "circuit[" + i + "]", spec.parameters());
      } catch (QasmException e) {
        return new Rejection(400, e.getMessage());
      } catch (IllegalArgumentException e) {
        return new Rejection(400, "circuit " + i + ": " + e.getMessage());
      }
      if (c.numClbits() > 64) {
        return new Rejection(400, "circuit " + i + " has " + c.numClbits() + " classical bits; at most 64 are supported");
      }
      if (executor == null) {
        if (c.numQubits() > s.idealMaxQubits()) {
          return new Rejection(400, "circuit " + i + " has " + c.numQubits() + " qubits; the ideal backend takes at most "
              + s.idealMaxQubits());
        }
        continue;
      }
      try {
        executor.compile(c, snapshot, null);
      } catch (IllegalArgumentException e) {
        return new Rejection(400, "circuit " + i + " does not fit backend '" + r.backend() + "': " + e.getMessage());
      }
    }
    return null;
  }
}
