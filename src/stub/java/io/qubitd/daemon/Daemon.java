package io.qubitd.daemon;

import io.qubitd.config.QubitdConfig;
import io.qubitd.scheduler.GatewayProtocol;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Stand-in for the scheduler branch's Daemon, with the agreed signature, so that {@code serve}
 * compiles on branch api alone (see the daemon-stub profile in pom.xml). Its gateway ignores
 * every command, so requests answer 503 after the ask timeout. Delete src/stub after the merge.
 */
public final class Daemon {
  private Daemon() {}

  /** Starts an actor system whose guardian is a gateway that never answers. */
  public static Running start(QubitdConfig config, Path dataDir) {
    ActorSystem<GatewayProtocol.Command> system =
        ActorSystem.create(Behaviors.ignore(), "qubitd", config.root());
    return new Running(system, system);
  }

  public record Running(ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway) {}
}
