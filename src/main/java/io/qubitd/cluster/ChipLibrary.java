package io.qubitd.cluster;

import io.qubitd.backend.ChipExecutor;
import io.qubitd.config.QubitdConfig;
import io.qubitd.device.ChipSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chips this node knows, by name: each chip file read and each executor built once, on first
 * use, and shared by the node's chip entities and simulation workers (ChipExecutor is thread-safe).
 */
public final class ChipLibrary {
  private final QubitdConfig config;
  private final Map<String, ChipSpec> specs = new ConcurrentHashMap<>();
  private final Map<String, ChipExecutor> executors = new ConcurrentHashMap<>();

  public ChipLibrary(QubitdConfig config) { this.config = config; }

  public QubitdConfig config() { return config; }

  /** The chip file of {@code name}; an unknown name is an IllegalArgumentException saying where it looked. */
  public ChipSpec spec(String name) { return specs.computeIfAbsent(name, config::chip); }

  public ChipExecutor executor(String name) { return executors.computeIfAbsent(name, n -> config.chipExecutor(spec(n))); }
}
