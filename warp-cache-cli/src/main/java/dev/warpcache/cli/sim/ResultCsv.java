package dev.warpcache.cli.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes and reads the results as CSV (RFC 4180: comma separated, a field with a comma or quote is
 * quoted), one line per result under the header {@value #HEADER}. {@code hit_ratio} is {@code hits
 * / requests} as a fraction with six decimals.
 */
public final class ResultCsv {

  /** The header line. */
  public static final String HEADER = "workload,size,policy,requests,hits,hit_ratio";

  private ResultCsv() {}

  /**
   * Writes the results.
   *
   * @param results the results, in order
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public static void write(List<SimResult> results, Writer out) throws IOException {
    out.write(HEADER + "\n");
    for (SimResult r : results) {
      out.write(
          quote(r.workload())
              + ","
              + r.size()
              + ","
              + quote(r.policy())
              + ","
              + r.requests()
              + ","
              + r.hits()
              + ","
              + String.format(Locale.ROOT, "%.6f", r.hitRatio())
              + "\n");
    }
    out.flush();
  }

  /**
   * Writes the results to a file, replacing it.
   *
   * @param results the results, in order
   * @param file the file
   * @throws IOException if writing fails
   */
  public static void write(List<SimResult> results, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(results, out);
    }
  }

  /**
   * Reads results written by {@link #write}. The {@code hit_ratio} column is recomputed from the
   * hits and requests.
   *
   * @param file the CSV file
   * @return the results, in the file's order
   * @throws IOException if the file cannot be read or is not in this format
   */
  public static List<SimResult> read(Path file) throws IOException {
    List<SimResult> results = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.strip().equals(HEADER)) {
        throw new IOException(file + ": not a warp sim CSV file: the header must be " + HEADER);
      }
      String line;
      int lineNumber = 1;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        List<String> fields = split(line);
        if (fields.size() != 6) {
          throw new IOException(file + ":" + lineNumber + ": expected 6 fields: " + line);
        }
        try {
          results.add(
              new SimResult(
                  fields.get(0),
                  Integer.parseInt(fields.get(1)),
                  fields.get(2),
                  Long.parseLong(fields.get(3)),
                  Long.parseLong(fields.get(4))));
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ":" + lineNumber + ": " + e.getMessage() + ": " + line, e);
        }
      }
    }
    return results;
  }

  private static String quote(String field) {
    if (field.contains(",") || field.contains("\"") || field.contains("\n")) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }

  private static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
