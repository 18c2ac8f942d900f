package dev.warpcache.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {

  private static final String TEXT = "1\n-2\n\n# a comment\n 9223372036854775807 \n1\n";

  @TempDir Path dir;

  @Test
  void readsGzippedKeysSkippingBlankAndCommentLines() throws IOException {
    Path file = gzip(dir.resolve("small.keys.gz"), TEXT);

    Trace trace = TraceReader.read(file);

    assertThat(trace.name()).isEqualTo("small");
    assertThat(keys(trace)).containsExactly(1L, -2L, Long.MAX_VALUE, 1L);
    assertThat(trace.uniqueKeys()).isEqualTo(3);
  }

  @Test
  void readsPlainTextWhateverTheFileName() throws IOException {
    Path file = Files.writeString(dir.resolve("plain.keys.gz"), TEXT);

    assertThat(keys(TraceReader.read(file))).containsExactly(1L, -2L, Long.MAX_VALUE, 1L);
    assertThat(TraceReader.traceName(dir.resolve("x.txt"))).isEqualTo("x");
    assertThat(TraceReader.traceName(dir.resolve("x.keys"))).isEqualTo("x");
  }

  @Test
  void readsAtMostTheRequestedNumberOfKeys() throws IOException {
    Path file = Files.writeString(dir.resolve("t.txt"), TEXT);

    assertThat(keys(TraceReader.read(file, 2))).containsExactly(1L, -2L);
  }

  @Test
  void reportsTheFileAndLineOfAKeyThatIsNotANumber() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.txt"), "1\n2\nthree\n");

    assertThatThrownBy(() -> TraceReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.txt:3: not a signed 64-bit integer key: 'three'");
  }

  @Test
  void listsOnlyTheTraceFilesOfADirectoryByName() throws IOException {
    gzip(dir.resolve("b.keys.gz"), "1\n");
    gzip(dir.resolve("a.keys.gz"), "1\n");
    Files.writeString(dir.resolve("README.md"), "not a trace");

    assertThat(TraceReader.traceFiles(dir))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("a.keys.gz", "b.keys.gz");
  }

  @Test
  void linksEachRequestToTheNextRequestForTheSameKey() {
    Trace trace = Trace.of("t", 5, 6, 5, 7, 6);

    assertThat(trace.nextUses()).containsExactly(2, 4, -1, -1, -1);
    assertThat(trace.uniqueKeys()).isEqualTo(3);
    assertThat(trace.prefix(2).requests()).isEqualTo(2);
    assertThat(trace.prefix(9)).isSameAs(trace);
  }

  private static long[] keys(Trace trace) {
    long[] keys = new long[trace.requests()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = trace.key(i);
    }
    return keys;
  }

  static Path gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }
}
