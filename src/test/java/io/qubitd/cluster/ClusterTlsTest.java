package io.qubitd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.qubitd.config.QubitdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With qubitd.cluster.tls on, nodes join only with a certificate the cluster trusts (Artery tls-tcp, mutual auth). */
class ClusterTlsTest {

  final List<ActorSystem<?>> systems = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (ActorSystem<?> s : systems) s.terminate();
    for (ActorSystem<?> s : systems) s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** keytool from this JDK: a key pair with a self-signed certificate, and a trust store holding that certificate. */
  static void identity(Path dir, String name) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String store = dir.resolve(name + ".p12").toString(), cert = dir.resolve(name + ".crt").toString();
    run(keytool, "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=qubitd-" + name,
        "-validity", "2", "-storetype", "PKCS12", "-keystore", store, "-storepass", "changeit", "-keypass", "changeit");
    run(keytool, "-exportcert", "-alias", "node", "-keystore", store, "-storepass", "changeit", "-file", cert);
    run(keytool, "-importcert", "-noprompt", "-alias", "cluster", "-file", cert, "-storetype", "PKCS12",
        "-keystore", dir.resolve(name + "-trust.p12").toString(), "-storepass", "changeit");
  }

  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
  }

  ActorSystem<?> node(Path dir, String name) {
    Config root = ConfigFactory.parseString("""
        qubitd.cluster { enabled = true, port = 0, hostname = "127.0.0.1" }
        qubitd.cluster.tls { enabled = true, key-store-password = changeit, trust-store-password = changeit }
        pekko.cluster.jmx.enabled = off
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        """)
        .withFallback(ConfigFactory.parseMap(java.util.Map.of(
            "qubitd.cluster.tls.key-store", dir.resolve(name + ".p12").toString(),
            "qubitd.cluster.tls.trust-store", dir.resolve(name + "-trust.p12").toString())))
        .withFallback(QubitdConfig.loadRoot()).resolve();
    Config config = ClusterSettings.fromConfig(root.getConfig("qubitd.cluster")).applyTo(root);
    ActorSystem<?> s = ActorSystem.create(Behaviors.empty(), "qubitd", config);
    systems.add(s);
    return s;
  }

  static Address address(ActorSystem<?> s) { return Cluster.get(s).selfMember().address(); }

  @Test
  void aNodeWithoutTheClustersCertificateCannotJoinOneWithItCan(@TempDir Path dir) throws Exception {
    identity(dir, "cluster");
    identity(dir, "stranger");
    ActorSystem<?> first = node(dir, "cluster");
    assertEquals("tls-tcp", first.settings().config().getString("pekko.remote.artery.transport"));
    assertTrue(first.settings().config().getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    Cluster.get(first).manager().tell(Join.create(address(first)));
    ActorSystem<?> member = node(dir, "cluster");
    Cluster.get(member).manager().tell(Join.create(address(first)));
    TestProbe<Object> probe = TestProbe.create(first);
    probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(200), () -> {
      assertEquals(MemberStatus.up(), Cluster.get(member).selfMember().status(), "a node with the certificate joins");
      return null;
    });

    ActorSystem<?> stranger = node(dir, "stranger");
    Cluster.get(stranger).manager().tell(Join.create(address(first)));
    Thread.sleep(8_000);
    assertTrue(Cluster.get(stranger).selfMember().status() != MemberStatus.up(), "the stranger was let in");
    int members = 0;
    for (var m : Cluster.get(first).state().getMembers()) members++;
    assertEquals(2, members, "the cluster still has its two nodes only");
  }

  @Test
  void tlsWithoutAKeyStoreIsRefusedNamingTheSetting() {
    Config root = ConfigFactory.parseString("qubitd.cluster { enabled = true, tls.enabled = true }")
        .withFallback(QubitdConfig.loadRoot()).resolve();
    var refused = assertThrows(ConfigException.class,
        () -> ClusterSettings.fromConfig(root.getConfig("qubitd.cluster")).applyTo(root));
    assertTrue(refused.getMessage().contains("qubitd.cluster.tls.key-store"), refused.getMessage());
  }
}
