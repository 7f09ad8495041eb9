package io.qubitd.scheduler;

import com.typesafe.config.Config;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;

/**
 * The actor system's one result archive, beside its journal: a table in the journal's database when
 * the journal is the JDBC one (the daemon's H2 file or PostgreSQL), in memory when the journal is too.
 */
public final class ResultArchives implements Extension {
  private static final String DATABASE = "pekko-persistence-jdbc.shared-databases.qubitd.db";

  private static final ExtensionId<ResultArchives> ID = new ExtensionId<>() {
    @Override public ResultArchives createExtension(ActorSystem<?> system) { return new ResultArchives(system); }
  };

  public static ResultArchive get(ActorSystem<?> system) { return system.registerExtension(ID).archive; }

  private final ResultArchive archive;

  private ResultArchives(ActorSystem<?> system) {
    Config root = system.settings().config();
    if (root.getString("pekko.persistence.journal.plugin").equals("jdbc-journal") && root.hasPath(DATABASE)) {
      Config db = root.getConfig(DATABASE);
      var json = JacksonObjectMapperProvider.get(system.classicSystem()).getOrCreate("jackson-json", Optional.empty());
      JdbcResultArchive jdbc = new JdbcResultArchive(db.getString("url"), db.getString("user"), db.getString("password"), json);
      system.getWhenTerminated().thenRun(jdbc::close);
      archive = jdbc;
    } else {
      archive = new ResultArchive.InMemory();
    }
  }
}
