package io.qubitd.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chip's connectivity: physical qubits 0..n-1 at lattice positions, and one coupler per
 * edge. Couplers are numbered in the order of {@link #edges()}.
 */
public final class Topology {

  /** One coupler between physical qubits {@code a < b}. */
  public record Edge(int a, int b) {
    public Edge {
      if (a == b) throw new IllegalArgumentException("an edge needs two distinct qubits, got " + a);
      if (a > b) { int t = a; a = b; b = t; }
    }
    public int other(int q) {
      if (q == a) return b;
      if (q == b) return a;
      throw new IllegalArgumentException("qubit " + q + " is not on edge " + this);
    }
  }

  /** Row and column of a qubit on the lattice. */
  public record Position(int row, int col) {}

  private final List<Position> positions;
  private final List<Edge> edges;
  private final Map<Edge, Integer> edgeIndex = new HashMap<>();
  private final List<List<Integer>> neighbours;

  public Topology(List<Position> positions, List<Edge> edges) {
    this.positions = List.copyOf(positions);
    this.edges = List.copyOf(edges);
    int n = positions.size();
    List<List<Integer>> nb = new ArrayList<>();
    for (int i = 0; i < n; i++) nb.add(new ArrayList<>());
    for (int i = 0; i < edges.size(); i++) {
      Edge e = edges.get(i);
      if (e.b() >= n) throw new IllegalArgumentException("edge " + e + " names a qubit beyond " + (n - 1));
      if (edgeIndex.put(e, i) != null) throw new IllegalArgumentException("edge " + e + " listed twice");
      nb.get(e.a()).add(e.b());
      nb.get(e.b()).add(e.a());
    }
    List<List<Integer>> frozen = new ArrayList<>();
    for (List<Integer> l : nb) { Collections.sort(l); frozen.add(List.copyOf(l)); }
    this.neighbours = List.copyOf(frozen);
  }

  /** A rows × cols square lattice, qubit r*cols+c at (r, c), nearest neighbours coupled. */
  public static Topology grid(int rows, int cols) {
    List<Position> pos = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        pos.add(new Position(r, c));
        int q = r * cols + c;
        if (c + 1 < cols) edges.add(new Edge(q, q + 1));
        if (r + 1 < rows) edges.add(new Edge(q, q + cols));
      }
    }
    return new Topology(pos, edges);
  }

  public int numQubits() { return positions.size(); }

  public int numCouplers() { return edges.size(); }

  public List<Edge> edges() { return edges; }

  public Position position(int q) { return positions.get(q); }

  public List<Integer> neighbours(int q) { return neighbours.get(q); }

  /** The coupler index of the edge between {@code a} and {@code b}, or -1 if they are not coupled. */
  public int coupler(int a, int b) {
    if (a == b) return -1;
    Integer i = edgeIndex.get(new Edge(a, b));
    return i == null ? -1 : i;
  }

  public boolean coupled(int a, int b) { return coupler(a, b) >= 0; }
}
