package io.qubitd.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cluster mode, from {@code qubitd.cluster}: whether this daemon is one node of a Pekko cluster, the
 * seed nodes it joins, and what it offers the cluster.
 *
 * @param seedNodes          pekko://qubitd@host:port addresses; empty means pekko.cluster.seed-nodes as configured
 *                           (and a node with no seed nodes at all founds a cluster of its own)
 * @param workPulling        whether chip runs simulate their regions on the cluster's worker pool (else on their own node)
 * @param simulationWorkers  simulation workers this node adds to the cluster's pool (0: it only hosts chips)
 * @param regionTimeout      how long a worker may take on one region before the region goes to another worker too
 * @param handoffDrain       how long a chip leaving this node may take to finish the run on it
 */
public record ClusterSettings(boolean enabled, List<String> seedNodes, boolean workPulling, int simulationWorkers,
    Duration regionTimeout, Duration handoffDrain) {

  public ClusterSettings {
    seedNodes = List.copyOf(seedNodes);
    if (simulationWorkers < 0) {
      throw new IllegalArgumentException("qubitd.cluster.simulation-workers must be >= 0, got " + simulationWorkers);
    }
    if (regionTimeout.isNegative() || regionTimeout.isZero()) {
      throw new IllegalArgumentException("qubitd.cluster.region-timeout must be > 0, got " + regionTimeout);
    }
    if (handoffDrain.isNegative() || handoffDrain.isZero()) {
      throw new IllegalArgumentException("qubitd.cluster.handoff-drain must be > 0, got " + handoffDrain);
    }
    for (String s : seedNodes) {
      if (!s.startsWith("pekko://")) {
        throw new IllegalArgumentException("seed node '" + s + "' is not an address like pekko://qubitd@10.0.0.1:25520");
      }
    }
  }

  /** Reads {@code qubitd.cluster}; seed-nodes is a list or one comma-separated string (as QUBITD_SEED_NODES gives it). */
  public static ClusterSettings fromConfig(Config c) {
    List<String> seeds = new ArrayList<>();
    if (c.getValue("seed-nodes").valueType() == ConfigValueType.LIST) {
      seeds.addAll(c.getStringList("seed-nodes"));
    } else {
      for (String s : c.getString("seed-nodes").split(",")) if (!s.isBlank()) seeds.add(s.trim());
    }
    try {
      return new ClusterSettings(c.getBoolean("enabled"), seeds, c.getBoolean("work-pulling"), c.getInt("simulation-workers"),
          c.getDuration("region-timeout"), c.getDuration("handoff-drain"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(c.origin(), "qubitd.cluster", e.getMessage());
    }
  }

  /**
   * {@code root} with what cluster mode implies on top: the cluster actor provider, the seed nodes when
   * these settings name any, and, with qubitd.cluster.tls.enabled, Artery over TLS with mutual
   * authentication. Precondition: {@link #enabled()}.
   */
  public Config applyTo(Config root) {
    Config overlay = ConfigFactory.empty().withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"));
    if (!seedNodes.isEmpty()) overlay = overlay.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedNodes));
    Config tls = root.getConfig("qubitd.cluster.tls");
    if (tls.getBoolean("enabled")) overlay = tls(tls).withFallback(overlay);
    return overlay.withFallback(root);
  }

  /** Artery's tls-tcp transport: both sides of every connection show a certificate the other trusts. */
  private static Config tls(Config tls) {
    for (String key : new String[] {"key-store", "trust-store"}) {
      if (tls.getString(key).isBlank()) {
        throw new ConfigException.BadValue(tls.origin(), "qubitd.cluster.tls." + key,
            "must name a PKCS12 file when qubitd.cluster.tls.enabled (deploy/README.md: cluster certificates)");
      }
    }
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    return ConfigFactory.empty()
        .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
        .withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(tls.getString("key-store")))
        .withValue(engine + "key-store-password", ConfigValueFactory.fromAnyRef(tls.getString("key-store-password")))
        .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(tls.getString("key-store-password")))
        .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(tls.getString("trust-store")))
        .withValue(engine + "trust-store-password", ConfigValueFactory.fromAnyRef(tls.getString("trust-store-password")))
        .withValue(engine + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true))
        .withValue(engine + "protocol", ConfigValueFactory.fromAnyRef("TLSv1.3"))
        .withValue(engine + "enabled-algorithms", ConfigValueFactory.fromIterable(java.util.List.of("TLS_AES_256_GCM_SHA384")));
  }
}
