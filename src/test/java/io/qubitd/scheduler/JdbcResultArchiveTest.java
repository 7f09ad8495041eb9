package io.qubitd.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result archive's table in an H2 file: a job round-trips whole, then becomes a tombstone (410), then is forgotten (404). */
class JdbcResultArchiveTest {

  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  static ResultArchive.Archived job(String id, Instant finished, JobStatus status) {
    JobInfo info = new JobInfo(id, "ideal", status, 3, "alice", T, T, finished, 1, status == JobStatus.COMPLETED ? 1 : 0,
        status == JobStatus.FAILED ? "circuit 0: too slow" : null);
    List<CircuitResult> results = status != JobStatus.COMPLETED ? null : List.of(new CircuitResult(
        Map.of("00", 52L, "11", 48L), 100, null, List.of(), List.of(), 0, "statevector", -1));
    return new ResultArchive.Archived(info, results);
  }

  @Test
  void jobsRoundTripThenLoseTheirResultsThenTheirIds(@TempDir Path dir) {
    var archive = new JdbcResultArchive("jdbc:h2:file:" + dir.resolve("journal"), "", "",
        new ObjectMapper().findAndRegisterModules());
    try {
      var done = job("ideal.a", T.plusSeconds(10), JobStatus.COMPLETED);
      var failed = job("ideal.b", T.plusSeconds(20), JobStatus.FAILED);
      var old = job("ideal.c", T.plusSeconds(1), JobStatus.COMPLETED);
      // c's retention already ended when it left memory: only its tombstone is stored
      archive.store("ideal", List.of(done, failed, old), T.plusSeconds(5));
      archive.store("ideal", List.of(done), T.plusSeconds(5));
      assertEquals(done, archive.find("ideal", "ideal.a").found());
      assertEquals(failed, archive.find("ideal", "ideal.b").found());
      assertEquals(ResultArchive.Lookup.GONE, archive.find("ideal", "ideal.c"));
      assertEquals(ResultArchive.Lookup.UNKNOWN, archive.find("ideal", "ideal.x"));
      assertEquals(ResultArchive.Lookup.UNKNOWN, archive.find("wukong72", "ideal.a"), "backends do not share ids");

      archive.purge("ideal", T.plusSeconds(15), T);
      assertEquals(ResultArchive.Lookup.GONE, archive.find("ideal", "ideal.a"));
      assertEquals(failed, archive.find("ideal", "ideal.b").found());
      archive.close();
      // a new connection (as after a restart) reads what the file holds
      assertEquals(ResultArchive.Lookup.GONE, archive.find("ideal", "ideal.c"));
      archive.purge("ideal", T.plusSeconds(15), T.plusSeconds(15));
      assertEquals(ResultArchive.Lookup.UNKNOWN, archive.find("ideal", "ideal.a"));
      assertEquals(ResultArchive.Lookup.UNKNOWN, archive.find("ideal", "ideal.c"));
      assertTrue(archive.find("ideal", "ideal.b").found() != null);
      assertNull(archive.find("ideal", "ideal.b").found().results());
    } finally {
      archive.close();
    }
  }
}
