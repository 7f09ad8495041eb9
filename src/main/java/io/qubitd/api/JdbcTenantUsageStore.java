package io.qubitd.api;

import com.typesafe.config.Config;
import io.qubitd.scheduler.JdbcConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Tenants' usage in the journal's own database (the daemon's H2 file, or PostgreSQL), table
 * {@code qubitd_tenant_usage}: one row per tenant. One connection, reopened after an error.
 */
final class JdbcTenantUsageStore implements TenantUsage.Store {
  private static final String DATABASE = "pekko-persistence-jdbc.shared-databases.qubitd.db";

  private final JdbcConnection db;

  JdbcTenantUsageStore(String url, String user, String password) {
    this.db = new JdbcConnection(url, user, password, "tenant usage", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS qubitd_tenant_usage (tenant VARCHAR(255) NOT NULL PRIMARY KEY,"
            + " usage_line VARCHAR(4000) NOT NULL)");
      }
    });
  }

  /** Beside the journal when it is the JDBC one; otherwise (a journal in memory) nothing survives a restart anyway. */
  static TenantUsage.Store forSystem(ActorSystem<?> system) {
    Config root = system.settings().config();
    if (!root.getString("pekko.persistence.journal.plugin").equals("jdbc-journal") || !root.hasPath(DATABASE)) {
      return TenantUsage.Store.NONE;
    }
    Config db = root.getConfig(DATABASE);
    JdbcTenantUsageStore store = new JdbcTenantUsageStore(db.getString("url"), db.getString("user"), db.getString("password"));
    system.getWhenTerminated().thenRun(store::close);
    return store;
  }

  private <T> T withConnection(JdbcConnection.Work<T> work) { return db.with(work); }

  void close() { db.close(); }

  @Override
  public Map<String, String> loadAll() {
    return withConnection(c -> {
      Map<String, String> out = new HashMap<>();
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT tenant, usage_line FROM qubitd_tenant_usage")) {
        while (r.next()) out.put(r.getString(1), r.getString(2));
      }
      return out;
    });
  }

  @Override
  public void save(String tenant, String usage) {
    withConnection(c -> {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM qubitd_tenant_usage WHERE tenant = ?");
           PreparedStatement ins = c.prepareStatement("INSERT INTO qubitd_tenant_usage (tenant, usage_line) VALUES (?, ?)")) {
        del.setString(1, tenant);
        del.executeUpdate();
        ins.setString(1, tenant);
        ins.setString(2, usage);
        ins.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
      return null;
    });
  }
}
