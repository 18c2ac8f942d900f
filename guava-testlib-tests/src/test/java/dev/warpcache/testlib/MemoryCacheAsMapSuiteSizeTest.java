package dev.warpcache.testlib;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import junit.framework.TestSuite;
import org.junit.Test;

/**
 * Guards against a suite that silently shrinks: a wrong feature set or generator would make Guava's
 * builder create few or no tests, and the build would still be green.
 */
public class MemoryCacheAsMapSuiteSizeTest {

  /** Each configuration has 999 tests with testlib 33.5.0 (989 with the suppressions). */
  private static final int AT_LEAST = 900;

  @Test
  public void everyConfigurationCreatesTheFullSuite() {
    check(MemoryCacheAsMapTest.unboundedSuite());
    check(MemoryCacheAsMapTest.ttlSuite());
    check(SharedCacheAsMapTest.mapSuite("shared", () -> Path.of("unused"), null));
  }

  private static void check(TestSuite suite) {
    int count = suite.countTestCases();
    System.out.println("Guava testlib suite '" + suite.getName() + "': " + count + " tests");
    assertTrue(suite.getName() + " has only " + count + " tests", count >= AT_LEAST);
  }
}
