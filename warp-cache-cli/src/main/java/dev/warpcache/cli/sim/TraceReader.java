package dev.warpcache.cli.sim;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads key traces: text with one signed 64-bit integer key per line, in request order, gzipped or
 * plain (told apart by the gzip magic number, not by the file name). Blank lines and lines starting
 * with {@code #} are skipped. The format of the files in {@code shared/traces}.
 */
public final class TraceReader {

  /** The suffix of the trace files in a trace directory. */
  public static final String TRACE_SUFFIX = ".keys.gz";

  private TraceReader() {}

  /**
   * Reads a whole trace file.
   *
   * @param file a gzip or plain text file of keys
   * @return the trace, named after the file (see {@link #traceName})
   * @throws IOException if the file cannot be read, or a line is not a 64-bit integer
   */
  public static Trace read(Path file) throws IOException {
    return read(file, Trace.MAX_REQUESTS);
  }

  /**
   * Reads the first {@code maxRequests} keys of a trace file.
   *
   * @param file a gzip or plain text file of keys
   * @param maxRequests the most keys to read, at least 1
   * @return the trace, named after the file (see {@link #traceName})
   * @throws IOException if the file cannot be read, or a line is not a 64-bit integer
   */
  public static Trace read(Path file, int maxRequests) throws IOException {
    long[] keys = new long[1024];
    int count = 0;
    try (BufferedReader lines = open(file)) {
      int lineNumber = 0;
      String line;
      while (count < maxRequests && (line = lines.readLine()) != null) {
        lineNumber++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        if (count == keys.length) {
          keys = Arrays.copyOf(keys, Math.min(Trace.MAX_REQUESTS, 2 * keys.length));
        }
        keys[count++] = parseKey(text, file, lineNumber);
      }
    }
    return Trace.wrap(traceName(file), Arrays.copyOf(keys, count));
  }

  /**
   * Returns the name of the trace in {@code file}: its file name without {@code .keys.gz}, {@code
   * .gz}, {@code .keys} or {@code .txt}.
   *
   * @param file a trace file
   * @return the trace's name, for example {@code loop} for {@code loop.keys.gz}
   */
  public static String traceName(Path file) {
    String name = file.getFileName().toString();
    for (String suffix : new String[] {".gz", ".txt", ".keys"}) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        name = name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  /**
   * Lists the trace files ({@code *.keys.gz}) of a directory, sorted by name.
   *
   * @param directory the directory to list
   * @return the trace files, possibly none
   * @throws IOException if the directory cannot be listed
   */
  public static List<Path> traceFiles(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + TRACE_SUFFIX)) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    }
    files.sort(null);
    return files;
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      in.mark(2);
      int first = in.read();
      int second = in.read();
      in.reset();
      if (first == 0x1f && second == 0x8b) {
        in = new GZIPInputStream(in, 1 << 16);
      }
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
  }

  private static long parseKey(String text, Path file, int lineNumber) throws IOException {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException(
          file + ":" + lineNumber + ": not a signed 64-bit integer key: '" + text + "'", e);
    }
  }
}
