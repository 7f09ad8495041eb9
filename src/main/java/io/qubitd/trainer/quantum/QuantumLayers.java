package io.qubitd.trainer.quantum;

import io.qubitd.scheduler.GatewayProtocol;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/** The one factory the {@code train} command calls: a quantum layer by mode name. */
public final class QuantumLayers {
  private QuantumLayers() {}

  /** The modes, as named in configuration and on the command line. */
  public enum Mode {
    EXACT, SHOTS, CHIP;

    /** The mode named {@code name} (case-insensitive); throws listing the modes otherwise. */
    public static Mode parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("unknown quantum mode '" + name + "'; use exact, shots or chip");
      }
    }
  }

  /**
   * An exact or shots layer of {@code r} qubits and {@code layers} layers (no actor system needed).
   * Throws naming the mode for "chip", which needs {@link #create(String, int, int, QuantumSettings, ActorSystem, ActorRef)}.
   */
  public static QuantumLayer create(String mode, int r, int layers, QuantumSettings settings) {
    return create(mode, r, layers, settings, null, null);
  }

  /**
   * A layer in any mode; {@code system} and {@code gateway} (the daemon's, or one found through the
   * receptionist under {@link GatewayProtocol#KEY}) are used by "chip" only and may be null otherwise.
   */
  public static QuantumLayer create(String mode, int r, int layers, QuantumSettings settings,
                                    ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway) {
    return create(mode, r, layers, settings, system, gateway, FamilyLayer.Gradient.CHIP_SHIFT);
  }

  /**
   * As above; in chip and shots modes the layer evaluates parameter sets of the ansatz family (on the
   * chip, or sampled from exact states) and takes gradients by {@code gradient}.
   */
  public static QuantumLayer create(String mode, int r, int layers, QuantumSettings settings,
                                    ActorSystem<?> system, ActorRef<GatewayProtocol.Command> gateway,
                                    FamilyLayer.Gradient gradient) {
    LayerAnsatz ansatz = new LayerAnsatz(r, layers);
    return switch (Mode.parse(mode)) {
      case EXACT -> new ExactQuantumLayer(ansatz);
      // the chip's path (bindings, deduplication, gradient modes) with noiseless sampled counts
      case SHOTS -> new FamilyLayer(ansatz, new ShotsFamilyEvaluator(ansatz, settings.shots(), settings.seed()), gradient,
          settings.seed());
      case CHIP -> {
        if (system == null || gateway == null) {
          throw new IllegalArgumentException("quantum mode 'chip' needs an actor system and the daemon's gateway");
        }
        yield new FamilyLayer(ansatz, new ChipBatchEvaluator(system, gateway, settings, ansatz), gradient, settings.seed());
      }
    };
  }
}
