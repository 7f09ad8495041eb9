package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** Scoping of one step's temporaries. */
final class Steps {
  private Steps() {}

  /**
   * A sub-manager that owns every array made during one step: the long-lived arrays are lent to it
   * (results of an op join the manager of its operand), and go back to their owner when it closes.
   */
  static NDManager scope(NDManager root, List<NDArray> persistent) {
    NDManager m = root.newSubManager();
    for (NDArray a : persistent) a.tempAttach(m);
    return m;
  }
}
