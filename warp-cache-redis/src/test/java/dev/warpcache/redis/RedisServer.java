package dev.warpcache.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real redis-server for the tests: a child process on 127.0.0.1 and a free port, without
 * persistence, in a temporary directory. It can be stopped and started again on the same port.
 * {@link #close()} stops it and deletes its directory; a shutdown hook kills it if a test run ends
 * without closing it.
 *
 * <p>redis-server is looked for on the PATH; if it is missing, {@code scripts/redis.sh install}
 * (from the project root, the parent of this module's directory) installs it, with redis-cli.
 * {@link RedisCluster} starts several of these servers in cluster mode.
 */
public final class RedisServer implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final Path executable;
  private final Path dir;
  private final int port;
  private final List<String> extraArguments;
  private final Thread killer;
  private volatile Process process;

  private RedisServer(Path executable, Path dir, int port, List<String> extraArguments) {
    this.executable = executable;
    this.dir = dir;
    this.port = port;
    this.extraArguments = List.copyOf(extraArguments);
    this.killer = new Thread(this::kill, "redis-server-killer");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /**
   * Starts a server on a free port.
   *
   * @return the running server
   */
  public static RedisServer start() {
    return start(List.of());
  }

  /**
   * Starts a server on a free port with more command-line arguments.
   *
   * @param extraArguments arguments after the defaults, such as {@code --cluster-enabled yes}
   * @return the running server
   */
  static RedisServer start(List<String> extraArguments) {
    Path executable = executable("redis-server");
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir;
      try {
        dir = Files.createTempDirectory("warp-cache-redis-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RedisServer server = new RedisServer(executable, dir, freePort(), extraArguments);
      try {
        server.startProcess();
        return server;
      } catch (IllegalStateException e) {
        // Most likely another process took the port between the probe and the start: try another.
        server.close();
        failure = e;
      }
    }
    throw failure;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** The URI to connect to. */
  public String uri() {
    return "redis://" + HOST + ":" + port;
  }

  /** What {@code redis-server --version} prints. */
  String version() throws IOException, InterruptedException {
    Process version =
        new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
    String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    version.waitFor(10, TimeUnit.SECONDS);
    return output.trim();
  }

  /** Stops the server, keeping its port and directory for {@link #restart()}. */
  public synchronized void stop() {
    Process running = process;
    if (running == null) {
      return;
    }
    process = null;
    if (running.isAlive()) {
      try {
        command("SHUTDOWN", "NOSAVE");
      } catch (IOException e) {
        // not answering: destroyed below
      }
    }
    try {
      if (!running.waitFor(5, TimeUnit.SECONDS)) {
        running.destroy();
        if (!running.waitFor(5, TimeUnit.SECONDS)) {
          running.destroyForcibly();
          running.waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the stopped server again, on the same port. */
  public synchronized void restart() {
    if (process == null) {
      startProcess();
    }
  }

  /** Stops the server and deletes its directory. */
  @Override
  public synchronized void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    deleteRecursively(dir);
  }

  /**
   * Removes every key, so that a test starts from an empty server.
   *
   * @throws IOException if the server cannot be reached
   */
  public void flushAll() throws IOException {
    String reply = command("FLUSHALL");
    if (!"+OK".equals(reply)) {
      throw new IllegalStateException("FLUSHALL answered " + reply);
    }
  }

  /**
   * Sends one command and reads the first line of the answer.
   *
   * @return the first line, or {@code null} if the server closed the connection
   */
  public String command(String... arguments) throws IOException {
    return send(false, arguments);
  }

  /**
   * Sends one command and reads its answer: the text of a bulk string reply (such as that of {@code
   * CLUSTER INFO}), else the first line.
   *
   * @return the answer, or {@code null} if the server closed the connection
   */
  String text(String... arguments) throws IOException {
    return send(true, arguments);
  }

  private String send(boolean bulk, String... arguments) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 1_000);
      socket.setSoTimeout(2_000);
      StringBuilder request =
          new StringBuilder().append('*').append(arguments.length).append("\r\n");
      for (String argument : arguments) {
        byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
        request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      if (line.length() == 0) {
        return null;
      }
      if (bulk && line.charAt(0) == '$' && !line.toString().equals("$-1")) {
        int length = Integer.parseInt(line.substring(1));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
      }
      return line.toString();
    }
  }

  private void startProcess() {
    List<String> commandLine = new ArrayList<>();
    commandLine.addAll(
        List.of(
            executable.toString(),
            "--port",
            Integer.toString(port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            dir.toString(),
            "--daemonize",
            "no"));
    commandLine.addAll(extraArguments);
    Path log = dir.resolve("redis.log");
    Process started;
    try {
      started =
          new ProcessBuilder(commandLine)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process = started;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        process = null;
        throw new IllegalStateException(
            "redis-server exited with " + started.exitValue() + ":\n" + readQuietly(log));
      }
      try {
        if ("+PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      sleep(20);
    }
    stop();
    throw new IllegalStateException("redis-server did not answer PING:\n" + readQuietly(log));
  }

  private void kill() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
    }
  }

  /**
   * Finds a program of the Redis distribution (redis-server, redis-cli) on the PATH, installing
   * Redis with {@code scripts/redis.sh install} if it is missing.
   */
  static Path executable(String name) {
    Path found = find(name);
    if (found != null) {
      return found;
    }
    Path script = locateScript();
    try {
      Process install =
          new ProcessBuilder("bash", script.toString(), "install").inheritIO().start();
      if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
        throw new IllegalStateException(script + " install failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    found = find(name);
    if (found == null) {
      throw new IllegalStateException(name + " is not on the PATH after " + script);
    }
    return found;
  }

  private static Path find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Paths.get(entry, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static Path locateScript() {
    // Surefire runs in the module's directory; the script is in the project root above it.
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve("scripts").resolve("redis.sh");
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException(
        "redis-server is not installed and scripts/redis.sh is missing");
  }

  /** A port of 127.0.0.1 that no one listened on a moment ago. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
