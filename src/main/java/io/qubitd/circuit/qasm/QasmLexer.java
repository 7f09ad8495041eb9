package io.qubitd.circuit.qasm;

import java.util.ArrayList;
import java.util.List;

/** Splits OpenQASM 2 / 3 source into tokens, skipping whitespace and comments. */
final class QasmLexer {
  private QasmLexer() {}

  private static final String[] SYMBOLS = {
    "<<=", ">>=", "**=", "->", "==", "!=", "<=", ">=", "**", "&&", "||", "<<", ">>", "++", "+=", "-=", "*=", "/=",
    "%=", "&=", "|=", "^=", "~=",
    ";", ",", "(", ")", "[", "]", "{", "}", "+", "-", "*", "/", "^", "@", ":", "=", "<", ">", "!", "~",
    "&", "|", "%", "#", "."
  };

  /**
   * Seconds per time unit of OpenQASM 3 duration literals; {@code dt} is the device's sample time, so
   * its literals carry the count of samples and the elaborator converts them.
   */
  private static double unitSeconds(String unit) {
    switch (unit) {
      case "ns": return 1e-9;
      case "us": case "µs": case "μs": return 1e-6;
      case "ms": return 1e-3;
      case "s": return 1;
      case "dt": return 1;
      default: return Double.NaN;
    }
  }

  static List<Token> tokenize(String src, String file) {
    List<Token> out = new ArrayList<>();
    int i = 0, line = 1, col = 1;
    int n = src.length();
    while (i < n) {
      char ch = src.charAt(i);
      if (ch == '\n') { i++; line++; col = 1; continue; }
      if (Character.isWhitespace(ch) || ch == '\uFEFF') { i++; col++; continue; }
      if (src.startsWith("//", i)) {
        while (i < n && src.charAt(i) != '\n') i++;
        continue;
      }
      if (src.startsWith("/*", i)) {
        int startLine = line, startCol = col;
        i += 2; col += 2;
        while (i < n && !src.startsWith("*/", i)) {
          if (src.charAt(i) == '\n') { line++; col = 1; } else { col++; }
          i++;
        }
        if (i >= n) throw new QasmException(file, startLine, startCol, "unterminated comment; expected '*/'");
        i += 2; col += 2;
        continue;
      }
      int start = i, startCol = col;
      if (ch == '0' && i + 2 < n && "xXbBoO".indexOf(src.charAt(i + 1)) >= 0) {
        char base = Character.toLowerCase(src.charAt(i + 1));
        int radix = base == 'x' ? 16 : base == 'b' ? 2 : 8;
        i += 2;
        while (i < n && (Character.digit(src.charAt(i), radix) >= 0 || src.charAt(i) == '_')) i++;
        String digits = src.substring(start + 2, i).replace("_", "");
        if (digits.isEmpty() || digits.length() > 62 / (radix == 16 ? 4 : radix == 8 ? 3 : 1)) {
          throw new QasmException(file, line, startCol, "integer literal '" + src.substring(start, i)
              + "' is empty or too long; expected at most 62 bits of digits");
        }
        out.add(new Token(Token.Kind.INT, src.substring(start, i), Long.parseLong(digits, radix), line, startCol));
        col += i - start;
        continue;
      }
      if (Character.isDigit(ch) || (ch == '.' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
        boolean real = false;
        while (i < n && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '_')) i++;
        if (i < n && src.charAt(i) == '.') {
          real = true;
          i++;
          while (i < n && Character.isDigit(src.charAt(i))) i++;
        }
        if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
          int j = i + 1;
          if (j < n && (src.charAt(j) == '+' || src.charAt(j) == '-')) j++;
          if (j < n && Character.isDigit(src.charAt(j))) {
            real = true;
            i = j;
            while (i < n && Character.isDigit(src.charAt(i))) i++;
          }
        }
        String num = src.substring(start, i).replace("_", "");
        int unitEnd = i;
        while (unitEnd < n && Character.isLetter(src.charAt(unitEnd))) unitEnd++;
        double value = Double.parseDouble(num);
        if (unitEnd > i) {
          String unit = src.substring(i, unitEnd);
          double perUnit = unitSeconds(unit);
          if (unit.equals("im")) {
            out.add(new Token(Token.Kind.IMAGINARY, src.substring(start, unitEnd), value, line, startCol));
            col += unitEnd - start;
            i = unitEnd;
            continue;
          }
          if (Double.isNaN(perUnit)) {
            throw new QasmException(file, line, startCol, "unknown unit '" + unit + "' after number " + num
                + "; expected one of ns, us, µs, ms, s, dt");
          }
          out.add(new Token(Token.Kind.DURATION, src.substring(start, unitEnd), value * perUnit, line, startCol));
          col += unitEnd - start;
          i = unitEnd;
          continue;
        }
        out.add(new Token(real ? Token.Kind.REAL : Token.Kind.INT, num, value, line, startCol));
        col += i - start;
        continue;
      }
      if (Character.isLetter(ch) || ch == '_') {
        while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) i++;
        out.add(new Token(Token.Kind.IDENT, src.substring(start, i), 0, line, startCol));
        col += i - start;
        continue;
      }
      if (ch == '$') {
        i++;
        while (i < n && Character.isDigit(src.charAt(i))) i++;
        out.add(new Token(Token.Kind.HARDWARE_QUBIT, src.substring(start, i), 0, line, startCol));
        col += i - start;
        continue;
      }
      if (ch == '"' || ch == '\'') {
        i++;
        while (i < n && src.charAt(i) != ch && src.charAt(i) != '\n') i++;
        if (i >= n || src.charAt(i) != ch) {
          throw new QasmException(file, line, startCol, "unterminated string; expected a closing " + ch);
        }
        i++;
        out.add(new Token(Token.Kind.STRING, src.substring(start + 1, i - 1), 0, line, startCol));
        col += i - start;
        continue;
      }
      String sym = null;
      for (String s : SYMBOLS) {
        if (src.startsWith(s, i)) { sym = s; break; }
      }
      if (sym == null) {
        throw new QasmException(file, line, col, "unexpected character '" + ch + "'; expected OpenQASM source");
      }
      out.add(new Token(Token.Kind.SYMBOL, sym, 0, line, startCol));
      i += sym.length();
      col += sym.length();
    }
    out.add(new Token(Token.Kind.EOF, "", 0, line, col));
    return out;
  }
}
