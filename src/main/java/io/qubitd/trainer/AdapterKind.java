package io.qubitd.trainer;

import java.util.Locale;

/** What trains beside the frozen base model: nothing, LoRA, a tensor-train path, or the quantum hybrid. */
public enum AdapterKind {
  /** The base model alone, for its evaluation; nothing trains. */
  NONE,
  /** Low rank: W0·x + (α/r)·B·A·x. */
  LORA,
  /** The low-rank path through tensor-train (MPO) factorised projections d → r → d. */
  MPO,
  /** Quantum tensor hybrid: the MPO path with a quantum layer and its classical bypass at rank r. */
  QTHA;

  /** Parses {@code none|lora|mpo|qtha}, case-insensitive. */
  public static AdapterKind parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown adapter '" + name + "': use none, lora, mpo or qtha", e);
    }
  }

  public String label() { return name().toLowerCase(Locale.ROOT); }
}
