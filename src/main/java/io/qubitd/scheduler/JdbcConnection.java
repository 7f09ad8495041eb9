package io.qubitd.scheduler;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One JDBC connection to the journal's own database for a small table of qubitd's (the result
 * archive, tenants' usage), opened on first use with {@code setUp} (creating the table) and reopened
 * after an error. Calls are serialised: these tables see a few writes a second at most.
 */
public final class JdbcConnection {

  /** Work on the open connection. */
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** What a fresh connection needs before use (creating its table); a failure closes it. */
  public interface SetUp {
    void run(Connection c) throws SQLException;
  }

  private final String url;
  private final String user;
  private final String password;
  private final String what;
  private final SetUp setUp;
  private Connection connection;

  /** {@code what} names the table's purpose in errors ("result archive at jdbc:…: …"). */
  public JdbcConnection(String url, String user, String password, String what, SetUp setUp) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.what = what;
    this.setUp = setUp;
  }

  /** Runs {@code work} on the connection; an SQL error closes it and becomes an IllegalStateException naming the database. */
  public synchronized <T> T with(Work<T> work) {
    try {
      if (connection == null || connection.isClosed()) connection = open();
      return work.run(connection);
    } catch (SQLException e) {
      close();
      throw new IllegalStateException(what + " at " + url + ": " + e.getMessage(), e);
    }
  }

  private Connection open() throws SQLException {
    Connection c = DriverManager.getConnection(url, user, password);
    try {
      setUp.run(c);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Closes the connection (it is reopened on the next call). */
  public synchronized void close() {
    if (connection == null) return;
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing after an error: nothing more to do with it
    }
    connection = null;
  }
}
