package io.qubitd.scheduler;

import io.qubitd.backend.IdealPrograms;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.kernel.Program;
import io.qubitd.kernel.SimulationMethod;
import io.qubitd.kernel.mps.MpsMethod;

import io.qubitd.backend.ChipRunResult;
import io.qubitd.backend.FamilyCompiler;
import io.qubitd.backend.FamilyRun;
import io.qubitd.backend.ParametricFamily;
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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** What a BatchRun computes, off the actors' threads: parse, pack, simulate each region as its own task. */
final class BatchWork {
  private BatchWork() {}

  /**
   * Parses and packs on {@code executor}, then simulates the placed circuits in parallel on {@code regions},
   * or, when {@code regions} is null, on {@code executor} under {@code control} (stoppable, admitted by memory).
   */
  static CompletableFuture<Completed> chip(BatchRun.ChipTarget target, CalibrationSnapshot snapshot, ChipTruth truth,
      List<Task> tasks, Executor executor, RegionSimulator regions, RunControl control, QasmSettings reading) {
    Families families = Families.of(target.executor().families(), tasks, reading);
    if (families.family() != null) return family(target, snapshot, truth, families, executor);
    if (!families.refused().isEmpty()) {
      return chip(target, snapshot, truth, families.others(), executor, regions, control, reading).thenApply(c -> {
        List<Failure> failed = new ArrayList<>(c.failed());
        failed.addAll(families.refused());
        return new Completed(c.done(), failed, c.deferred(), c.snapshot(), c.busyQubits());
      });
    }
    RegionSimulator simulator = regions;
    return CompletableFuture.supplyAsync(() -> pack(target, snapshot, tasks, reading), executor).thenCompose(p -> {
      List<CompletableFuture<Object>> simulated = new ArrayList<>();
      for (Packer.Placed placed : p.packing().placed()) {
        int k = placed.candidate();
        Task task = p.parsedTasks().get(k);
        Circuit circuit = p.circuits().get(k);
        CompletableFuture<ChipRunResult> run;
        try {
          run = simulator != null
              ? control.remote(task, simulator.simulate(placed.compiled(), circuit, truth, task.circuit().shots(), task.seed(),
                  snapshot, task.circuit().method()))
              : CompletableFuture.supplyAsync(() -> control.run(task, stateBytes(circuit), () -> target.executor()
                  .simulate(placed.compiled(), circuit, truth, task.circuit().shots(), task.seed(), snapshot,
                      task.circuit().method())), executor);
        } catch (RuntimeException e) {
          run = CompletableFuture.failedFuture(e);
        }
        simulated.add(run.<Object>thenApply(r -> new Done(task, new CircuitResult(r.counts(), r.shots(), null,
                r.initialLayout(), r.finalLayout(), r.swaps(), r.method(), r.snapshotVersion(), r.maxBondDimension(),
                r.truncationError(), r.estimatedFidelity())))
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

  /**
   * The tasks of the largest group sharing one circuit with inputs, when it is a family; tasks asking
   * for 0 shots outside any family are refused (exact expectations need one).
   */
  private record Families(ParametricFamily family, List<Task> members, List<Task> others, List<Failure> refused) {
    static Families of(FamilyCompiler compiler, List<Task> tasks, QasmSettings reading) {
      // keyed by (input names, text): the text's hash is cached in the String, so thousands of bindings group in linear time
      Map<List<Object>, List<Task>> groups = new LinkedHashMap<>();
      for (Task t : tasks) {
        if (t.circuit().parameters().isEmpty()) continue;
        groups.computeIfAbsent(List.of(t.circuit().parameters().keySet(), t.circuit().qasm()), k -> new ArrayList<>()).add(t);
      }
      List<Failure> refused = new ArrayList<>();
      List<Task> others = new ArrayList<>(tasks);
      List<List<Task>> bySize = new ArrayList<>(groups.values());
      bySize.sort((a, b) -> b.size() - a.size());
      for (List<Task> group : bySize) {
        Task head = group.get(0);
        try {
          ParametricFamily f = compiler.family(head.circuit().qasm(), head.circuit().parameters().keySet(), reading);
          Set<Task> members = Collections.newSetFromMap(new IdentityHashMap<>());
          members.addAll(group);
          others.removeIf(members::contains);
          return new Families(f, group, others, refused);
        } catch (RuntimeException e) {
          for (Task t : group) {
            if (t.circuit().shots() == 0) {
              refused.add(new Failure(t, "0 shots (exact expectations) needs a circuit family: " + reason(e)));
              others.remove(t);
            }
          }
        }
      }
      return new Families(null, List.of(), others, refused);
    }
  }

  /** One family run: the family's bindings on its regions; everything else waits for a later run. */
  private static CompletableFuture<Completed> family(BatchRun.ChipTarget target, CalibrationSnapshot snapshot, ChipTruth truth,
      Families families, Executor executor) {
    FamilyCompiler compiler = target.executor().families();
    ParametricFamily f = families.family();
    List<Task> ok = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    List<Failure> failed = new ArrayList<>(families.refused());
    for (Task t : families.members()) {
      try {
        values.add(f.values(t.circuit().parameters()));
        ok.add(t);
      } catch (IllegalArgumentException e) {
        failed.add(new Failure(t, e.getMessage()));
      }
    }
    int[] shots = new int[ok.size()];
    long[] seeds = new long[ok.size()];
    for (int i = 0; i < shots.length; i++) {
      shots[i] = ok.get(i).circuit().shots();
      seeds[i] = ok.get(i).seed();
    }
    int maxRegions = target.maxRegions() == 1 ? 1 : compiler.settings().maxRegions();
    CompletableFuture<FamilyRun.Result> run;
    try {
      run = ok.isEmpty() ? CompletableFuture.completedFuture(new FamilyRun.Result(List.of(), 0, 0))
          : FamilyRun.run(compiler, f, snapshot, truth, values, shots, seeds, compiler.settings().margin(), maxRegions, executor);
    } catch (RuntimeException e) {
      run = CompletableFuture.failedFuture(e);
    }
    return run.handle((r, e) -> {
      List<Done> done = new ArrayList<>();
      if (e != null) {
        for (Task t : ok) failed.add(new Failure(t, reason(e)));
        return new Completed(done, failed, families.others(), snapshot, 0);
      }
      for (int i = 0; i < ok.size(); i++) {
        FamilyRun.BindingResult b = r.results().get(i);
        done.add(new Done(ok.get(i), new CircuitResult(b.counts(), b.shots(), null, b.initialLayout(), b.finalLayout(), 0,
            "batched-density-matrix", snapshot.version(), b.expectations())));
      }
      return new Completed(done, failed, families.others(), snapshot, r.busyQubits(), r.chipSeconds());
    });
  }

  /** Runs every task on the noiseless simulator, in parallel on {@code executor}, each under {@code control}. */
  static CompletableFuture<Completed> ideal(IdealExecutor simulator, List<Task> tasks, Executor executor, RunControl control,
      QasmSettings reading) {
    List<CompletableFuture<Object>> runs = new ArrayList<>();
    for (Task task : tasks) {
      runs.add(CompletableFuture.supplyAsync(() -> {
        Circuit circuit = parse(task, reading);
        Program program = IdealPrograms.lower(circuit);
        SimulationMethod method = simulator.methods().choose(program, task.circuit().method());
        SimulationResult r = control.run(task, method.memoryBytes(program),
            () -> method.run(program, task.circuit().shots(), task.seed(), task.memory()));
        return (Object) new Done(task, new CircuitResult(r.counts(), r.shots(), r.memory(), List.of(), List.of(), 0,
            r.method(), -1, r.maxBondDimension(), r.truncationError(), r.estimatedFidelity()));
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

  private static Parsed pack(BatchRun.ChipTarget target, CalibrationSnapshot snapshot, List<Task> tasks, QasmSettings reading) {
    List<Task> ok = new ArrayList<>();
    List<Circuit> circuits = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (Task t : tasks) {
      try {
        circuits.add(parse(t, reading));
        ok.add(t);
      } catch (RuntimeException e) {
        failures.add(new Failure(t, reason(e)));
      }
    }
    Packer.Packing packing = Packer.pack(circuits, snapshot, target.executor(), target.topology(), target.margin(),
        target.maxRegions());
    return new Parsed(ok, circuits, failures, packing);
  }

  static Circuit parse(Task t, QasmSettings reading) {
    return QasmParser.parse(t.circuit().qasm(), t.jobId() + "[" + t.index() + "]", t.circuit().parameters(), reading);
  }

  /** Bytes a chip circuit's simulation holds: its double-precision state vector up to 30 qubits, an MPS of the default bond beyond. */
  static long stateBytes(Circuit c) {
    int n = c.numQubits();
    return n <= 30 ? 16L << n : MpsMethod.memoryBytes(n, IdealExecutor.DEFAULT_BOND_DIMENSION);
  }

  /** Bytes the simulation method that will run {@code c} on the ideal backend holds. */
  static long idealBytes(IdealExecutor ideal, Circuit c, String method) {
    return ideal.choose(c, method).memoryBytes(IdealPrograms.lower(c));
  }

  private static String reason(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
