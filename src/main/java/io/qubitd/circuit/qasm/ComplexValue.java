package io.qubitd.circuit.qasm;

/**
 * An OpenQASM 3 {@code complex} value known at elaboration: real and imaginary parts as doubles
 * ({@code complex[float[64]]}). Complex values are classical constants here; none is read from a measurement.
 */
record ComplexValue(double re, double im) {

  ComplexValue plus(ComplexValue o) { return new ComplexValue(re + o.re, im + o.im); }

  ComplexValue minus(ComplexValue o) { return new ComplexValue(re - o.re, im - o.im); }

  ComplexValue times(ComplexValue o) { return new ComplexValue(re * o.re - im * o.im, re * o.im + im * o.re); }

  ComplexValue dividedBy(ComplexValue o) {
    double d = o.re * o.re + o.im * o.im;
    return new ComplexValue((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
  }

  ComplexValue negate() { return new ComplexValue(-re, -im); }

  double abs() { return Math.hypot(re, im); }

  double arg() { return Math.atan2(im, re); }

  /** e^z. */
  ComplexValue exp() {
    double m = Math.exp(re);
    return new ComplexValue(m * Math.cos(im), m * Math.sin(im));
  }

  /** The principal logarithm: ln|z| + i·arg z, arg in (−π, π]. */
  ComplexValue log() { return new ComplexValue(Math.log(abs()), arg()); }

  /** The principal square root. */
  ComplexValue sqrt() {
    double r = Math.sqrt(abs()), a = arg() / 2;
    return new ComplexValue(r * Math.cos(a), r * Math.sin(a));
  }

  /** z^w = e^{w·ln z} (principal); 0^w = 0 for w ≠ 0, and 1 for w = 0. */
  ComplexValue pow(ComplexValue w) {
    if (re == 0 && im == 0) return w.re == 0 && w.im == 0 ? new ComplexValue(1, 0) : new ComplexValue(0, 0);
    return w.times(log()).exp();
  }
}
