/** Tensor-train (MPO) matrices as plain arrays: contraction with dense batches and the dense form. Pure. */
package io.qubitd.trainer.tensor;
