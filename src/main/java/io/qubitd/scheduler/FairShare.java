package io.qubitd.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order circuits leave the queue: highest priority first; among clients with queued work at
 * that priority, the one served least recently (round robin, circuit by circuit); within a client,
 * its oldest job first and a job's circuits in order. Remembers whom it served; not persisted,
 * since after a restart fairness simply starts afresh.
 */
final class FairShare {

  /** One circuit to run: job and circuit index. */
  record Pick(String jobId, int index) {}

  private final Map<String, Long> lastServed = new HashMap<>();
  private long turn;

  /**
   * Up to {@code max} circuits from {@code unfinished} (oldest job first), skipping circuits already
   * done or in {@code inFlight} (job id → circuit indices).
   */
  List<Pick> next(Collection<JobLedger.Job> unfinished, Map<String, Set<Integer>> inFlight, int max) {
    List<Cursor> cursors = new ArrayList<>();
    for (JobLedger.Job j : unfinished) {
      Cursor c = new Cursor(j, inFlight.getOrDefault(j.id(), Set.of()));
      if (c.hasNext()) cursors.add(c);
    }
    List<Pick> picks = new ArrayList<>();
    while (picks.size() < max && !cursors.isEmpty()) {
      int priority = Integer.MIN_VALUE;
      for (Cursor c : cursors) priority = Math.max(priority, c.job.request().priority());
      Cursor chosen = null;
      long chosenServed = Long.MAX_VALUE;
      for (Cursor c : cursors) {
        if (c.job.request().priority() != priority) continue;
        long served = lastServed.getOrDefault(c.job.request().client(), -1L);
        // strictly smaller keeps the oldest job of the least recently served client
        if (served < chosenServed) {
          chosen = c;
          chosenServed = served;
        }
      }
      picks.add(new Pick(chosen.job.id(), chosen.next()));
      lastServed.put(chosen.job.request().client(), turn++);
      if (!chosen.hasNext()) cursors.remove(chosen);
    }
    return picks;
  }

  /** Walks one job's circuits that are neither done nor in flight. */
  private static final class Cursor {
    final JobLedger.Job job;
    final Set<Integer> skip;
    int index;

    Cursor(JobLedger.Job job, Set<Integer> inFlight) {
      this.job = job;
      this.skip = new HashSet<>(inFlight);
      advance();
    }

    boolean hasNext() { return index < job.circuits(); }

    int next() {
      int i = index++;
      advance();
      return i;
    }

    private void advance() {
      while (index < job.circuits() && (job.isDone(index) || skip.contains(index))) index++;
    }
  }
}
