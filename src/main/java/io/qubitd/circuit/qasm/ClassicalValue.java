package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Condition;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A classical value during elaboration: a constant, or a function of measured bits held as a table
 * over those bits. {@code deps} are classical memory bits in increasing order; entry k of
 * {@code table} is the value when bit {@code deps[j]} reads bit j of k. A constant has no deps and
 * one entry. Integers are held exactly as doubles (|v| below 2^53); {@code width} is the declared
 * size in bits (0 = unsized).
 */
record ClassicalValue(Kind kind, int width, int[] deps, double[] table) {

  enum Kind { BIT, BOOL, INT, UINT, FLOAT, ANGLE, DURATION }

  /** Thrown when a value would depend on more measured bits than a condition can read. */
  static final class TooManyBits extends RuntimeException {
    TooManyBits(int n) { super(Integer.toString(n), null, false, false); }
  }

  static ClassicalValue constant(Kind kind, int width, double v) {
    return new ClassicalValue(kind, width, new int[0], new double[] {normalize(kind, width, v)});
  }

  /** The value of memory bit {@code m}. */
  static ClassicalValue memoryBit(int m) {
    return new ClassicalValue(Kind.BIT, 1, new int[] {m}, new double[] {0, 1});
  }

  boolean isConstant() { return deps.length == 0; }

  double value() { return table[0]; }

  /** The same function of the bits, cast to {@code kind[width]}. */
  ClassicalValue as(Kind k, int w) {
    double[] t = new double[table.length];
    for (int i = 0; i < t.length; i++) t[i] = normalize(k, w, table[i]);
    return new ClassicalValue(k, w, deps, t);
  }

  ClassicalValue map(Kind k, int w, DoubleUnaryOperator f) {
    double[] t = new double[table.length];
    for (int i = 0; i < t.length; i++) t[i] = normalize(k, w, f.applyAsDouble(table[i]));
    return new ClassicalValue(k, w, deps, t).reduced();
  }

  /** The same function without the bits it does not depend on. */
  ClassicalValue reduced() {
    int[] d = deps;
    double[] t = table;
    for (int j = d.length - 1; j >= 0; j--) {
      boolean matters = false;
      for (int i = 0; i < t.length && !matters; i++) {
        if (((i >>> j) & 1) == 0 && t[i] != t[i | (1 << j)]) matters = true;
      }
      if (matters) continue;
      double[] nt = new double[t.length / 2];
      for (int i = 0; i < nt.length; i++) {
        int low = i & ((1 << j) - 1), high = (i >>> j) << (j + 1);
        nt[i] = t[high | low];
      }
      int[] nd = new int[d.length - 1];
      for (int k = 0, m = 0; k < d.length; k++) if (k != j) nd[m++] = d[k];
      d = nd;
      t = nt;
    }
    return d == deps ? this : new ClassicalValue(kind, width, d, t);
  }

  /** Pointwise {@code f(a, b)} over the union of both values' bits. */
  static ClassicalValue combine(ClassicalValue a, ClassicalValue b, Kind k, int w, DoubleBinaryOperator f) {
    int[] deps = union(a.deps, b.deps);
    if (deps.length > Condition.MAX_TABLE_BITS) throw new TooManyBits(deps.length);
    int[] pa = positions(a.deps, deps), pb = positions(b.deps, deps);
    double[] t = new double[1 << deps.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = normalize(k, w, f.applyAsDouble(a.table[project(i, pa)], b.table[project(i, pb)]));
    }
    return new ClassicalValue(k, w, deps, t).reduced();
  }

  /** {@code cond ? whenTrue : whenFalse}, pointwise. */
  static ClassicalValue select(ClassicalValue cond, ClassicalValue whenTrue, ClassicalValue whenFalse) {
    int[] deps = union(union(cond.deps, whenTrue.deps), whenFalse.deps);
    if (deps.length > Condition.MAX_TABLE_BITS) throw new TooManyBits(deps.length);
    int[] pc = positions(cond.deps, deps), pt = positions(whenTrue.deps, deps), pf = positions(whenFalse.deps, deps);
    double[] t = new double[1 << deps.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = cond.table[project(i, pc)] != 0 ? whenTrue.table[project(i, pt)] : whenFalse.table[project(i, pf)];
    }
    return new ClassicalValue(whenTrue.kind, whenTrue.width, deps, t).reduced();
  }

  /** The condition true where this value is non-zero; null when it is constant. */
  Condition condition() {
    java.util.BitSet accepted = new java.util.BitSet();
    for (int i = 0; i < table.length; i++) if (table[i] != 0) accepted.set(i);
    return Condition.anyOf(Arrays.stream(deps).boxed().toList(), accepted);
  }

  boolean sameAs(ClassicalValue o) { return Arrays.equals(deps, o.deps) && Arrays.equals(table, o.table); }

  boolean dependsOn(int m) {
    for (int d : deps) if (d == m) return true;
    return false;
  }

  /** The memory bit this value is exactly, or -1. */
  int memoryBitOrNone() {
    return deps.length == 1 && table.length == 2 && table[0] == 0 && table[1] == 1 ? deps[0] : -1;
  }

  /**
   * The bits of an angle[width] holding {@code radians}: the integer k with radians = k·2π/2^width, so bit
   * width−1 is worth π and bit 0, the least significant, 2π/2^width (as the specification's angle bits).
   */
  static long angleBits(double radians, int width) {
    long k = Math.round(radians / (2 * Math.PI) * Math.scalb(1.0, width));
    return k & ((1L << width) - 1);
  }

  /** The angle[width] whose bits read {@code k}: k·2π/2^width. */
  static double angleOfBits(long k, int width) {
    return (k & ((1L << width) - 1)) * (2 * Math.PI) / Math.scalb(1.0, width);
  }

  /** The memory bits of several values together, in increasing order. */
  static int[] unionDeps(ClassicalValue... values) {
    int[] d = new int[0];
    for (ClassicalValue v : values) d = union(d, v.deps);
    return d;
  }

  /** This value where the memory bits {@code all} (a superset of its deps, increasing) read {@code reading}. */
  double at(int[] all, int reading) { return table[project(reading, positions(deps, all))]; }

  /** {@code v} as a {@code kind[width]} holds it: integers wrap, angles reduce modulo 2π. */
  static double normalize(Kind kind, int width, double v) {
    switch (kind) {
      case BOOL: return v != 0 ? 1 : 0;
      case BIT: case UINT: {
        long x = (long) v;
        if (width > 0 && width < 63) x &= (1L << width) - 1;
        return x;
      }
      case INT: {
        long x = (long) v;
        if (width > 0 && width < 63) {
          x &= (1L << width) - 1;
          if ((x >>> (width - 1)) != 0) x -= 1L << width;
        }
        return x;
      }
      case ANGLE: {
        double r = v % (2 * Math.PI);
        if (r < 0) r += 2 * Math.PI;
        if (width > 0 && width < 53) {
          double step = 2 * Math.PI / (1L << width);
          r = Math.rint(r / step) % (1L << width) * step;
        }
        return r;
      }
      default: return v;
    }
  }

  private static int[] union(int[] a, int[] b) {
    return java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
  }

  private static int[] positions(int[] sub, int[] all) {
    int[] pos = new int[sub.length];
    for (int i = 0; i < sub.length; i++) pos[i] = Arrays.binarySearch(all, sub[i]);
    return pos;
  }

  private static int project(int index, int[] positions) {
    int k = 0;
    for (int j = 0; j < positions.length; j++) k |= ((index >>> positions[j]) & 1) << j;
    return k;
  }
}
