package io.qubitd.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.circuit.qasm.QasmSettings;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.QubitTruth;
import io.qubitd.device.noise.NoiseOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A dynamical-decoupling echo against a plain delay on the chip, both predicted from the truth.
 *
 * <p>The chip drives each qubit at the frequency its last calibration measured; here the truth has
 * moved by {@code DETUNING} since then, so an idle qubit precesses against its drive frame. A Ramsey
 * sequence sx – idle τ – sx then reads P(0) = ½ − ½·e^{−τ/T2}·cos(2π·Δ·τ) (the Bloch vector after
 * the first π/2 pulse lies on the equator, decays by e^{−t/T2} and turns by 2π·Δ·t; amplitude damping
 * moves only z, which the second π/2 pulse does not read), τ running from the start of the first pulse
 * to the start of the second: the delay plus one pulse. An X – X echo (delays T/4, T/2,
 * T/4) flips the accumulated phase at each X, so only the first pulse's window is left: phase
 * 2π·Δ·d₁, while the decay runs over the whole time including the two X pulses. After the final pulse
 * the qubit relaxes over that pulse, P(1) → P(1)·e^{−d₁/T1}. A single qubit has no coupled neighbour
 * in the program, so no residual ZZ enters.
 */
class Qasm3DynamicalDecouplingTest {

  /** Frequency the qubits moved by since calibration, Hz: with T = 10 µs the plain delay turns by π. */
  static final double DETUNING = 50e3;
  static final double T = 10e-6;
  static final int SHOTS = 20000;

  static final String PLAIN = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit q;\nbit c;\n"
      + "sx q;\ndelay[10us] q;\nsx q;\nc = measure q;\n";
  static final String ECHO = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit q;\nbit c;\nduration t = 10us;\n"
      + "sx q;\ndelay[t / 4] q;\nx q;\ndelay[t / 2] q;\nx q;\ndelay[t / 4] q;\nsx q;\nc = measure q;\n";

  /** The truth of {@link ChipExecutorTest#TRUTH} with every qubit's frequency moved by {@code df} Hz. */
  static ChipTruth moved(double df) {
    List<QubitTruth> qs = new ArrayList<>();
    for (QubitTruth q : ChipExecutorTest.TRUTH.qubits()) {
      qs.add(new QubitTruth(q.qubit(), q.t1(), q.t2(), q.frequency() + df, q.gateError1q(), q.readoutP01(),
          q.readoutP10(), q.tls(), q.nominal()));
    }
    return new ChipTruth(ChipExecutorTest.TRUTH.time(), qs, ChipExecutorTest.TRUTH.couplers());
  }

  /** P(read 0) predicted for Ramsey phase {@code phase}, coherence decay over {@code idle} seconds. */
  static double predicted(QubitTruth q, double idle, double phase, boolean readout) {
    double d1 = ChipExecutorTest.CHIP.durations().oneQubit();
    double p1 = (0.5 + 0.5 * Math.exp(-idle / q.t2()) * Math.cos(phase)) * Math.exp(-d1 / q.t1());
    double p0 = 1 - p1;
    return readout ? p0 * (1 - q.readoutP10()) + p1 * q.readoutP01() : p0;
  }

  record Pair(double plain, double echo, QubitTruth qubit) {}

  static Pair run(NoiseOptions noise, ChipTruth truth, CalibrationSnapshot snapshot) {
    ChipExecutor ex = ChipExecutorTest.executor(noise);
    Circuit plain = QasmParser.parse(PLAIN, "plain.qasm", Map.of(), QasmSettings.DEFAULTS);
    Circuit echo = QasmParser.parse(ECHO, "echo.qasm", Map.of(), QasmSettings.DEFAULTS);
    ChipRunResult rp = ex.run(plain, snapshot, truth, SHOTS, 21);
    ChipRunResult re = ex.run(echo, snapshot, truth, SHOTS, 22);
    assertEquals(rp.initialLayout(), re.initialLayout(), "both placed on the same best qubit");
    double d1 = ChipExecutorTest.CHIP.durations().oneQubit();
    double measure = ChipExecutorTest.CHIP.durations().measure();
    // the schedules are the pulses and delays back to back: sx, delay, sx (and the two x of the echo)
    assertEquals(2 * d1 + T + measure, rp.duration(), 1e-12);
    assertEquals(4 * d1 + T + measure, re.duration(), 1e-12);
    return new Pair(rp.counts().getOrDefault("0", 0L) / (double) SHOTS, re.counts().getOrDefault("0", 0L) / (double) SHOTS,
        truth.qubit(rp.initialLayout().get(0)));
  }

