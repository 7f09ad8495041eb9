import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generates the kernel's double- and single-precision classes from one template each, as the JDK
 * generates its per-type buffer and vector classes (its Spp tool): run by Maven in generate-sources
 * with {@code java src/build/KernelTemplates.java TEMPLATE_DIR OUT_DIR}.
 *
 * <p>A template {@code X-Name.java.template} yields the classes named by {@code $Name$} for each
 * type. Tokens: {@code $type$} (double, float), {@code $Type$} (Double, Float), {@code $PRECISION$}
 * (DOUBLE, SINGLE), {@code $StateVector$}, {@code $Kernels$}, {@code $VectorKernels$}, {@code $FmaChains$}, {@code $Vector$}
 * (the Vector API class). Lines between {@code #if[double]} (or {@code #if[single]}), an optional
 * {@code #else[...]} and {@code #end[...]} are kept for that type only.
 *
 * <p>Straight-line kernel code that C2 must see as one unit (a method returns one vector, and C2 may
 * not inline even a small method into a large kernel) is written once as a block between {@code #define[NAME(a, b)]} and {@code #enddefine}, and
 * {@code #expand[NAME(x, y)]} puts a copy where it stands, each {@code @a@} replaced by x.
 */
public final class KernelTemplates {
  private static final Map<String, Map<String, String>> TYPES = Map.of(
      "double", Map.of("type", "double", "Type", "Double", "PRECISION", "DOUBLE", "StateVector", "StateVector",
          "Kernels", "DoubleKernels", "VectorKernels", "DoubleVectorKernels", "Vector", "DoubleVector",
          "FmaChains", "DoubleFmaChains"),
      "single", Map.of("type", "float", "Type", "Float", "PRECISION", "SINGLE", "StateVector", "FloatStateVector",
          "Kernels", "FloatKernels", "VectorKernels", "FloatVectorKernels", "Vector", "FloatVector",
          "FmaChains", "FloatFmaChains"));
  private static final Pattern DIRECTIVE = Pattern.compile("^\\s*#(if|else|end)\\[(double|single)\\]\\s*$");
  private static final Pattern TOKEN = Pattern.compile("\\$(\\w+)\\$");
  private static final Pattern DEFINE = Pattern.compile("^\\s*#define\\[(\\w+)\\(([\\w,\\s]*)\\)\\]\\s*$");
  private static final Pattern EXPAND = Pattern.compile("^\\s*#expand\\[(\\w+)\\(([\\w,\\s]*)\\)\\]\\s*$");

  /** A block of lines with parameters written {@code @name@}. */
  private record Macro(List<String> params, List<String> body) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) throw new IllegalArgumentException("usage: KernelTemplates TEMPLATE_DIR OUT_DIR");
    Path in = Path.of(args[0]), out = Path.of(args[1]);
    List<Path> templates;
    try (Stream<Path> s = Files.walk(in)) {
      templates = s.filter(p -> p.getFileName().toString().matches("X-\\w+\\.java\\.template")).sorted().toList();
    }
    if (templates.isEmpty()) throw new IllegalArgumentException("no X-*.java.template under " + in);
    for (Path t : templates) {
      String name = t.getFileName().toString().replaceAll("^X-|\\.java\\.template$", "");
      List<String> lines = expandMacros(t, Files.readAllLines(t, StandardCharsets.UTF_8));
      for (var e : TYPES.entrySet()) {
        Map<String, String> vars = e.getValue();
        if (!vars.containsKey(name)) throw new IllegalArgumentException(t + ": no token $" + name + "$ to name its classes");
        Path target = out.resolve(in.relativize(t.getParent())).resolve(vars.get(name) + ".java");
        Files.createDirectories(target.getParent());
        String text = String.join("\n", expand(t, lines, e.getKey(), vars)) + "\n";
        // an unchanged file keeps its time stamp, so the compiler's staleness check can skip it
        if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
          Files.writeString(target, text, StandardCharsets.UTF_8);
        }
      }
    }
  }

  /** The template with each {@code #expand} replaced by its block and the {@code #define}s removed. */
  private static List<String> expandMacros(Path t, List<String> lines) {
    Map<String, Macro> macros = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher d = DEFINE.matcher(lines.get(i));
      Matcher e = EXPAND.matcher(lines.get(i));
      if (d.matches()) {
        int start = i;
        List<String> body = new ArrayList<>();
        while (++i < lines.size() && !lines.get(i).trim().equals("#enddefine")) body.add(lines.get(i));
        if (i == lines.size()) throw new IllegalArgumentException(t + ":" + (start + 1) + ": #define without #enddefine");
        if (macros.put(d.group(1), new Macro(names(d.group(2)), body)) != null) {
          throw new IllegalArgumentException(t + ":" + (start + 1) + ": " + d.group(1) + " defined twice");
        }
      } else if (e.matches()) {
        Macro m = macros.get(e.group(1));
        if (m == null) throw new IllegalArgumentException(t + ":" + (i + 1) + ": #expand of " + e.group(1) + " before its #define");
        List<String> args = names(e.group(2));
        if (args.size() != m.params().size()) {
          throw new IllegalArgumentException(t + ":" + (i + 1) + ": " + e.group(1) + " takes " + m.params().size() + " arguments");
        }
        for (String line : m.body()) {
          for (int k = 0; k < args.size(); k++) line = line.replace("@" + m.params().get(k) + "@", args.get(k));
          out.add(line);
        }
      } else {
        out.add(lines.get(i));
      }
    }
    return out;
  }

  private static List<String> names(String list) {
    return list.isBlank() ? List.of() : List.of(list.trim().split("\\s*,\\s*"));
  }

  private static List<String> expand(Path t, List<String> lines, String key, Map<String, String> vars) {
    List<String> outLines = new ArrayList<>();
    String open = null;
    boolean keep = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher d = DIRECTIVE.matcher(line);
      if (d.matches()) {
        String what = d.group(1), type = d.group(2);
        if (what.equals("if")) {
          if (open != null) throw new IllegalArgumentException(t + ":" + (i + 1) + ": nested #if");
          open = type;
          keep = type.equals(key);
        } else if (!type.equals(open)) {
          throw new IllegalArgumentException(t + ":" + (i + 1) + ": #" + what + "[" + type + "] without #if[" + type + "]");
        } else if (what.equals("else")) {
          keep = !type.equals(key);
        } else {
          open = null;
          keep = true;
        }
        continue;
      }
      if (!keep) continue;
      Matcher m = TOKEN.matcher(line);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String v = vars.get(m.group(1));
        if (v == null) throw new IllegalArgumentException(t + ":" + (i + 1) + ": unknown token $" + m.group(1) + "$");
        m.appendReplacement(sb, Matcher.quoteReplacement(v));
      }
      m.appendTail(sb);
      outLines.add(sb.toString());
    }
    if (open != null) throw new IllegalArgumentException(t + ": #if[" + open + "] not closed");
    return outLines;
  }
}
