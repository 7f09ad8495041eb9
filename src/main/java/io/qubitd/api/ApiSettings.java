package io.qubitd.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * The HTTP API's settings (qubitd.api in reference.conf).
 *
 * @param askTimeout      how long a request waits for the gateway before answering 503
 * @param readyTimeout    how long /v1/ready waits for the gateway
 * @param eventBuffer     events buffered per event-stream client; a client that falls further behind is disconnected
 * @param listLimit       jobs listed when the request gives no limit
 * @param listMaxLimit    the largest limit a list request may ask for
 * @param defaultShots    shots of a circuit that gives none
 * @param unbindDeadline  how long open connections may finish on shutdown
 * @param shutdownTimeout how long serve waits, on SIGTERM, for the daemon to stop before exiting anyway
 * @param entityTimeout   how long a request body may take to arrive before the request is a 408
 * @param headerTimeout   how long a new connection may take to send its first request's headers before it is closed
 * @param maxConnections  connections served at once; one more is answered 503 and closed
 */
public record ApiSettings(
    String host, int port, Duration askTimeout, Duration readyTimeout, int eventBuffer, int listLimit,
    int listMaxLimit, int defaultShots, Duration unbindDeadline, Duration shutdownTimeout, Duration entityTimeout,
    Duration headerTimeout, int maxConnections) {

  /** Reads the {@code qubitd.api} subtree of {@code root}; values out of range are a ConfigException naming the key. */
  public static ApiSettings fromConfig(Config root) {
    Config c = root.getConfig("qubitd.api");
    ApiSettings s = new ApiSettings(c.getString("host"), c.getInt("port"), c.getDuration("ask-timeout"),
        c.getDuration("ready-timeout"), c.getInt("event-buffer"), c.getInt("list-limit"), c.getInt("list-max-limit"),
        c.getInt("default-shots"), c.getDuration("unbind-deadline"), c.getDuration("shutdown-timeout"),
        c.getDuration("entity-timeout"), c.getDuration("header-timeout"), c.getInt("max-connections"));
    check(c, "port", s.port >= 0 && s.port <= 65535, "must be within 0..65535");
    check(c, "ask-timeout", !s.askTimeout.isNegative() && !s.askTimeout.isZero(), "must be positive");
    check(c, "ready-timeout", !s.readyTimeout.isNegative() && !s.readyTimeout.isZero(), "must be positive");
    check(c, "event-buffer", s.eventBuffer >= 1, "must be at least 1");
    check(c, "list-limit", s.listLimit >= 1 && s.listLimit <= s.listMaxLimit, "must be within 1..list-max-limit");
    check(c, "default-shots", s.defaultShots >= 1, "must be at least 1");
    check(c, "entity-timeout", !s.entityTimeout.isNegative() && !s.entityTimeout.isZero(), "must be positive");
    check(c, "header-timeout", !s.headerTimeout.isNegative() && !s.headerTimeout.isZero(), "must be positive");
    check(c, "max-connections", s.maxConnections >= 1, "must be at least 1");
    return s;
  }

  /** The same settings with another host and port (command-line overrides). */
  public ApiSettings withAddress(String newHost, int newPort) {
    return new ApiSettings(newHost, newPort, askTimeout, readyTimeout, eventBuffer, listLimit, listMaxLimit,
        defaultShots, unbindDeadline, shutdownTimeout, entityTimeout, headerTimeout, maxConnections);
  }

  private static void check(Config c, String key, boolean ok, String rule) {
    if (!ok) throw new ConfigException.BadValue(c.origin(), "qubitd.api." + key, rule + ", got " + c.getValue(key).render());
  }
}
