/**
 * The compiler: gets any user circuit onto the chip. {@link io.qubitd.compile.NativeDecomposer}
 * lowers every IR gate to RZ, SX, X and CZ; {@link io.qubitd.compile.Compiler} places the circuit
 * on a connected region of good qubits of a calibration snapshot, routes it with SABRE, optimises
 * it and schedules it ASAP with the chip's gate durations. Pure Java: no Pekko here.
 */
package io.qubitd.compile;
