package io.qubitd.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the API (qubitd.api.tenants): API tokens, kept only as SHA-256 hashes in a tokens file,
 * each bound to a tenant with a role and quotas. Without a tokens file the daemon has one local
 * tenant, an admin, and serves loopback only.
 */
public final class Tenants {

  /**
   * What one tenant may do.
   *
   * @param maxQueuedJobs     its queued jobs, summed over backends, before a submission is a 429
   * @param circuitsPerMinute circuits it may submit in any minute
   * @param shotsPerDay       shots it may submit per UTC day
   * @param trainingSessions  training sessions it may hold
   * @param maxPriority       the highest job priority it may ask for
   * @param operationShotsPerJob one job's operations x shots (summed over its circuits) at most
   * @param circuitMemory     bytes of simulation state one of its circuits may need at most
   */
  public record Quotas(int maxQueuedJobs, int circuitsPerMinute, long shotsPerDay, int trainingSessions, int maxPriority,
      long operationShotsPerJob, long circuitMemory) {}

  /** A tenant; an admin sees and cancels every tenant's jobs and sessions. */
  public record Tenant(String name, boolean admin, Quotas quotas) {}

  /** The tenant of a daemon without tokens. */
  public static final String LOCAL = "local";

  private final Map<String, Tenant> byHash;
  private final Tenant local;

  private Tenants(Map<String, Tenant> byHash, Tenant local) {
    this.byHash = byHash;
    this.local = local;
  }

  /** Reads {@code qubitd.api.tenants}; a bad tokens file is a ConfigException naming the file and the key. */
  public static Tenants fromConfig(Config root) {
    Config c = root.getConfig("qubitd.api.tenants");
    Quotas defaults = quotas(c.getConfig("default-quotas"), "qubitd.api.tenants.default-quotas");
    String file = c.getString("tokens-file");
    if (file.isBlank()) return new Tenants(Map.of(), new Tenant(LOCAL, true, defaults));
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new ConfigException.BadValue(c.origin(), "qubitd.api.tenants.tokens-file", "cannot read " + path.toAbsolutePath());
    }
    Config tokens = ConfigFactory.parseFile(path.toFile()).resolve();
    Map<String, Tenant> byHash = new LinkedHashMap<>();
    List<? extends Config> entries = tokens.getConfigList("tenants");
    for (int i = 0; i < entries.size(); i++) {
      Config t = entries.get(i);
      String where = path + ": tenants[" + i + "]";
      String hash = t.getString("token-sha256").toLowerCase(java.util.Locale.ROOT);
      if (!hash.matches("[0-9a-f]{64}")) {
        throw new ConfigException.BadValue(t.origin(), "token-sha256", where + ".token-sha256 must be 64 hex digits (sha256sum of the token)");
      }
      String role = t.hasPath("role") ? t.getString("role") : "user";
      if (!role.equals("user") && !role.equals("admin")) {
        throw new ConfigException.BadValue(t.origin(), "role", where + ".role must be user or admin, got " + role);
      }
      Config q = t.hasPath("quotas") ? t.getConfig("quotas").withFallback(c.getConfig("default-quotas"))
          : c.getConfig("default-quotas");
      String name = t.getString("name");
      // a tenant's name prefixes its training sessions' directories
      if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
        throw new ConfigException.BadValue(t.origin(), "name", where + ".name must be 1..32 letters, digits, '_' or '-', got " + name);
      }
      byHash.put(hash, new Tenant(name, role.equals("admin"), quotas(q, where + ".quotas")));
    }
    if (byHash.isEmpty()) {
      throw new ConfigException.BadValue(c.origin(), "qubitd.api.tenants.tokens-file", path + " lists no tenants");
    }
    return new Tenants(byHash, null);
  }

  private static Quotas quotas(Config q, String where) {
    Quotas out = new Quotas(q.getInt("max-queued-jobs"), q.getInt("circuits-per-minute"), q.getLong("shots-per-day"),
        q.getInt("training-sessions"), q.getInt("max-priority"),
        q.getLong("operation-shots-per-job"), q.getBytes("circuit-memory"));
    if (out.maxQueuedJobs() < 1 || out.circuitsPerMinute() < 1 || out.shotsPerDay() < 1 || out.trainingSessions() < 0
        || out.operationShotsPerJob() < 1 || out.circuitMemory() < 1) {
      throw new ConfigException.BadValue(q.origin(), where, "quotas must be positive (training-sessions >= 0), got " + out);
    }
    return out;
  }

  /** Whether API tokens are configured. */
  public boolean configured() { return local == null; }

  /**
   * The tenant an {@code Authorization} header names: with tokens configured, {@code Bearer <token>}
   * whose SHA-256 is listed; without, the local tenant whatever the header says. Empty when unknown.
   */
  public Optional<Tenant> authenticate(Optional<String> authorization) {
    if (local != null) return Optional.of(local);
    if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
    String hash = sha256(authorization.get().substring(7).trim());
    Tenant found = null;
    // compare every entry in constant time, so the answer's timing says nothing about near misses
    for (Map.Entry<String, Tenant> e : byHash.entrySet()) {
      if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
        found = e.getValue();
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Refuses to serve a non-loopback address without tokens: anyone who reaches the port would be the
   * local admin. The message says how to configure tokens.
   */
  public void requireTokensUnlessLoopback(String host) {
    if (configured() || isLoopback(host)) return;
    throw new IllegalStateException("refusing to serve on " + host + " without API tokens: anyone reaching it could run,"
        + " read and cancel every job. Write a tokens file (tenants = [{name = alice, token-sha256 = \"<sha256sum of the"
        + " token>\", role = user}]) and set qubitd.api.tenants.tokens-file (or QUBITD_TOKENS_FILE) to it, or bind to"
        + " 127.0.0.1 (qubitd.api.host, QUBITD_HOST, --host)");
  }

  private static boolean isLoopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) if (!a.isLoopbackAddress()) return false;
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The lower-case hex SHA-256 of a token's UTF-8 bytes, as the tokens file holds it. */
  public static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }
}
