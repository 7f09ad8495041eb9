package io.qubitd.scheduler;

import io.qubitd.backend.ChipRunResult;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.backend.IdealExecutor;
import io.qubitd.kernel.SimulationResult;
import io.qubitd.scheduler.BatchRun.Completed;
import io.qubitd.scheduler.BatchRun.Done;
import io.qubitd.scheduler.BatchRun.Failure;
import io.qubitd.scheduler.BatchRun.Task;
import io.qubitd.scheduler.Jobs.CircuitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** What a BatchRun computes, off the actors' threads: parse, pack, simulate each region as its own task. */
final class BatchWork {
  private BatchWork() {}

  /** Parses and packs on {@code executor}, then simulates the placed circuits in parallel on {@code regions}. */
  static CompletableFuture<Completed> chip(BatchRun.ChipTarget target, CalibrationSnapshot snapshot, ChipTruth truth,
      List<Task> tasks, Executor executor, RegionSimulator regions) {
    return CompletableFuture.supplyAsync(() -> pack(target, snapshot, tasks), executor).thenCompose(p -> {
      List<CompletableFuture<Object>> simulated = new ArrayList<>();
      for (Packer.Placed placed : p.packing().placed()) {
        int k = placed.candidate();
        Task task = p.parsedTasks().get(k);
        Circuit circuit = p.circuits().get(k);
        CompletableFuture<ChipRunResult> run;
        try {
          run = regions.simulate(placed.compiled(), circuit, truth, task.circuit().shots(), task.seed(), snapshot.version(),
              task.circuit().method());
        } catch (RuntimeException e) {
          run = CompletableFuture.failedFuture(e);
        }
        simulated.add(run.<Object>thenApply(r -> new Done(task, new CircuitResult(r.counts(), r.shots(), null,
                r.initialLayout(), r.finalLayout(), r.swaps(), r.method(), r.snapshotVersion(), r.maxBondDimension(),
                r.truncationError())))
            .exceptionally(e -> new Failure(task, reason(e))));
      }
      List<Failure> failed = new ArrayList<>(p.parseFailures());
      for (Map.Entry<Integer, String> f : p.packing().failed().entrySet()) {
        failed.add(new Failure(p.parsedTasks().get(f.getKey()), f.getValue()));
      }
      List<Task> deferred = new ArrayList<>();
      for (int k : p.packing().deferred()) deferred.add(p.parsedTasks().get(k));
      int busy = p.packing().busyQubits();
      return gather(simulated, failed, deferred, snapshot, busy);
    });
  }

  /** Runs every task on the noiseless simulator, in parallel on {@code executor}. */
  static CompletableFuture<Completed> ideal(IdealExecutor simulator, List<Task> tasks, Executor executor) {
    List<CompletableFuture<Object>> runs = new ArrayList<>();
    for (Task task : tasks) {
      runs.add(CompletableFuture.supplyAsync(() -> {
        SimulationResult r = simulator.run(parse(task), task.circuit().shots(), task.seed(), task.memory(), task.circuit().method());
        return (Object) new Done(task, new CircuitResult(r.counts(), r.shots(), r.memory(), List.of(), List.of(), 0,
            r.method(), -1, r.maxBondDimension(), r.truncationError()));
      }, executor).exceptionally(e -> new Failure(task, reason(e))));
    }
    return gather(runs, new ArrayList<>(), List.of(), null, 0);
  }

  private static CompletableFuture<Completed> gather(List<CompletableFuture<Object>> runs, List<Failure> failed,
      List<Task> deferred, CalibrationSnapshot snapshot, int busy) {
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<Done> done = new ArrayList<>();
      for (CompletableFuture<Object> f : runs) {
        Object o = f.join();
        if (o instanceof Done d) done.add(d);
        else failed.add((Failure) o);
      }
      return new Completed(done, failed, deferred, snapshot, busy);
    });
  }

  private record Parsed(List<Task> parsedTasks, List<Circuit> circuits, List<Failure> parseFailures, Packer.Packing packing) {}

  private static Parsed pack(BatchRun.ChipTarget target, CalibrationSnapshot snapshot, List<Task> tasks) {
    List<Task> ok = new ArrayList<>();
    List<Circuit> circuits = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (Task t : tasks) {
      try {
        circuits.add(parse(t));
        ok.add(t);
      } catch (RuntimeException e) {
        failures.add(new Failure(t, reason(e)));
      }
    }
    Packer.Packing packing = Packer.pack(circuits, snapshot, target.executor(), target.topology(), target.margin(),
        target.maxRegions());
    return new Parsed(ok, circuits, failures, packing);
  }

  static Circuit parse(Task t) {
    return QasmParser.parse(t.circuit().qasm(), t.jobId() + "[" + t.index() + "]", t.circuit().parameters());
  }

  private static String reason(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
