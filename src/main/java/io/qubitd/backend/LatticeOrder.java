package io.qubitd.backend;

import io.qubitd.device.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which a chain of sites (an MPS) holds a program's qubits on a lattice: a snake
 * along the lattice's shorter side, column by column (or row by row), turning at each end, so
 * that neighbours across the snake are at most twice the short side apart and a cut of the
 * chain crosses at most short-side + 1 couplers.
 */
public final class LatticeOrder {
  private LatticeOrder() {}

  /**
   * The compact qubits 0..k-1 of a program whose compact qubit i is physical qubit
   * {@code physical.get(i)}, in snake order over {@code topology}'s positions.
   */
  public static List<Integer> snake(Topology topology, List<Integer> physical) {
    int rows = 0, cols = 0;
    for (int q = 0; q < topology.numQubits(); q++) {
      rows = Math.max(rows, topology.position(q).row() + 1);
      cols = Math.max(cols, topology.position(q).col() + 1);
    }
    boolean alongColumns = rows <= cols;
    int shortSide = alongColumns ? rows : cols;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < physical.size(); i++) order.add(i);
    order.sort(Comparator.comparingInt(i -> rank(topology.position(physical.get(i)), alongColumns, shortSide)));
    return order;
  }

  private static int rank(Topology.Position p, boolean alongColumns, int shortSide) {
    int major = alongColumns ? p.col() : p.row();
    int minor = alongColumns ? p.row() : p.col();
    return major * shortSide + (major % 2 == 0 ? minor : shortSide - 1 - minor);
  }
}
