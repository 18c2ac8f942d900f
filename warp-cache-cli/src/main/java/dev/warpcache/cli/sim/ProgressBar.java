package dev.warpcache.cli.sim;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for a terminal: redrawn in place with a carriage return, at most ten
 * times a second, and erased when the work is done. Shows the share of requests replayed, the time
 * spent, an estimate of the time left and the replay that started last.
 */
public final class ProgressBar implements Simulator.Progress {

  private static final int BAR_WIDTH = 30;
  private static final int LINE_WIDTH = 100;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final LongSupplier nanoTime;
  private long total;
  private long done;
  private long startNanos;
  private long lastDrawNanos;
  private String current = "";
  private boolean drawn;

  /**
   * Creates a progress bar that draws on {@code out}.
   *
   * @param out the terminal, usually standard error
   */
  public ProgressBar(PrintWriter out) {
    this(out, System::nanoTime);
  }

  ProgressBar(PrintWriter out, LongSupplier nanoTime) {
    this.out = out;
    this.nanoTime = nanoTime;
  }

  /**
   * Tells whether standard error is a terminal, so that a progress bar there is seen and does not
   * litter a log. On Linux this reads where {@code /proc/self/fd/2} points; elsewhere it falls back
   * to whether the JVM has a console.
   *
   * @return {@code true} if standard error looks like a terminal
   */
  public static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Path stderr = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(stderr)) {
        String target = Files.readSymbolicLink(stderr).toString();
        return target.startsWith("/dev/pts/")
            || target.startsWith("/dev/tty")
            || target.equals("/dev/console");
      }
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      // fall through to the portable guess
    }
    return System.console() != null;
  }

  @Override
  public synchronized void start(long totalRequests) {
    this.total = totalRequests;
    this.done = 0;
    this.startNanos = nanoTime.getAsLong();
    this.lastDrawNanos = startNanos - REDRAW_NANOS;
    draw();
  }

  @Override
  public synchronized void replayStarted(String description) {
    current = description;
  }

  @Override
  public synchronized void advance(long requests) {
    done += requests;
    long now = nanoTime.getAsLong();
    if (now - lastDrawNanos >= REDRAW_NANOS) {
      lastDrawNanos = now;
      draw();
    }
  }

  @Override
  public synchronized void finish() {
    if (drawn) {
      out.print("\r" + " ".repeat(LINE_WIDTH) + "\r");
      out.flush();
      drawn = false;
    }
  }

  /** Renders the current line (without the leading carriage return). */
  synchronized String line() {
    double fraction = total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    long elapsed = nanoTime.getAsLong() - startNanos;
    String left =
        done == 0 || fraction >= 1.0
            ? "--:--"
            : duration((long) (elapsed * (1 - fraction) / fraction));
    String text =
        String.format(
            Locale.ROOT,
            "[%s%s] %5.1f%%  %s elapsed, ~%s left  %s",
            "#".repeat(filled),
            "-".repeat(BAR_WIDTH - filled),
            100 * fraction,
            duration(elapsed),
            left,
            current);
    return text.length() > LINE_WIDTH ? text.substring(0, LINE_WIDTH) : text;
  }

  private void draw() {
    String text = line();
    out.print("\r" + text + " ".repeat(LINE_WIDTH - text.length()));
    out.flush();
    drawn = true;
  }

  private static String duration(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
