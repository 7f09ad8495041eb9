package io.qubitd.kernel;

import static org.junit.jupiter.api.Assertions.*;

import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.GateKind;
import io.qubitd.circuit.Register;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User-facing errors name their input; settings, labels and keys follow the documented conventions. */
class ValidationTest {

  @Test
  void tooManyQubitsFailsBeforeAllocatingAndNamesTheNeed() {
    KernelSettings s = new KernelSettings(4, 14, 1, 1L << 20, Precision.DOUBLE);
    StateTooLargeException e = assertThrows(StateTooLargeException.class, () -> StateVector.zero(17, s));
    // 2^17 amplitudes × 16 bytes = 2 MiB
    assertTrue(e.getMessage().contains("17-qubit"), e.getMessage());
    assertTrue(e.getMessage().contains("2097152 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("1048576 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("kernel.max-state-memory"), e.getMessage());
    assertEquals(17, e.qubits());
    StateTooLargeException single = assertThrows(StateTooLargeException.class,
        () -> FloatStateVector.zero(18, s.withPrecision(Precision.SINGLE)));
    assertTrue(single.getMessage().contains("2097152 bytes"), single.getMessage());
    StateTooLargeException chip = assertThrows(StateTooLargeException.class,
        () -> new IdealSimulator(KernelSettings.defaults()).run(Circuit.builder(72, 0).gate(GateKind.H, 0).build(), 10, 1, false));
    assertTrue(chip.getMessage().contains("72-qubit"), chip.getMessage());
    assertTrue(chip.getMessage().contains("75557863725914323419136 bytes"), chip.getMessage());
    assertNotNull(StateVector.zero(16, s));
  }

  @Test
  void settingsAreValidated() {
    KernelSettings d = KernelSettings.defaults();
    assertEquals(4, d.fusionMaxWidth());
    assertEquals(14, d.parallelThresholdQubits());
    assertTrue(d.maxStateBytes() > 0 && d.maxStateBytes() <= Runtime.getRuntime().maxMemory());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withFusionMaxWidth(7));
    assertTrue(e.getMessage().contains("fusion-max-width"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.withParallelism(14, 0));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxStateBytes(0));
    assertThrows(IllegalArgumentException.class, () -> d.withPrecision(null));
  }

  @Test
  void pauliLabelsAreValidatedAndReadRightToLeft() {
    PauliString p = new PauliString("XYZI");
    assertEquals('I', p.on(0));
    assertEquals('Z', p.on(1));
    assertEquals('X', p.on(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PauliString("XQ"));
    assertTrue(e.getMessage().contains("'Q'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PauliString(""));
  }

  @Test
  void bitstringsPrintHighestBitLeftAndLastRegisterFirst() {
    List<Register> one = List.of(new Register("c", 0, 3));
    assertEquals("001", Bitstrings.format(0b001, one));
    List<Register> two = List.of(new Register("a", 0, 2), new Register("b", 2, 3));
    // a = bits 0-1 = 10, b = bits 2-4 = 011
    assertEquals("011 10", Bitstrings.format(0b01110, two));
  }

  @Test
  void moreThan64ClassicalBitsIsAClearError() {
    Circuit c = Circuit.builder(1, 65).measure(0, 64).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new IdealSimulator(KernelSettings.defaults()).run(c, 1, 1, false));
    assertTrue(e.getMessage().contains("65 classical bits"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new IdealSimulator(KernelSettings.defaults()).run(c, 0, 1, false));
  }
}
