package io.qubitd.cli;

import java.util.Map;

/** Plain-text rendering of a result map for people at a terminal. */
final class Text {
  private Text() {}

  static String table(Map<String, Object> out) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : out.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m) {
        sb.append(e.getKey()).append(":\n");
        for (Map.Entry<?, ?> row : m.entrySet()) {
          sb.append("  ").append(row.getKey()).append("  ").append(row.getValue()).append('\n');
        }
      } else {
        sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    return sb.toString().stripTrailing();
  }
}
