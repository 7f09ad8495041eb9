/**
 * Hybrid fine-tuning: a small character-level decoder (DJL on PyTorch) pretrained by qubitd on
 * arithmetic, fine-tuned on word problems through adapters on the attention query and value
 * projections — LoRA, a tensor-train (MPO) low-rank path, or QTHA, whose rank-r bottleneck runs
 * through a quantum layer ({@link io.qubitd.trainer.quantum.QuantumLayer}).
 *
 * <p>Autograd cannot see inside the quantum layer, so {@link io.qubitd.trainer.HybridBackprop}
 * splits the graph at each call: Q's output enters as a leaf, Q's own backward turns dL/dq into
 * dL/du and dL/dθ, and a surrogate backward pass carries dL/du into the classical weights.
 * {@link io.qubitd.trainer.FineTuneSession} is the entry point; pure tensor-train arithmetic lives
 * in {@code io.qubitd.trainer.tensor}.
 */
package io.qubitd.trainer;
