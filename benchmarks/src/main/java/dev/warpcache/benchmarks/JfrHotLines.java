package dev.warpcache.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the samples of a Java Flight Recorder file fall: the source lines at the top of the stack
 * (self time), and the methods anywhere on it (inclusive time), as shares of all execution samples.
 * It is what this project uses instead of {@code -prof perfasm} on machines without hardware
 * counters: record with JMH's {@code -prof jfr} and {@code -jvmArgsAppend
 * "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"} (so that samples land on the line
 * inside inlined code, not on the nearest safepoint), then
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.warpcache.benchmarks.JfrHotLines profile.jfr [rows]
 * }</pre>
 *
 * <p>A sample is attributed to the line the CPU was executing, which for a load that misses the
 * cache is usually the load itself or the instruction just after it (sampling skid), so a hot line
 * often means "waiting for memory there".
 */
public final class JfrHotLines {
  private JfrHotLines() {}

  /**
   * Prints the hot lines and methods of a recording.
   *
   * @param args the recording, then optionally how many rows of each table (default 20)
   * @throws IOException if the recording cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: JfrHotLines <recording.jfr> [rows]");
      System.exit(2);
    }
    int rows = args.length == 2 ? Integer.parseInt(args[1]) : 20;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      samples++;
      RecordedFrame top = frames.get(0);
      self.merge(method(top) + ":" + top.getLineNumber(), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = method(frame);
        if (seen.add(method)) {
          inclusive.merge(method, 1, Integer::sum);
        }
      }
    }
    System.out.printf(
        Locale.ROOT, "%d execution samples%n%nself (top of stack, by line):%n", samples);
    print(self, samples, rows);
    System.out.printf(Locale.ROOT, "%ninclusive (anywhere on the stack, by method):%n");
    print(inclusive, samples, rows);
  }

  private static String method(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }

  private static void print(Map<String, Integer> counts, int samples, int rows) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(rows)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT, "%6.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
  }
}
