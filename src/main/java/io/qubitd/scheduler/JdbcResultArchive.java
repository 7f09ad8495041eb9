package io.qubitd.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The result archive as one table, {@code qubitd_results}, in the journal's own database (the H2 file
 * under the data directory, or the cluster's PostgreSQL): a finished job's JSON until its retention
 * ends, then a row without it (a tombstone) until it is forgotten. One connection, reopened after an error.
 */
public final class JdbcResultArchive implements ResultArchive {
  private final ObjectMapper json;
  private final JdbcConnection db;

  public JdbcResultArchive(String url, String user, String password, ObjectMapper json) {
    this.json = json;
    this.db = new JdbcConnection(url, user, password, "result archive", JdbcResultArchive::createTable);
  }

  private <T> T withConnection(JdbcConnection.Work<T> work) { return db.with(work); }

  private static void createTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS qubitd_results (backend VARCHAR(255) NOT NULL, job_id VARCHAR(255) NOT NULL,"
          + " finished BIGINT NOT NULL, body BYTEA, PRIMARY KEY (backend, job_id))");
      s.execute("CREATE INDEX IF NOT EXISTS qubitd_results_finished ON qubitd_results (backend, finished)");
    } catch (SQLException e) {
      // two nodes creating the table at once: the loser finds it there
      if (!exists(c)) throw e;
    }
  }

  private static boolean exists(Connection c) {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1 FROM qubitd_results WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Closes the connection (it is reopened on the next call). */
  public void close() { db.close(); }

  @Override
  public void store(String backend, List<Archived> jobs, Instant retainedFinishedAfter) {
    if (jobs.isEmpty()) return;
    withConnection(c -> {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM qubitd_results WHERE backend = ? AND job_id = ?");
           PreparedStatement ins = c.prepareStatement(
               "INSERT INTO qubitd_results (backend, job_id, finished, body) VALUES (?, ?, ?, ?)")) {
        for (Archived a : jobs) {
          del.setString(1, backend);
          del.setString(2, a.job().id());
          del.addBatch();
          ins.setString(1, backend);
          ins.setString(2, a.job().id());
          ins.setLong(3, a.job().finished().toEpochMilli());
          ins.setBytes(4, a.job().finished().isBefore(retainedFinishedAfter) ? null : bytes(a));
          ins.addBatch();
        }
        del.executeBatch();
        ins.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
      return null;
    });
  }

  @Override
  public Lookup find(String backend, String jobId) {
    return withConnection(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT body FROM qubitd_results WHERE backend = ? AND job_id = ?")) {
        q.setString(1, backend);
        q.setString(2, jobId);
        try (ResultSet r = q.executeQuery()) {
          if (!r.next()) return Lookup.UNKNOWN;
          byte[] body = r.getBytes(1);
          return body == null ? Lookup.GONE : new Lookup(read(body), false);
        }
      }
    });
  }

  @Override
  public void purge(String backend, Instant resultsBefore, Instant forgetBefore) {
    withConnection(c -> {
      try (PreparedStatement drop = c.prepareStatement(
               "UPDATE qubitd_results SET body = NULL WHERE backend = ? AND finished < ? AND body IS NOT NULL");
           PreparedStatement forget = c.prepareStatement("DELETE FROM qubitd_results WHERE backend = ? AND finished < ?")) {
        drop.setString(1, backend);
        drop.setLong(2, resultsBefore.toEpochMilli());
        drop.executeUpdate();
        forget.setString(1, backend);
        forget.setLong(2, forgetBefore.toEpochMilli());
        forget.executeUpdate();
      }
      return null;
    });
  }

  private byte[] bytes(Archived a) {
    try {
      return json.writeValueAsBytes(a);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Archived read(byte[] body) {
    try {
      return json.readValue(body, Archived.class);
    } catch (IOException e) {
      throw new UncheckedIOException("an archived job could not be read: " + e.getMessage(), e);
    }
  }
}
