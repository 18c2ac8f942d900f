package dev.warpcache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: every paragraph of every {@code java} code block of the README must
 * appear, line for line (indentation aside), in the example sources next to this test, where {@link
 * ReadmeExamplesTest} compiles and runs it.
 */
class ReadmeSnippetsTest {

  private static final Path README = Path.of("..", "README.md");
  private static final Path EXAMPLES =
      Path.of("src", "test", "java", "dev", "warpcache", "examples");

  @Test
  void everyJavaBlockOfTheReadmeIsCodeThatTheExamplesRun() throws IOException {
    List<String> exampleLines = exampleLines();
    List<List<String>> paragraphs = javaParagraphs(Files.readAllLines(README));

    assertThat(paragraphs).as("java paragraphs in " + README).hasSizeGreaterThanOrEqualTo(8);
    for (List<String> paragraph : paragraphs) {
      assertThat(Collections.indexOfSubList(exampleLines, paragraph))
          .as(
              "README paragraph not found in %s or any module's tests:%n%s",
              EXAMPLES, String.join("\n", paragraph))
          .isNotNegative();
    }
  }

  private static List<String> exampleLines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path file : exampleFiles()) {
      Files.readAllLines(file).stream().map(String::strip).forEach(lines::add);
    }
    return lines;
  }

  /**
   * The files README code may come from: the examples next to this test, and the test sources of
   * every module (each integration's README example lives in its own module's tests).
   */
  private static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(".."))) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> f.toString().replace('\\', '/').contains("/src/test/java/"))
          .filter(f -> !f.toString().contains("/target/"))
          .sorted()
          .toList();
    }
  }

  /** The paragraphs (runs of non-blank lines) of the {@code java} blocks, each line stripped. */
  private static List<List<String>> javaParagraphs(List<String> readme) {
    List<List<String>> paragraphs = new ArrayList<>();
    List<String> current = new ArrayList<>();
    boolean inJava = false;
    for (String line : readme) {
      String stripped = line.strip();
      if (!inJava && stripped.equals("```java")) {
        inJava = true;
      } else if (inJava && (stripped.equals("```") || stripped.isEmpty())) {
        if (!current.isEmpty()) {
          paragraphs.add(List.copyOf(current));
          current.clear();
        }
        inJava = !stripped.equals("```");
      } else if (inJava) {
        current.add(stripped);
      }
    }
    return paragraphs;
  }
}
