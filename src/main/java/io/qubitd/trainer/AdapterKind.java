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
  QTHA,
  /**
   * The ablation of QTHA: the same adapter with its quantum branch replaced by a classical one of the
   * same trainable parameter count ({@link ClassicalBranch}).
   */
  CLASSICAL;

  /** Parses {@code none|lora|mpo|qtha|classical}, case-insensitive. */
  public static AdapterKind parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown adapter '" + name + "': use none, lora, mpo, qtha or classical", e);
    }
  }

  public String label() { return name().toLowerCase(Locale.ROOT); }
}
