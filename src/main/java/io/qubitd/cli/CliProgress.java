package io.qubitd.cli;

import io.qubitd.progress.Progress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line's {@link Progress}, always on stderr so stdout holds results alone: with
 * {@code --quiet} nothing; with {@code --json} one JSON object a line, at most one a second per
 * task; otherwise a progress bar when stderr is a terminal, and nothing when it is not.
 */
final class CliProgress {
  private CliProgress() {}

  /** For the command of {@code spec}: its root's --quiet, its own --json, its error writer. */
  static Progress of(CommandSpec spec, boolean json) {
    if (spec.root().userObject() instanceof Main main && main.quiet) return Progress.NONE;
    if (json) return new JsonLines(spec.commandLine().getErr(), 1_000);
    if (stderrIsTerminal()) return new Bar(System.err, columns());
    return Progress.NONE;
  }

  /**
   * bin/qubitd says whether stderr is a terminal (-Dqubitd.stderr-terminal), since its stderr reaches the
   * JVM through a filter; started otherwise, a console on stdin and stdout is the best sign of a person.
   */
  static boolean stderrIsTerminal() {
    String said = System.getProperty("qubitd.stderr-terminal");
    return said != null ? Boolean.parseBoolean(said) : System.console() != null;
  }

  /** The terminal's width as bin/qubitd measured it, else 80. */
  private static int columns() {
    try {
      int c = Integer.parseInt(System.getProperty("qubitd.stderr-columns", "80"));
      return c >= 40 ? c : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** A bar redrawn in place with carriage returns, by me.tongfei:progressbar. */
  static final class Bar implements Progress {
    private final PrintStream out;
    private final int width;
    private ProgressBar bar;

    Bar(PrintStream out, int width) {
      this.out = out;
      this.width = width;
    }

    @Override
    public void start(String task, long total) {
      finish();
      bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(total > 0 ? total : -1)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250)
          .setConsumer(new ConsoleProgressBarConsumer(out, width - 1))
          .build();
    }

    @Override
    public void update(long done, String detail) {
      if (bar == null) return;
      bar.stepTo(done);
      bar.setExtraMessage(detail);
    }

    @Override
    public void finish() {
      if (bar != null) bar.close();
      bar = null;
    }
  }

  /**
   * {"progress": {"task", "done", "total", "detail", "elapsed_seconds"}} a line: at a task's start, then
   * at most every {@code intervalMillis}, and the last state at its end; total is null when not known in advance.
   */
  static final class JsonLines implements Progress {
    private final PrintWriter out;
    private final long intervalNanos;
    private String task;
    private long total;
    private long done;
    private String detail = "";
    private long started;
    private long lastPrinted;
    private boolean unprinted;

    JsonLines(PrintWriter out, long intervalMillis) {
      this.out = out;
      this.intervalNanos = intervalMillis * 1_000_000L;
    }

    @Override
    public void start(String task, long total) {
      finish();
      this.task = task;
      this.total = total;
      this.done = 0;
      this.detail = "";
      started = System.nanoTime();
      print(started);
    }

    @Override
    public void update(long done, String detail) {
      if (task == null) return;
      this.done = done;
      this.detail = detail;
      unprinted = true;
      long now = System.nanoTime();
      if (now - lastPrinted >= intervalNanos) print(now);
    }

    @Override
    public void finish() {
      if (task == null) return;
      if (unprinted) print(System.nanoTime());
      task = null;
    }

    private void print(long now) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("task", task);
      p.put("done", done);
      p.put("total", total > 0 ? total : null);
      p.put("detail", detail);
      p.put("elapsed_seconds", Math.round((now - started) / 1e6) / 1e3);
      out.println(Json.write(Map.of("progress", p)));
      out.flush();
      lastPrinted = now;
      unprinted = false;
    }
  }
}
