package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Circuit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads OpenQASM 2.0 (with Qiskit's complete qelib1.inc built in) and OpenQASM 3 as its
 * specification and Qiskit's exporter write it (classical types and control flow, subroutines,
 * aliases, timing; not pulse-level calibration or extern functions) into a {@link Circuit}.
 * Gate definitions are inlined; library gates map to the IR's gates with Qiskit's meaning.
 * Without a version line a program is read as OpenQASM 3, which accepts OpenQASM 2 statements.
 */
public final class QasmParser {
  private QasmParser() {}

  /**
   * Parses {@code source}. {@code fileName} names the file in error messages, and without its
   * directory and extension becomes the circuit's name; {@code inputs} binds {@code input float}
   * parameters (null means none).
   *
   * @throws QasmException for any error in the program or unsupported construct
   */
  public static Circuit parse(String source, String fileName, Map<String, Double> inputs) {
    return parse(source, fileName, inputs, QasmSettings.DEFAULTS);
  }

  /** As {@link #parse(String, String, Map)}, within the limits and with the {@code dt} of {@code settings}. */
  public static Circuit parse(String source, String fileName, Map<String, Double> inputs, QasmSettings settings) {
    String file = fileName == null ? "circuit.qasm" : fileName;
    Ast.Program program = QasmSyntaxParser.parse(source, file, 3);
    try {
      return QasmElaborator.elaborate(program, file, circuitName(file), inputs == null ? Map.of() : inputs, settings);
    } catch (StackOverflowError e) {
      throw new QasmException(file, 0, 0, "the program's gate definitions nest too deeply to expand;"
          + " expected gates defined in fewer levels");
    }
  }

  /**
   * As {@link #parse(String, String, Map)}, refusing with an {@link OperationBudgetException} as soon as the
   * expanded program (loops unrolled, powers repeated) would hold more than {@code maxOperations} operations.
   */
  public static Circuit parse(String source, String fileName, Map<String, Double> inputs, long maxOperations) {
    QasmSettings d = QasmSettings.DEFAULTS;
    return parse(source, fileName, inputs, new QasmSettings(maxOperations, d.maxDynamicIterations(), d.dtSeconds()));
  }

  /** Reads and parses {@code file} (UTF-8); see {@link #parse}. */
  public static Circuit parseFile(Path file, Map<String, Double> inputs) {
    return parseFile(file, inputs, QasmSettings.DEFAULTS);
  }

  /** Reads and parses {@code file} (UTF-8) within {@code settings}; see {@link #parse}. */
  public static Circuit parseFile(Path file, Map<String, Double> inputs, QasmSettings settings) {
    String source;
    try {
      source = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new QasmException(file.toString(), 0, 0, "cannot read the file (" + e + "); expected a readable UTF-8 OpenQASM file");
    }
    return parse(source, file.toString(), inputs, settings);
  }

  /** The file name without directories and extension. */
  static String circuitName(String fileName) {
    String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(0, dot) : base;
  }
}
