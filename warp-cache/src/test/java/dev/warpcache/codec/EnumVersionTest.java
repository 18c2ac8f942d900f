package dev.warpcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.ByteSink;
import dev.warpcache.CodecException;
import dev.warpcache.internal.codec.TaggedCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes with two versions of one enum class (same name, constants reordered, one added, one
 * removed) agree on constants by name: compiled here into two class loaders.
 */
class EnumVersionTest {

  private static final String NAME = "versioned.Level";

  @Test
  void aConstantIsReadByNameWhateverItsOrdinal(@TempDir Path dir) throws Exception {
    try (URLClassLoader v1 =
            compile(dir.resolve("v1"), "public enum Level { LOW, MEDIUM, HIGH, GONE }");
        URLClassLoader v2 =
            compile(dir.resolve("v2"), "public enum Level { EXTREME, HIGH, MEDIUM, LOW }")) {
      TaggedCodec writer = TaggedCodec.builder().classLoader(v1).build();
      TaggedCodec reader = TaggedCodec.builder().classLoader(v2).build();
      Class<?> level1 = Class.forName(NAME, true, v1);
      Class<?> level2 = Class.forName(NAME, true, v2);
      assertThat(level1).isNotSameAs(level2);

      for (Object constant : level1.getEnumConstants()) {
        Enum<?> written = (Enum<?>) constant;
        ByteSink out = new ByteSink();
        writer.encode(written, out);
        if (written.name().equals("GONE")) {
          assertThatThrownBy(() -> reader.decode(out.toByteArray(), 0, out.size()))
              .isInstanceOf(CodecException.class)
              .hasMessageContaining("has no constant GONE");
          continue;
        }
        Enum<?> read = (Enum<?>) reader.decode(out.toByteArray(), 0, out.size());
        assertThat(read.getDeclaringClass()).isSameAs(level2);
        assertThat(read.name()).isEqualTo(written.name());
        assertThat(read.ordinal()).isNotEqualTo(written.ordinal());
        // The reader's constant encodes to the very same bytes.
        ByteSink again = new ByteSink();
        reader.encode(read, again);
        assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
      }
    }
  }

  private static URLClassLoader compile(Path dir, String source) throws IOException {
    Path file = dir.resolve("versioned/Level.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "package versioned;\n" + source + "\n");
    // javac through reflection: the tests compile inside the module, which reads java.base only.
    try {
      Object compiler =
          Class.forName("javax.tools.ToolProvider").getMethod("getSystemJavaCompiler").invoke(null);
      assertThat(compiler).as("a JDK with javac").isNotNull();
      Object status =
          Class.forName("javax.tools.Tool")
              .getMethod(
                  "run", InputStream.class, OutputStream.class, OutputStream.class, String[].class)
              .invoke(
                  compiler, null, null, null, new String[] {"-d", dir.toString(), file.toString()});
      assertThat(status).isEqualTo(0);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot run javac", e);
    }
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
  }
}
