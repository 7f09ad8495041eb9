package io.qubitd.daemon;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/** Creates the journal's tables when absent, on whichever database the journal is configured with. */
final class JournalSchema {
  private JournalSchema() {}

  private static final String DATABASE = "pekko-persistence-jdbc.shared-databases.qubitd";

  // any fixed number: nodes starting together take turns at creating the tables
  private static final long LOCK = 0x71756269_74640001L;

  /** Creates the tables if missing; throws naming the database's error when it cannot. */
  static void createIfNotExists(ActorSystem<?> system, Config root, Duration timeout) throws Exception {
    Config db = root.getConfig(DATABASE);
    if (db.getString("profile").contains("PostgresProfile")) {
      // Pekko's own Postgres script is not idempotent (CREATE INDEX without IF NOT EXISTS), and two
      // nodes starting at once would race on it; ours runs under an advisory lock, in one transaction.
      CompletableFuture.runAsync(() -> createOnPostgres(db.getConfig("db")))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      SchemaUtils.createIfNotExists(system).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static void createOnPostgres(Config db) {
    String script = script();
    try (Connection c = DriverManager.getConnection(db.getString("url"), db.getString("user"), db.getString("password"));
         Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      for (String statement : script.split(";")) {
        if (!statement.isBlank()) s.execute(statement);
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the journal's tables at " + db.getString("url") + ": " + e.getMessage(), e);
    }
  }

  private static String script() {
    try (InputStream in = JournalSchema.class.getResourceAsStream("postgres-journal.sql")) {
      if (in == null) throw new IllegalStateException("postgres-journal.sql is missing from the jar");
      StringBuilder sql = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("--")) sql.append(line).append('\n');
      }
      return sql.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
