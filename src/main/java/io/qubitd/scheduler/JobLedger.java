package io.qubitd.scheduler;

import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import io.qubitd.serialization.JsonSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend's jobs as its journal tells them: the state of the event-sourced Scheduler, changed
 * only by {@link #apply}. Mutable for speed; only the Scheduler's event handler writes to it.
 */
public final class JobLedger {

  /** One job: its request, where it is in its lifecycle, and the results recorded so far. */
  public static final class Job {
    private final String id;
    private final JobRequest request;
    private final Instant submitted;
    private final CircuitResult[] results;
    private JobStatus status = JobStatus.QUEUED;
    private Instant started;
    private Instant finished;
    private String error;
    private int done;
    /** A run holding this job started and has not ended: if the daemon dies now, the run is a crash. */
    private boolean runOpen;
    /** Runs of this job that the daemon died during. */
    private int crashes;

    Job(String id, JobRequest request, Instant submitted) {
      this.id = id;
      this.request = request;
      this.submitted = submitted;
      this.results = new CircuitResult[request.circuits().size()];
    }

    public String id() { return id; }

    public JobRequest request() { return request; }

    public JobStatus status() { return status; }

    public Instant submitted() { return submitted; }

    public Instant finished() { return finished; }

    public int circuits() { return results.length; }

    public int done() { return done; }

    /** Runs of this job the daemon died during, counting a run still open (the one under way when recovery found it). */
    public int crashes() { return crashes + (runOpen ? 1 : 0); }

    /** Whether circuit {@code index} already has a recorded result. */
    public boolean isDone(int index) { return results[index] != null; }

    /** Results in circuit order; only meaningful once every circuit is done. */
    public List<CircuitResult> results() { return Collections.unmodifiableList(Arrays.asList(results.clone())); }

    public JobInfo info() {
      return new JobInfo(id, request.backend(), status, request.priority(), request.client(), submitted, started, finished,
          results.length, done, error);
    }
  }

  /**
   * The ledger as the snapshot store keeps it (so recovery need not replay every event since the start).
   *
   * @param expired ids of jobs removed after their retention, newest last (null in snapshots older than retention)
   */
  public record Snapshot(List<JobSnapshot> jobs, List<String> expired) implements JsonSerializable {}

  /** One job in a snapshot; {@code results} holds null for circuits not yet done. */
  public record JobSnapshot(String id, JobRequest request, Instant submitted, JobStatus status, Instant started,
      Instant finished, String error, List<CircuitResult> results, boolean runOpen, int crashes) implements JsonSerializable {}

  Snapshot toSnapshot() {
    List<JobSnapshot> out = new ArrayList<>(jobs.size());
    for (Job j : jobs.values()) {
      out.add(new JobSnapshot(j.id, j.request, j.submitted, j.status, j.started, j.finished, j.error,
          Arrays.asList(j.results.clone()), j.runOpen, j.crashes));
    }
    return new Snapshot(out, List.copyOf(expired));
  }

  static JobLedger fromSnapshot(Snapshot s) {
    JobLedger l = new JobLedger();
    if (s.expired() != null) s.expired().forEach(l::rememberExpired);
    for (JobSnapshot js : s.jobs()) {
      Job j = new Job(js.id(), js.request(), js.submitted());
      j.status = js.status();
      j.started = js.started();
      j.finished = js.finished();
      j.error = js.error();
      j.runOpen = js.runOpen();
      j.crashes = js.crashes();
      for (int i = 0; i < j.results.length; i++) {
        j.results[i] = js.results().get(i);
        if (j.results[i] != null) j.done++;
      }
      l.jobs.put(j.id, j);
      l.index(j);
      if (!j.status.isFinal()) l.unfinished.put(j.id, j);
      else l.finishedCount++;
    }
    return l;
  }

  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, Job> unfinished = new LinkedHashMap<>();
  private final Map<String, Job> byKey = new HashMap<>();
  /** Ids of jobs removed after their retention, so that asking for one answers 410 rather than 404; bounded. */
  private final java.util.LinkedHashSet<String> expired = new java.util.LinkedHashSet<>();
  private int finishedCount;

  /** Expired ids remembered at most: about 40 bytes each. */
  static final int MAX_EXPIRED_IDS = 10_000;

  public Job job(String id) { return jobs.get(id); }

  /** The job {@code client} submitted under idempotency key {@code key}, or null. */
  public Job byIdempotencyKey(String client, String key) {
    return key == null ? null : byKey.get(keyOf(client, key));
  }

  private static String keyOf(String client, String key) { return client + '\n' + key; }

  private void index(Job j) {
    if (j.request.idempotencyKey() != null) byKey.put(keyOf(j.request.client(), j.request.idempotencyKey()), j);
  }

  /** Queued and running jobs, oldest first. */
  public Collection<Job> unfinished() { return Collections.unmodifiableCollection(unfinished.values()); }

  public int size() { return jobs.size(); }

  /** Whether {@code id} named a job removed after its retention. */
  public boolean isExpired(String id) { return expired.contains(id); }

  /**
   * Finished jobs to remove now: those finished before {@code now - retention}, and the oldest beyond
   * {@code maxFinished}. Oldest submitted first.
   */
  public List<String> expirable(Instant now, java.time.Duration retention, int maxFinished) {
    List<String> out = new ArrayList<>();
    int beyond = finishedCount - maxFinished;
    Instant cutoff = now.minus(retention);
    for (Job j : jobs.values()) {
      if (!j.status.isFinal()) continue;
      if (beyond > 0 || j.finished.isBefore(cutoff)) {
        out.add(j.id);
        beyond--;
      }
    }
    return out;
  }

  private void rememberExpired(String id) {
    expired.add(id);
    if (expired.size() > MAX_EXPIRED_IDS) expired.remove(expired.iterator().next());
  }

  /** Jobs matching the filters (null means any), newest first, at most {@code limit}. */
  public List<JobInfo> list(String client, JobStatus status, int limit) {
    List<Job> all = new ArrayList<>(jobs.values());
    List<JobInfo> out = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      Job j = all.get(i);
      if ((client == null || client.equals(j.request.client())) && (status == null || status == j.status)) out.add(j.info());
    }
    return out;
  }

  public long count(JobStatus status) {
    return jobs.values().stream().filter(j -> j.status == status).count();
  }

  JobLedger apply(Scheduler.Event event) {
    if (event instanceof Scheduler.JobExpired x) {
      Job gone = jobs.get(x.jobId());
      if (gone == null || !gone.status.isFinal()) return this;
      jobs.remove(gone.id);
      finishedCount--;
      if (gone.request.idempotencyKey() != null) byKey.remove(keyOf(gone.request.client(), gone.request.idempotencyKey()));
      rememberExpired(gone.id);
      return this;
    }
    if (event instanceof Scheduler.JobAccepted a) {
      Job j = new Job(a.id(), a.request(), a.submitted());
      jobs.put(j.id, j);
      unfinished.put(j.id, j);
      index(j);
      return this;
    }
    Job j = jobs.get(event.jobId());
    if (j == null || j.status.isFinal()) return this;
    if (event instanceof Scheduler.JobStarted s) {
      j.status = JobStatus.RUNNING;
      j.started = s.time();
      openRun(j);
    } else if (event instanceof Scheduler.JobRunStarted) {
      openRun(j);
    } else if (event instanceof Scheduler.JobRunEnded) {
      j.runOpen = false;
    } else if (event instanceof Scheduler.CircuitsRecorded r) {
      j.runOpen = false;
      for (Scheduler.RecordedCircuit c : r.results()) {
        if (j.results[c.index()] == null) j.done++;
        j.results[c.index()] = c.result();
      }
    } else if (event instanceof Scheduler.JobCompleted c) {
      finish(j, JobStatus.COMPLETED, c.time(), null);
    } else if (event instanceof Scheduler.JobFailed f) {
      finish(j, JobStatus.FAILED, f.time(), f.error());
    } else if (event instanceof Scheduler.JobCancelled c) {
      finish(j, JobStatus.CANCELLED, c.time(), null);
    }
    return this;
  }

  private static void openRun(Job j) {
    // the previous run never ended: the daemon died during it
    if (j.runOpen) j.crashes++;
    j.runOpen = true;
  }

  private void finish(Job j, JobStatus status, Instant time, String error) {
    j.runOpen = false;
    j.status = status;
    j.finished = time;
    j.error = error;
    unfinished.remove(j.id);
    finishedCount++;
  }
}
