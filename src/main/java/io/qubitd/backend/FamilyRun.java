package io.qubitd.backend;

import io.qubitd.compile.CompiledCircuit;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.kernel.Bitstrings;
import io.qubitd.kernel.batch.BatchedDensityMatrix;
import io.qubitd.kernel.batch.OutcomeSampler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One chip run of many bindings of a family: the bindings are dealt round-robin to the family's
 * regions, each region simulates its share as one batch (in parallel, one task per region), and each
 * binding gets exact ⟨Z⟩ of its classical bits from the final state and, when it asks for shots,
 * counts drawn in one multinomial.
 */
public final class FamilyRun {
  private FamilyRun() {}

  /** One binding's result; counts are empty for 0 shots. */
  public record BindingResult(Map<String, Long> counts, int shots, List<Double> expectations,
      List<Integer> initialLayout, List<Integer> finalLayout) {}

  /**
   * @param results     per binding, in the order given
   * @param busyQubits  physical qubits holding a region
   * @param chipSeconds time the chip would spend: the slowest region's Σ shots × schedule duration
   */
  public record Result(List<BindingResult> results, int busyQubits, double chipSeconds) {}

  /**
   * Runs {@code values.size()} bindings (values in {@link ParametricFamily#inputs()} order) with their
   * shots (≥ 0) and seeds on at most {@code maxRegions} regions {@code margin} couplers apart.
   */
  public static CompletableFuture<Result> run(FamilyCompiler compiler, ParametricFamily family, CalibrationSnapshot snapshot,
      ChipTruth truth, List<double[]> values, int[] shots, long[] seeds, int margin, int maxRegions, Executor executor) {
    List<CompiledCircuit> regions = compiler.regions(family, snapshot, margin, Math.max(1, Math.min(maxRegions, values.size())));
    int count = regions.size();
    List<CompletableFuture<List<BindingResult>>> parts = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      int region = r;
      Set<Integer> neighbours = new HashSet<>();
      for (int o = 0; o < count; o++) if (o != r) neighbours.addAll(regions.get(o).usedQubits());
      parts.add(CompletableFuture.supplyAsync(() -> {
        List<Integer> mine = new ArrayList<>();
        for (int i = region; i < values.size(); i += count) mine.add(i);
        return simulate(compiler, family, regions.get(region), truth, neighbours, ChipExecutor.driveFrames(snapshot), values,
            shots, seeds, mine);
      }, executor));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
      BindingResult[] out = new BindingResult[values.size()];
      double chipSeconds = 0;
      int busy = 0;
      for (int r = 0; r < count; r++) {
        List<BindingResult> part = parts.get(r).join();
        long regionShots = 0;
        for (int k = 0; k < part.size(); k++) {
          out[r + k * count] = part.get(k);
          regionShots += part.get(k).shots();
        }
        chipSeconds = Math.max(chipSeconds, regionShots * regions.get(r).schedule().duration());
        busy += regions.get(r).usedQubits().size();
      }
      return new Result(List.of(out), busy, chipSeconds);
    });
  }

  private static List<BindingResult> simulate(FamilyCompiler compiler, ParametricFamily family, CompiledCircuit region,
      ChipTruth truth, Set<Integer> neighbours, Map<Integer, Double> frames, List<double[]> values, int[] shots, long[] seeds,
      List<Integer> mine) {
    if (mine.isEmpty()) return List.of();
    BatchedDensityMatrix.Program program = compiler.program(family, region, truth, neighbours, frames);
    List<double[]> batch = new ArrayList<>(mine.size());
    for (int i : mine) batch.add(values.get(i));
    double[][] p = BatchedDensityMatrix.probabilities(program, family.angles(batch), batch.size());
    int[] compactOf = FamilyCompiler.compactOfLogical(region);
    int[] clbitOf = family.clbitOf();
    int numClbits = family.skeleton().numClbits();
    long[] keyOf = new long[p.length == 0 ? 0 : p[0].length];
    for (int o = 0; o < keyOf.length; o++) {
      for (int l = 0; l < compactOf.length; l++) keyOf[o] |= (long) ((o >> compactOf[l]) & 1) << clbitOf[l];
    }
    List<Integer> initial = ints(region.initialLayout()), fin = ints(region.finalLayout());
    List<BindingResult> out = new ArrayList<>(mine.size());
    for (int k = 0; k < mine.size(); k++) {
      int i = mine.get(k);
      double[] z = new double[numClbits];
      for (int o = 0; o < keyOf.length; o++) {
        for (int c = 0; c < numClbits; c++) z[c] += ((keyOf[o] >> c) & 1) == 0 ? p[k][o] : -p[k][o];
      }
      List<Double> expectations = new ArrayList<>(numClbits);
      for (double x : z) expectations.add(x);
      Map<String, Long> counts = new LinkedHashMap<>();
      if (shots[i] > 0) {
        long[] drawn = OutcomeSampler.sample(p[k], shots[i], new SplittableRandom(seeds[i]));
        for (int o = 0; o < drawn.length; o++) {
          if (drawn[o] > 0) counts.merge(Bitstrings.format(keyOf[o], family.skeleton().cregs()), drawn[o], Long::sum);
        }
      }
      out.add(new BindingResult(counts, shots[i], expectations, initial, fin));
    }
    return out;
  }

  private static List<Integer> ints(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int x : a) l.add(x);
    return l;
  }
}
