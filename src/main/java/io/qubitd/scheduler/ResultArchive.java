package io.qubitd.scheduler;

import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.serialization.JsonSerializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a finished job goes when it leaves a scheduler's memory: its status and results stay
 * retrievable from here until its retention ends, then only a tombstone remains (the id answers 410
 * Gone), until that too is forgotten (404). Calls block; schedulers make them off the actors' threads.
 */
public interface ResultArchive {

  /** A finished job as its GET and result answered while it was in memory; {@code results} is null unless it completed. */
  record Archived(JobInfo job, List<CircuitResult> results) implements JsonSerializable {}

  /** What the archive knows of an id: the job ({@code found} non-null), a tombstone ({@code gone}), or nothing. */
  record Lookup(Archived found, boolean gone) {
    public static final Lookup UNKNOWN = new Lookup(null, false);
    public static final Lookup GONE = new Lookup(null, true);
  }

  /** Stores (or replaces) these jobs of {@code backend}; an entry whose retention already ended is stored as a tombstone. */
  void store(String backend, List<Archived> jobs, Instant retainedFinishedAfter);

  Lookup find(String backend, String jobId);

  /**
   * Drops the results of jobs finished before {@code resultsBefore} (leaving tombstones) and forgets
   * the tombstones of jobs finished before {@code forgetBefore}.
   */
  void purge(String backend, Instant resultsBefore, Instant forgetBefore);

  /** In this JVM's memory: for schedulers whose journal is in memory too (tests). */
  final class InMemory implements ResultArchive {
    private final Map<String, Archived> jobs = new HashMap<>();
    private final Map<String, Instant> tombstones = new HashMap<>();

    private static String key(String backend, String id) { return backend + '\n' + id; }

    @Override
    public synchronized void store(String backend, List<Archived> archived, Instant retainedFinishedAfter) {
      for (Archived a : archived) {
        String k = key(backend, a.job().id());
        if (a.job().finished().isBefore(retainedFinishedAfter)) {
          jobs.remove(k);
          tombstones.put(k, a.job().finished());
        } else {
          jobs.put(k, a);
        }
      }
    }

    @Override
    public synchronized Lookup find(String backend, String jobId) {
      String k = key(backend, jobId);
      Archived a = jobs.get(k);
      if (a != null) return new Lookup(a, false);
      return tombstones.containsKey(k) ? Lookup.GONE : Lookup.UNKNOWN;
    }

    @Override
    public synchronized void purge(String backend, Instant resultsBefore, Instant forgetBefore) {
      String prefix = backend + '\n';
      jobs.entrySet().removeIf(e -> {
        if (!e.getKey().startsWith(prefix) || !e.getValue().job().finished().isBefore(resultsBefore)) return false;
        tombstones.put(e.getKey(), e.getValue().job().finished());
        return true;
      });
      tombstones.entrySet().removeIf(e -> e.getKey().startsWith(prefix) && e.getValue().isBefore(forgetBefore));
    }

    /** Jobs whose results are held (for tests). */
    public synchronized int size() { return jobs.size(); }
  }
}
