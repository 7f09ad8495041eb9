package io.qubitd.scheduler;

import io.qubitd.scheduler.GatewayProtocol.Rejection;
import io.qubitd.scheduler.Jobs.CircuitResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A backend's queue of training batches: parameter sets of one circuit family, answered as a whole and not journaled
 * (a trainer that loses one resends its step). The {@link Scheduler} owns one and decides when a batch run goes; this
 * class keeps which bindings wait, which are on the chip, and whose answer is complete.
 */
final class TrainingBatches {

  /** A batch waiting for its results: one slot per binding. */
  private static final class Pending {
    final ActorRef<GatewayProtocol.BatchReply> replyTo;
    final CircuitResult[] results;
    int remaining;
    double chipSeconds;
    double busy;

    Pending(ActorRef<GatewayProtocol.BatchReply> replyTo, int size) {
      this.replyTo = replyTo;
      this.results = new CircuitResult[size];
      this.remaining = size;
    }
  }

  private final ArrayDeque<BatchRun.Task> queue = new ArrayDeque<>();
  private final Map<String, Pending> pending = new HashMap<>();
  private List<BatchRun.Task> inFlight = List.of();

  /** Batches accepted and not yet answered. */
  int waiting() { return pending.size(); }

  boolean hasQueued() { return !queue.isEmpty(); }

  boolean running() { return !inFlight.isEmpty(); }

  /** Queues the bindings of batch {@code id}, one task each, answered to {@code replyTo} when all are done. */
  void add(String id, List<BatchRun.Task> tasks, ActorRef<GatewayProtocol.BatchReply> replyTo) {
    queue.addAll(tasks);
    pending.put(id, new Pending(replyTo, tasks.size()));
  }

  /** Up to {@code limit} bindings of the circuit at the head of the queue, now in flight. */
  List<BatchRun.Task> nextRun(int limit) {
    String qasm = queue.peekFirst().circuit().qasm();
    List<BatchRun.Task> tasks = new ArrayList<>();
    List<BatchRun.Task> skipped = new ArrayList<>();
    while (!queue.isEmpty() && tasks.size() < limit) {
      BatchRun.Task t = queue.pollFirst();
      if (t.circuit().qasm().equals(qasm)) tasks.add(t);
      else skipped.add(t);
    }
    for (int i = skipped.size() - 1; i >= 0; i--) queue.addFirst(skipped.get(i));
    inFlight = tasks;
    return tasks;
  }

  /** The run in flight was abandoned: its bindings of batches still waiting go back to the head of the queue. */
  void abandoned() {
    requeue(inFlight);
    inFlight = List.of();
  }

  /**
   * Files the results of the run in flight, answers every batch now complete (or failed: one failed binding fails its
   * batch) and requeues the deferred bindings; {@code busy} is the share of the chip's qubits the run used. Returns the
   * bindings done.
   */
  int completed(BatchRun.Completed c, double busy) {
    inFlight = List.of();
    for (BatchRun.Failure x : c.failed()) {
      Pending pb = pending.remove(x.task().jobId());
      if (pb == null) continue;
      queue.removeIf(t -> t.jobId().equals(x.task().jobId()));
      pb.replyTo.tell(new GatewayProtocol.BatchRejected(new Rejection(400, "binding " + x.task().index() + ": " + x.reason())));
    }
    int done = c.done().size();
    for (BatchRun.Done d : c.done()) {
      Pending pb = pending.get(d.task().jobId());
      if (pb == null || pb.results[d.task().index()] != null) continue;
      pb.results[d.task().index()] = d.result();
      pb.remaining--;
      pb.chipSeconds += c.chipSeconds() / done;
      pb.busy = busy;
      if (pb.remaining == 0) {
        pending.remove(d.task().jobId());
        pb.replyTo.tell(new GatewayProtocol.BatchDone(List.of(pb.results), pb.chipSeconds, pb.busy));
      }
    }
    requeue(c.deferred());
    return done;
  }

  private void requeue(List<BatchRun.Task> tasks) {
    for (int i = tasks.size() - 1; i >= 0; i--) if (pending.containsKey(tasks.get(i).jobId())) queue.addFirst(tasks.get(i));
  }
}
