package io.qubitd.circuit.qasm;

import io.qubitd.circuit.Circuit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads OpenQASM 2.0 (with Qiskit's complete qelib1.inc built in) and the common subset of
 * OpenQASM 3 (stdgates.inc, modifiers, for, input, const, delay) into a {@link Circuit}.
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
    return parse(source, fileName, inputs, QasmElaborator.MAX_OPERATIONS);
  }

  /**
   * As {@link #parse(String, String, Map)}, refusing with an {@link OperationBudgetException} as soon as the
   * expanded program (loops unrolled, powers repeated) would hold more than {@code maxOperations} operations.
   */
  public static Circuit parse(String source, String fileName, Map<String, Double> inputs, long maxOperations) {
    String file = fileName == null ? "circuit.qasm" : fileName;
    Ast.Program program = QasmSyntaxParser.parse(source, file, 3);
    return QasmElaborator.elaborate(program, file, circuitName(file), inputs == null ? Map.of() : inputs, maxOperations);
  }

  /** Reads and parses {@code file} (UTF-8); see {@link #parse}. */
  public static Circuit parseFile(Path file, Map<String, Double> inputs) {
    String source;
    try {
      source = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new QasmException(file.toString(), 0, 0, "cannot read the file (" + e + "); expected a readable UTF-8 OpenQASM file");
    }
    return parse(source, file.toString(), inputs);
  }

  /** The file name without directories and extension. */
  static String circuitName(String fileName) {
    String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(0, dot) : base;
  }
}
