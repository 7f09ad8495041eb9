package io.qubitd.scheduler;

import io.qubitd.chip.ChipActor;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.JobEvent;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import io.qubitd.serialization.JsonSerializable;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The daemon's front door as typed messages: what the HTTP API sends, and what a Pekko client
 * finds through the Receptionist under {@link #KEY}. The Gateway actor routes each request to the
 * scheduler of the backend it names (job ids start with the backend's name and a dot).
 */
public final class GatewayProtocol {
  private GatewayProtocol() {}

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "qubitd-gateway");

  public sealed interface Command extends JsonSerializable
      permits SubmitJob, AwaitSubmission, GetJob, GetResult, CancelJob, ListJobs, ListBackends, GetCalibration, Subscribe,
          Unsubscribe, GetMetrics, GetTruth, GetCalibrationHistory, RunBatch {}

  /** Validate, persist and queue a job; the reply comes once it is durable (or rejected). */
  public record SubmitJob(JobRequest request, ActorRef<SubmitReply> replyTo) implements Command {}

  /** What became of the submission {@code client} made to {@code backend} under idempotency key {@code key}. */
  public record AwaitSubmission(String backend, String client, String key, ActorRef<SubmitReply> replyTo)
      implements Command {}

  public record GetJob(String id, ActorRef<JobReply> replyTo) implements Command {}

  public record GetResult(String id, ActorRef<ResultReply> replyTo) implements Command {}

  public record CancelJob(String id, ActorRef<JobReply> replyTo) implements Command {}

  /** Newest first; null filters mean any. */
  public record ListJobs(String client, JobStatus status, int limit, ActorRef<JobList> replyTo) implements Command {}

  public record ListBackends(ActorRef<BackendList> replyTo) implements Command {}

  public record GetCalibration(String backend, ActorRef<CalibrationReply> replyTo) implements Command {}

  /** Stream events of one job, or of every job when {@code jobId} is null, to {@code subscriber}. */
  public record Subscribe(String jobId, ActorRef<JobEvent> subscriber) implements Command {}

  public record Unsubscribe(ActorRef<JobEvent> subscriber) implements Command {}

  public record GetMetrics(ActorRef<Metrics> replyTo) implements Command {}

  /** A chip's true parameters now: what the emulator knows and calibration only estimates. */
  public record GetTruth(String backend, ActorRef<TruthReply> replyTo) implements Command {}

  /** A chip's published calibration snapshots, oldest first, each beside the truth when it was published. */
  public record GetCalibrationHistory(String backend, ActorRef<HistoryReply> replyTo) implements Command {}

  /** Run many bindings of one circuit as a family, outside the journal; one reply with every result. */
  public record RunBatch(Jobs.BatchRequest request, ActorRef<BatchReply> replyTo) implements Command {}

  // ---- replies ----

  /**
   * Why a request was refused, shaped for HTTP: {@code status} is the 4xx code to answer with
   * (400 bad input, 404 unknown, 409 wrong state, 413 over a size limit, 429 queue full).
   */
  public record Rejection(int status, String message) implements JsonSerializable {}

  public sealed interface SubmitReply extends JsonSerializable permits Accepted, SubmitRejected {}

  public record Accepted(JobInfo job) implements SubmitReply {}

  public record SubmitRejected(Rejection rejection) implements SubmitReply {}

  public sealed interface JobReply extends JsonSerializable permits JobFound, JobRejected {}

  public record JobFound(JobInfo job) implements JobReply {}

  public record JobRejected(Rejection rejection) implements JobReply {}

  /** Results in circuit order once the job completed; before that, {@link ResultNotReady}. */
  public sealed interface ResultReply extends JsonSerializable permits Results, ResultNotReady, ResultRejected {}

  public record Results(JobInfo job, List<CircuitResult> results) implements ResultReply {}

  public record ResultNotReady(JobInfo job) implements ResultReply {}

  public record ResultRejected(Rejection rejection) implements ResultReply {}

  public record JobList(List<JobInfo> jobs) implements JsonSerializable {}

  public sealed interface BatchReply extends JsonSerializable permits BatchDone, BatchRejected {}

  /**
   * Results in binding order, the chip time the batch took (shots × schedule, regions in parallel), and
   * the fraction of the chip's qubits its runs kept busy.
   */
  public record BatchDone(List<CircuitResult> results, double chipSeconds, double utilisation) implements BatchReply {}

  public record BatchRejected(Rejection rejection) implements BatchReply {}

  public record BackendList(List<BackendInfo> backends) implements JsonSerializable {}

  public sealed interface CalibrationReply extends JsonSerializable permits Calibration, CalibrationRejected {}

  public record Calibration(CalibrationSnapshot snapshot) implements CalibrationReply {}

  public record CalibrationRejected(Rejection rejection) implements CalibrationReply {}

  public sealed interface TruthReply extends JsonSerializable permits Truth, TruthRejected {}

  public record Truth(String backend, ChipTruth truth) implements TruthReply {}

  public record TruthRejected(Rejection rejection) implements TruthReply {}

  public sealed interface HistoryReply extends JsonSerializable permits CalibrationHistory, HistoryRejected {}

  public record CalibrationHistory(String backend, List<ChipActor.Published> entries) implements HistoryReply {}

  public record HistoryRejected(Rejection rejection) implements HistoryReply {}

  /**
   * Counters and latency percentiles (seconds) for the metrics endpoint.
   *
   * @param utilisation mean fraction of a chip's qubits busy per chip run
   * @param stalled     backends whose queue has not moved for longer than qubitd.scheduler.stall-after
   */
  public record Metrics(
      Map<String, Integer> queueDepth, long jobsAccepted, long jobsCompleted, long chipRuns, long circuitsRun,
      double runsPerSecond, double circuitsPerSecond, double utilisation, Map<String, Double> latencySeconds,
      List<String> stalled) implements JsonSerializable {}
}
