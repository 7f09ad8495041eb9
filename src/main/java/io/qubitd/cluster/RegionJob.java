package io.qubitd.cluster;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.qubitd.backend.ChipExecutor;
import io.qubitd.backend.ChipRunResult;
import io.qubitd.circuit.Circuit;
import io.qubitd.circuit.qasm.QasmParser;
import io.qubitd.circuit.qasm.QasmWriter;
import io.qubitd.compile.AsapScheduler;
import io.qubitd.compile.CompiledCircuit;
import io.qubitd.compile.LateStart;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.device.ChipTruth;
import io.qubitd.device.GateDurations;
import io.qubitd.kernel.MethodChooser;
import io.qubitd.serialization.JsonSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One packed region of a chip run as it travels to a simulation worker: the compiled physical
 * circuit and the user's circuit as OpenQASM text (which reads back to the same doubles), the
 * layout figures, the truth to simulate with, shots and seed. The worker rebuilds the schedule and
 * the noise program with the pure code, so nothing but data crosses the wire.
 *
 * @param backend     the chip's name; the worker compiles nothing, but needs the chip's gate durations
 * @param driveFrames the frequency (Hz) each used qubit is driven at, the snapshot's, as on the node that packed it
 * @param method      the simulation method the job asked for ({@link MethodChooser#NAMES}); a message without one
 *                    (from a node of an older version) means "auto"
 */
public record RegionJob(String backend, String physicalQasm, String logicalQasm, List<Integer> initialLayout,
    List<Integer> finalLayout, List<Integer> usedQubits, int swaps, int twoQubitGates, int depth, ChipTruth truth,
    int shots, long seed, long snapshotVersion, Map<Integer, Double> driveFrames, String method, ActorRef<Reply> replyTo)
    implements JsonSerializable {

  public RegionJob {
    driveFrames = driveFrames == null ? Map.of() : Map.copyOf(driveFrames);
    method = method == null ? MethodChooser.AUTO : method;
  }

  /** A region whose qubits are driven at their true frequencies (no drive frames), by the automatic choice of method. */
  public RegionJob(String backend, String physicalQasm, String logicalQasm, List<Integer> initialLayout,
      List<Integer> finalLayout, List<Integer> usedQubits, int swaps, int twoQubitGates, int depth, ChipTruth truth,
      int shots, long seed, long snapshotVersion, ActorRef<Reply> replyTo) {
    this(backend, physicalQasm, logicalQasm, initialLayout, finalLayout, usedQubits, swaps, twoQubitGates, depth, truth,
        shots, seed, snapshotVersion, Map.of(), MethodChooser.AUTO, replyTo);
  }

  /** What the worker answers (typed on the wire: it also travels inside a pool's {@code Result}). */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({@JsonSubTypes.Type(value = Simulated.class, name = "simulated"),
      @JsonSubTypes.Type(value = Failed.class, name = "failed")})
  public sealed interface Reply extends JsonSerializable permits Simulated, Failed {}

  public record Simulated(ChipRunResult result) implements Reply {}

  /** The simulation threw; {@code reason} is its message. */
  public record Failed(String reason) implements Reply {}

  /**
   * The region as data, its qubits driven at the frequencies {@code snapshot} measured ({@link ChipExecutor#driveFrames}),
   * to be simulated by {@code method} (a name or "auto").
   * Precondition: {@code compiled} came from compiling {@code logical} for {@code backend} on {@code snapshot}.
   */
  public static RegionJob of(String backend, CompiledCircuit compiled, Circuit logical, ChipTruth truth, int shots,
      long seed, CalibrationSnapshot snapshot, String method, ActorRef<Reply> replyTo) {
    Map<Integer, Double> frames = new java.util.TreeMap<>();
    Map<Integer, Double> all = ChipExecutor.driveFrames(snapshot);
    for (int q : compiled.usedQubits()) if (all.containsKey(q)) frames.put(q, all.get(q));
    return new RegionJob(backend, QasmWriter.write(compiled.physical()), QasmWriter.write(logical),
        ints(compiled.initialLayout()), ints(compiled.finalLayout()), compiled.usedQubits(), compiled.swaps(),
        compiled.twoQubitGates(), compiled.depth(), truth, shots, seed, snapshot.version(), frames, method, replyTo);
  }

  /** The compiled circuit again: the physical circuit re-read, and scheduled as the compiler does with {@code durations}. */
  public CompiledCircuit compiled(GateDurations durations) {
    Circuit physical = QasmParser.parse(physicalQasm, backend + " region", Map.of());
    return new CompiledCircuit(physical, array(initialLayout), array(finalLayout), usedQubits,
        LateStart.delayLeadingGates(AsapScheduler.schedule(physical, durations)), swaps, twoQubitGates, depth);
  }

  public Circuit logical() { return QasmParser.parse(logicalQasm, backend + " circuit", Map.of()); }

  /** Simulates this region with {@code chip}, which must be the executor of {@link #backend()}, by {@link #method()}. */
  public ChipRunResult simulate(ChipExecutor chip, GateDurations durations) {
    return chip.simulate(compiled(durations), logical(), truth, shots, seed, snapshotVersion, method, driveFrames);
  }

  private static List<Integer> ints(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int x : a) l.add(x);
    return l;
  }

  private static int[] array(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}
