package io.qubitd.circuit;

/** A named quantum or classical register: indices {@code offset .. offset+size-1} of the flat list. */
public record Register(String name, int offset, int size) {
  public Register {
    if (size < 1) throw new IllegalArgumentException("register " + name + " has size " + size);
    if (offset < 0) throw new IllegalArgumentException("register " + name + " has offset " + offset);
  }

  public int index(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("index " + i + " out of range for " + name + "[" + size + "]");
    }
    return offset + i;
  }
}
