package io.qubitd.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.List;
import java.util.Map;

/**
 * Malformed JSON described in the client's terms: where (line, column), what was found there and
 * what was expected. Jackson's own text names its internals (token types, char codes, redacted
 * sources, feature flags), so it is read here for its meaning and never passed on.
 */
final class JsonSyntaxError {
  private JsonSyntaxError() {}

  /** What Jackson expected, in its words (a fragment of its message), and in ours. */
  private static final List<Map.Entry<String, String>> EXPECTED = List.of(
      Map.entry("double-quote to start field name", "a field name in double quotes"),
      Map.entry("colon to separate field name and value", "':' after the field name"),
      Map.entry("comma to separate Object entries", "',' or '}'"),
      Map.entry("comma to separate Array entries", "',' or ']'"),
      Map.entry("close marker for OBJECT", "'}'"),
      Map.entry("close marker for ARRAY", "']'"),
      Map.entry("expected a value", "a value"),
      Map.entry("expected a valid value", "a value"),
      Map.entry("JSON String, Number, Array, Object", "a value"));

  private static final String VALUE = "a value (a string in double quotes, a number, an array, an object, true, false or null)";

  /** "malformed JSON at line L, column C: found X; expected Y", for the body {@code text}. */
  static String describe(JsonProcessingException e, String text) {
    JsonLocation loc = e.getLocation();
    String jackson = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String where = "";
    if (loc != null && text != null && loc.getCharOffset() >= 0 && loc.getCharOffset() <= text.length()) {
      int offset = (int) loc.getCharOffset();
      String token = unrecognized(jackson);
      // Jackson points into or just past an unrecognized word; the client looks for where it starts
      if (token != null && text.lastIndexOf(token, offset) >= 0) offset = text.lastIndexOf(token, offset);
      int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      long line = 1 + text.substring(0, lineStart).chars().filter(c -> c == '\n').count();
      where = " at line " + line + ", column " + (offset - lineStart + 1);
    } else if (loc != null && loc.getLineNr() >= 1) {
      where = " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
    return "malformed JSON" + where + ": " + what(e, jackson, text, loc);
  }

  private static String what(JsonProcessingException e, String jackson, String text, JsonLocation loc) {
    if (e instanceof JsonEOFException || jackson.startsWith("Unexpected end-of-input")) {
      String lower = jackson.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("close marker for array")) return "the body ends inside an array; expected ',' or ']'";
      if (lower.contains("close marker for object")) return "the body ends inside an object; expected ',' or '}'";
      if (lower.contains("string") || lower.contains("field name")) {
        return "the body ends inside a string; expected its closing '\"'";
      }
      return "the body ends early; expected " + VALUE;
    }
    String found = found(jackson, text, loc);
    String expected = expected(jackson);
    if (jackson.startsWith("Unrecognized token")) expected = VALUE;
    return (found == null ? "unexpected text" : "found " + found) + (expected == null ? "" : "; expected " + expected);
  }

  /** The offending token: the word Jackson did not recognize, else the character at the error's offset. */
  private static String found(String jackson, String text, JsonLocation loc) {
    String token = unrecognized(jackson);
    if (token != null) return "'" + token + "'";
    if (loc != null && text != null) {
      long offset = loc.getCharOffset();
      if (offset >= 0 && offset < text.length()) return printable(text.charAt((int) offset));
    }
    return null;
  }

  /** The word of "Unrecognized token 'tru': ...", or null. */
  private static String unrecognized(String jackson) {
    String prefix = "Unrecognized token '";
    if (!jackson.startsWith(prefix)) return null;
    int end = jackson.indexOf('\'', prefix.length());
    return end > prefix.length() ? jackson.substring(prefix.length(), end) : null;
  }

  private static String expected(String jackson) {
    for (Map.Entry<String, String> e : EXPECTED) {
      if (jackson.contains(e.getKey())) return e.getValue().equals("a value") ? VALUE : e.getValue();
    }
    return null;
  }

  private static String printable(char c) {
    if (c == '\n') return "a line break";
    if (c == '\t') return "a tab";
    if (Character.isISOControl(c)) return String.format("the control character U+%04X", (int) c);
    return "'" + c + "'";
  }
}