  static double sigma(double p) { return Math.sqrt(p * (1 - p) / SHOTS); }

  @Test
  void anEchoRefocusesTheDetuningThatDephasesAPlainDelay() {
    CalibrationSnapshot stale = ChipExecutorTest.TRUTH.asSnapshot("wukong72", 0, Instant.EPOCH);
    ChipTruth now = moved(DETUNING);
    Pair r = run(NoiseOptions.all().withGateError(false).withReadoutError(false), now, stale);
    QubitTruth q = r.qubit();
    double d1 = ChipExecutorTest.CHIP.durations().oneQubit();
    double plain = predicted(q, T + d1, 2 * Math.PI * DETUNING * (T + d1), false);
    double echo = predicted(q, T + 3 * d1, 2 * Math.PI * DETUNING * d1, false);
    assertEquals(plain, r.plain(), 5 * sigma(plain), "plain delay on physical qubit " + q.qubit());
    assertEquals(echo, r.echo(), 5 * sigma(echo), "echo on physical qubit " + q.qubit());
    // the protection the truth predicts: ½·(e^{−τ/T2}·cos 2πΔd₁ − e^{−τ₀/T2}·cos 2πΔτ₀) ≈ e^{−T/T2} at Δ·T = ½, here more than 0.3 of P(0)
    double gain = plain - echo;
    assertTrue(gain > 0.3, "predicted gain " + gain);
    assertEquals(gain, r.plain() - r.echo(), 5 * Math.hypot(sigma(plain), sigma(echo)));
  }

  @Test
  void withEveryNoiseSourceTheEchoStillWinsByThePredictedMargin() {
    CalibrationSnapshot stale = ChipExecutorTest.TRUTH.asSnapshot("wukong72", 0, Instant.EPOCH);
    ChipTruth now = moved(DETUNING);
    Pair r = run(NoiseOptions.all(), now, stale);
    QubitTruth q = r.qubit();
    double d1 = ChipExecutorTest.CHIP.durations().oneQubit();
    double plain = predicted(q, T + d1, 2 * Math.PI * DETUNING * (T + d1), true);
    double echo = predicted(q, T + 3 * d1, 2 * Math.PI * DETUNING * d1, true);
    // gate errors (two or four pulses of error ≤ 0.5 % each) are not in the prediction
    double gates = 4 * 0.005;
    assertEquals(plain, r.plain(), 5 * sigma(plain) + gates, "plain delay on physical qubit " + q.qubit());
    assertEquals(echo, r.echo(), 5 * sigma(echo) + gates, "echo on physical qubit " + q.qubit());
  }

  @Test
  void onAFreshlyCalibratedChipTheEchoOnlyAddsItsPulses() {
    // no detuning, Markovian dephasing: the echo cannot help, both follow e^{−τ/T2}
    Pair r = run(NoiseOptions.all().withGateError(false).withReadoutError(false), ChipExecutorTest.TRUTH,
        ChipExecutorTest.SNAPSHOT);
    QubitTruth q = r.qubit();
    double d1 = ChipExecutorTest.CHIP.durations().oneQubit();
    double plain = predicted(q, T + d1, 0, false);
    double echo = predicted(q, T + 3 * d1, 0, false);
    assertEquals(plain, r.plain(), 5 * sigma(plain));
    assertEquals(echo, r.echo(), 5 * sigma(echo));
  }
}
