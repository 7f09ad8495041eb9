package io.qubitd.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/** Scoping of one step's temporaries. */
final class Steps {
  private Steps() {}

  /**
   * A sub-manager that owns every array made during one step: the long-lived arrays are lent to it
   * (results of an op join the manager of its operand), and go back to their owner when it closes.
   * Gradient recording starts off: PyTorch keeps that flag per thread, a new thread starts with it on
   * (in-place updates of parameters would then fail), and an actor may call from any thread.
   */
  static NDManager scope(NDManager root, List<NDArray> persistent) {
    outsideRecording();
    NDManager m = root.newSubManager();
    for (NDArray a : persistent) a.tempAttach(m);
    return m;
  }

  /**
   * Turns PyTorch's per-thread gradient recording off on the calling thread: a fresh thread (an
   * actor's dispatcher) starts with it on, and loading or saving parameters in place would fail.
   */
  static void outsideRecording() {
    Engine.getEngine("PyTorch"); // loads the native library before its first call
    JniUtils.setGradMode(false);
  }
}
