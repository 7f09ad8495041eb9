package io.qubitd.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationStoreTest {

  @Test
  void aStoreReadsEveryValueBeforeWritingAnyBit() {
    // bit 0 := bit 1 and bit 1 := bit 0 together swap them: 01 -> 10, 10 -> 01 (written one after the other, 01 -> 11)
    Operation.Store swap = new Operation.Store(List.of(0, 1), List.of(new Condition(List.of(1), 1), new Condition(List.of(0), 1)), null);
    assertEquals(0b10L, swap.apply(0b01L));
    assertEquals(0b01L, swap.apply(0b10L));
    assertEquals(0b111L, swap.apply(0b111L));
  }

  @Test
  void aStoreRunsOnlyWhereItsConditionHolds() {
    // bit 2 := bit 0 XOR bit 1 (readings 01 and 10), only where bit 3 is 1
    BitSet odd = new BitSet();
    odd.set(1);
    odd.set(2);
    Operation.Store parity = new Operation.Store(List.of(2), List.of(new Condition(List.of(0, 1), 0, odd)), new Condition(List.of(3), 1));
    assertEquals(0b1101L, parity.apply(0b1001L));
    assertEquals(0b1011L, parity.apply(0b1111L));
    assertEquals(0b0001L, parity.apply(0b0001L));
    assertEquals(List.of(0, 1, 3), parity.reads());
  }

  @Test
  void aCircuitChecksTheBitsAStoreTouches() {
    Operation.Store outside = new Operation.Store(List.of(2), List.of(new Condition(List.of(0), 1)), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Circuit("c", List.of(new Register("q", 0, 1)), List.of(new Register("c", 0, 2)), List.of(outside)));
    assertEquals("store writes bit 2 of 2", e.getMessage());
  }
}
