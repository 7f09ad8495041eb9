package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qubitd.scheduler.Jobs.CircuitSpec;
import io.qubitd.scheduler.Jobs.JobRequest;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FairShareTest {

  static JobLedger ledger(Object[]... jobs) {
    JobLedger l = new JobLedger();
    for (Object[] j : jobs) {
      var req = new JobRequest("ideal", Collections.nCopies((Integer) j[3], new CircuitSpec("x", 1, Map.of())), (Integer) j[2],
          (String) j[1], false);
      l.apply(new Scheduler.JobAccepted((String) j[0], req, Instant.EPOCH));
    }
    return l;
  }

  static List<String> names(List<FairShare.Pick> picks) {
    return picks.stream().map(p -> p.jobId() + p.index()).toList();
  }

  @Test
  void roundRobinBetweenClientsCircuitByCircuitOldestJobFirst() {
    JobLedger l = ledger(new Object[] {"a", "alice", 0, 3}, new Object[] {"b", "bob", 0, 2}, new Object[] {"c", "alice", 0, 1});
    assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "c0"), names(new FairShare().next(l.unfinished(), Map.of(), 10)));
  }

  @Test
  void higherPriorityGoesFirstWhateverItsAge() {
    JobLedger l = ledger(new Object[] {"a", "alice", 0, 2}, new Object[] {"u", "bob", 3, 2});
    assertEquals(List.of("u0", "u1", "a0"), names(new FairShare().next(l.unfinished(), Map.of(), 3)));
  }

  @Test
  void skipsCircuitsInFlightOrDoneAndRemembersWhomItServed() {
    JobLedger l = ledger(new Object[] {"a", "alice", 0, 3}, new Object[] {"b", "bob", 0, 3});
    l.apply(new Scheduler.CircuitsRecorded("a", List.of(new Scheduler.RecordedCircuit(0,
        new Jobs.CircuitResult(Map.of("0", 1L), 1, null, List.of(), List.of(), 0, "statevector", -1)))));
    FairShare fair = new FairShare();
    assertEquals(List.of("a1", "b1"), names(fair.next(l.unfinished(), Map.of("b", Set.of(0)), 2)));
    // bob was served last, so alice comes first now
    assertEquals(List.of("a1", "b0"), names(fair.next(l.unfinished(), Map.of(), 2)));
  }
}
