package io.qubitd.trainer.quantum;

import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Bindings of the ansatz family sent to a daemon backend as batches ({@link GatewayProtocol.RunBatch}):
 * parameter sets, at most {@link QuantumSettings#circuitsPerJob()} per batch, at most
 * {@link QuantumSettings#jobsInFlight()} batches waiting (a Pekko stream's {@code mapAsync}); the
 * caller blocks until all are back. Batches are not journaled: a session resends after a restart.
 */
public final class ChipBatchEvaluator implements FamilyLayer.Evaluator {
  private final ActorSystem<?> system;
  private final ActorRef<GatewayProtocol.Command> gateway;
  private final QuantumSettings settings;
  private final String qasm;
  private final List<String> names = new ArrayList<>();
  private final int qubits;
  private double chipSeconds;
  private double busySum;
  private long batches;

  public ChipBatchEvaluator(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway, QuantumSettings settings,
      LayerAnsatz ansatz) {
    this.system = system;
    this.gateway = gateway;
    this.settings = settings;
    this.qasm = ansatz.familyQasm();
    this.qubits = ansatz.qubits();
    for (int k = 0; k < ansatz.steps().size(); k++) names.add(LayerAnsatz.familyInput(k));
  }

  /** Throws IllegalStateException naming the backend and the reason when a batch is refused or fails. */
  @Override
  public double[][] zExpectations(List<double[]> stepAngles) {
    List<List<double[]>> chunks = new ArrayList<>();
    for (int from = 0; from < stepAngles.size(); from += settings.circuitsPerJob()) {
      chunks.add(stepAngles.subList(from, Math.min(stepAngles.size(), from + settings.circuitsPerJob())));
    }
    CompletionStage<List<GatewayProtocol.BatchDone>> done = Source.from(chunks)
        .mapAsync(settings.jobsInFlight(), this::run)
        .runWith(Sink.seq(), system);
    long waitMillis = settings.jobTimeout().toMillis() * (1 + chunks.size() / settings.jobsInFlight());
    List<GatewayProtocol.BatchDone> results;
    try {
      results = done.toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the chip", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(chunks.size() + " batches on " + settings.backend() + " took over " + waitMillis + " ms", e);
    }
    double[][] out = new double[stepAngles.size()][];
    int c = 0;
    int r = qubits;
    for (GatewayProtocol.BatchDone d : results) {
      synchronized (this) { chipSeconds += d.chipSeconds(); busySum += d.utilisation(); batches++; }
      for (Jobs.CircuitResult res : d.results()) {
        double[] z = new double[r];
        if (res.shots() > 0) {
          z = ExpectationOps.fromCounts(res.counts(), r);
        } else {
          for (int i = 0; i < r; i++) z[i] = res.expectations().get(i);
        }
        out[c++] = z;
      }
    }
    return out;
  }

  private CompletionStage<GatewayProtocol.BatchDone> run(List<double[]> chunk) {
    List<Map<String, Double>> bindings = new ArrayList<>(chunk.size());
    for (double[] a : chunk) {
      Map<String, Double> m = new HashMap<>(2 * a.length);
      for (int k = 0; k < a.length; k++) m.put(names.get(k), a[k]);
      bindings.add(m);
    }
    Jobs.BatchRequest request = new Jobs.BatchRequest(settings.backend(), qasm, bindings, settings.shots(), settings.client());
    return AskPattern.<GatewayProtocol.Command, GatewayProtocol.BatchReply>ask(
            gateway, rt -> new GatewayProtocol.RunBatch(request, rt), settings.jobTimeout(), system.scheduler())
        .thenCompose(reply -> reply instanceof GatewayProtocol.BatchDone d
            ? CompletableFuture.completedFuture(d)
            : CompletableFuture.failedFuture(new IllegalStateException("backend " + settings.backend() + " refused a batch of "
                + chunk.size() + " bindings: " + ((GatewayProtocol.BatchRejected) reply).rejection().message())));
  }

  @Override
  public synchronized double chipSeconds() { return chipSeconds; }

  @Override
  public synchronized double utilisation() { return batches == 0 ? 0 : busySum / batches; }
}
