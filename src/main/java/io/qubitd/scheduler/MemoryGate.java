package io.qubitd.scheduler;

import io.qubitd.kernel.HeapRoom;

/**
 * Admits simulations by the memory their states need rather than by count, so that circuits each
 * within the kernel's state limit cannot together exhaust the heap: a simulation waits until the
 * bytes it asks for are free. One gate per JVM, because the heap is shared by every backend.
 */
public final class MemoryGate {

  /** The gate of this JVM, holding {@link #heapBudget()} bytes. */
  static final MemoryGate HEAP = new MemoryGate(heapBudget());

  /**
   * The heap's old generation ({@link HeapRoom}: simulation states live there) less a quarter (at
   * least 256 MiB kept) for everything that is not a state.
   */
  static long heapBudget() {
    long max = HeapRoom.oldGenerationBytes();
    return Math.max(max / 4, max - Math.max(max / 4, 256L << 20));
  }

  private final long capacity;
  private long used;

  MemoryGate(long capacity) {
    if (capacity < 1) throw new IllegalArgumentException("a memory gate needs a positive capacity, got " + capacity);
    this.capacity = capacity;
  }

  long capacity() { return capacity; }

  /**
   * Blocks until {@code bytes} are free and takes them; a request above the capacity takes all of it
   * (admission refuses such circuits, so this only avoids waiting forever). Returns what was taken.
   */
  synchronized long acquire(long bytes) throws InterruptedException {
    long take = Math.min(Math.max(bytes, 0), capacity);
    while (used + take > capacity) wait();
    used += take;
    return take;
  }

  synchronized void release(long taken) {
    used -= taken;
    notifyAll();
  }

  synchronized long used() { return used; }
}
