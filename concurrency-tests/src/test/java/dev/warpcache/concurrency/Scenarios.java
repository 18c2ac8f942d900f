package dev.warpcache.concurrency;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Hand-written Lincheck scenarios: the races we know are dangerous, checked on every run in
 * addition to the random scenarios. The model checker explores all the interleavings of a scenario
 * this small, so a known race is never left to the luck of the scenario generator.
 *
 * <p>Lincheck's Kotlin DSL for this needs Kotlin function references; from Java the scenario is
 * built directly from {@link Actor}s (pinned to the Lincheck version of the root pom).
 */
final class Scenarios {

  private final Class<?> testClass;
  private final List<Actor> initial = new ArrayList<>();
  private final List<List<Actor>> parallel = new ArrayList<>();
  private final List<Actor> post = new ArrayList<>();

  private Scenarios(Class<?> testClass) {
    this.testClass = testClass;
  }

  static Scenarios of(Class<?> testClass) {
    return new Scenarios(testClass);
  }

  /** Adds an operation run before the parallel part. */
  Scenarios initially(String operation, Object... args) {
    initial.add(actor(operation, args));
    return this;
  }

  /** Adds a thread to the parallel part, running {@code operations} in order. */
  Scenarios thread(Object[]... operations) {
    List<Actor> actors = new ArrayList<>();
    for (Object[] op : operations) {
      actors.add(actor((String) op[0], Arrays.copyOfRange(op, 1, op.length)));
    }
    parallel.add(actors);
    return this;
  }

  /** Adds an operation run after the parallel part. */
  Scenarios then(String operation, Object... args) {
    post.add(actor(operation, args));
    return this;
  }

  /** One operation of a {@link #thread}: its name, then its arguments. */
  static Object[] op(String operation, Object... args) {
    Object[] op = new Object[args.length + 1];
    op[0] = operation;
    System.arraycopy(args, 0, op, 1, args.length);
    return op;
  }

  ExecutionScenario build(String validationFunction) {
    return new ExecutionScenario(initial, parallel, post, actor(validationFunction));
  }

  private Actor actor(String operation, Object... args) {
    for (Method m : testClass.getMethods()) {
      if (m.getName().equals(operation) && m.getParameterCount() == args.length) {
        return new Actor(m, Arrays.asList(args), false, false, false, false, false);
      }
    }
    throw new IllegalArgumentException(
        testClass.getSimpleName() + " has no operation " + operation + "/" + args.length);
  }
}
