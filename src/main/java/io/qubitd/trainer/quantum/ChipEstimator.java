package io.qubitd.trainer.quantum;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmWriter;
import io.qubitd.scheduler.GatewayProtocol;
import io.qubitd.scheduler.Jobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * ⟨Z_i⟩ from circuits run on a daemon backend (a noisy emulated chip): every qubit measured,
 * circuits written as OpenQASM 2.0, sent through the gateway as jobs of at most
 * {@link QuantumSettings#circuitsPerJob()} circuits. The jobs are a Pekko stream —
 * {@code Source} of batches → {@code mapAsync(jobsInFlight)} submit-and-await → collect in order —
 * so at most {@code jobsInFlight} jobs wait on the chip, and the caller blocks until all are back:
 * the model never runs ahead of the chip.
 */
public final class ChipEstimator implements ExpectationEstimator {
  private final ActorSystem<?> system;
  private final ActorRef<GatewayProtocol.Command> gateway;
  private final QuantumSettings settings;
  private final AtomicLong jobs = new AtomicLong();

  public ChipEstimator(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway, QuantumSettings settings) {
    this.system = system;
    this.gateway = gateway;
    this.settings = settings;
  }

  /** Jobs submitted so far. */
  public long jobsSubmitted() { return jobs.get(); }

  /**
   * Blocks until every job is back. Throws IllegalStateException naming the job and the reason when
   * the daemon rejects or fails one, or when the batch outlasts the job timeout.
   */
  @Override
  public double[][] zExpectations(List<Circuit> circuits) {
    List<List<Circuit>> batches = new ArrayList<>();
    for (int from = 0; from < circuits.size(); from += settings.circuitsPerJob()) {
      batches.add(circuits.subList(from, Math.min(circuits.size(), from + settings.circuitsPerJob())));
    }
    CompletionStage<List<double[][]>> done = Source.from(batches)
        .mapAsync(settings.jobsInFlight(), this::run)
        .runWith(Sink.seq(), system);
    // every job has its own deadline; this bound only guards against a stream that never completes
    long waitMillis = settings.jobTimeout().toMillis() * (1 + batches.size() / settings.jobsInFlight());
    List<double[][]> results;
    try {
      results = done.toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the chip", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(batches.size() + " jobs on " + settings.backend() + " took over " + waitMillis + " ms", e);
    }
    double[][] out = new double[circuits.size()][];
    int c = 0;
    for (double[][] r : results) for (double[] z : r) out[c++] = z;
    return out;
  }

  private CompletionStage<double[][]> run(List<Circuit> batch) {
    List<Jobs.CircuitSpec> specs = new ArrayList<>(batch.size());
    for (Circuit c : batch) specs.add(new Jobs.CircuitSpec(QasmWriter.write(c.withDefaultMeasurements()), settings.shots(), Map.of()));
    Jobs.JobRequest request = new Jobs.JobRequest(settings.backend(), specs, 0, settings.client(), false);
    long deadline = System.nanoTime() + settings.jobTimeout().toNanos();
    return AskPattern.<GatewayProtocol.Command, GatewayProtocol.SubmitReply>ask(
            gateway, r -> new GatewayProtocol.SubmitJob(request, r), settings.jobTimeout(), system.scheduler())
        .thenCompose(reply -> {
          if (reply instanceof GatewayProtocol.SubmitRejected rejected) {
            return CompletableFuture.failedFuture(new IllegalStateException("backend " + settings.backend()
                + " refused a job of " + batch.size() + " circuits: " + rejected.rejection().message()));
          }
          jobs.incrementAndGet();
          return awaitResults(((GatewayProtocol.Accepted) reply).job().id(), deadline);
        })
        .thenApply(results -> {
          double[][] z = new double[batch.size()][];
          for (int i = 0; i < z.length; i++) z[i] = ExpectationOps.fromCounts(results.get(i).counts(), batch.get(i).numQubits());
          return z;
        });
  }

  private CompletionStage<List<Jobs.CircuitResult>> awaitResults(String id, long deadline) {
    Duration left = Duration.ofNanos(deadline - System.nanoTime());
    if (left.isNegative() || left.isZero()) {
      return CompletableFuture.failedFuture(new IllegalStateException("job " + id + " took over " + settings.jobTimeout()));
    }
    return AskPattern.<GatewayProtocol.Command, GatewayProtocol.ResultReply>ask(
            gateway, r -> new GatewayProtocol.GetResult(id, r), left, system.scheduler())
        .thenCompose(reply -> {
          if (reply instanceof GatewayProtocol.Results results) return CompletableFuture.completedFuture(results.results());
          if (reply instanceof GatewayProtocol.ResultRejected rejected) {
            return CompletableFuture.failedFuture(new IllegalStateException("job " + id + ": " + rejected.rejection().message()));
          }
          Jobs.JobInfo job = ((GatewayProtocol.ResultNotReady) reply).job();
          if (job.status().isFinal()) {
            return CompletableFuture.failedFuture(new IllegalStateException("job " + id + " ended " + job.status().wire()
                + (job.error() == null ? "" : ": " + job.error())));
          }
          return Patterns.after(settings.pollInterval(), system, () -> awaitResults(id, deadline));
        });
  }
}
