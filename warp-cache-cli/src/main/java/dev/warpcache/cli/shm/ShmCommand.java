package dev.warpcache.cli.shm;

import dev.warpcache.internal.shm.RegionInspector;
import dev.warpcache.internal.shm.RegionInspector.RegionInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warp shm}: the shared-memory caches of this user. {@code list} shows them all, {@code stat
 * NAME} every header field of one, {@code clear NAME} empties one, {@code rm NAME} deletes its
 * files. Each takes {@code --dir DIR} to look somewhere other than the default directory ({@code
 * /dev/shm/warp_cache-<uid>/} on Linux).
 *
 * <p>Exit codes: 0 on success, 1 for an unknown name or a region that cannot be used, 2 for a usage
 * error.
 */
@Command(
    name = "shm",
    mixinStandardHelpOptions = true,
    description = {
      "Lists, inspects, clears and removes this user's shared-memory caches (one region file per"
          + " cache name, in /dev/shm/warp_cache-<uid>/ on Linux).",
      ""
    },
    subcommands = {
      ShmCommand.ListCommand.class,
      ShmCommand.StatCommand.class,
      ShmCommand.ClearCommand.class,
      ShmCommand.RemoveCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ShmCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** Creates the command; picocli fills in its fields. */
  public ShmCommand() {}

  /** Without a subcommand there is nothing to do: reports that as a usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: try 'warp shm list' or 'warp shm help'");
  }

  /** The {@code --dir} option every subcommand takes. */
  static final class DirOption {
    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description =
            "Directory of the region files (default: this user's, "
                + "/dev/shm/warp_cache-<uid>/ on Linux).")
    Path dir;

    Path directory() {
      return dir != null ? dir : RegionInspector.defaultDirectory();
    }
  }

  /** Shared plumbing: output streams and turning failures into a message and exit code 1. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DirOption dirOption;

    abstract void execute(Path dir, PrintWriter out) throws IOException;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        execute(dirOption.directory(), out);
        return 0;
      } catch (IllegalArgumentException | IllegalStateException e) {
        err.println("warp shm " + spec.name() + ": " + e.getMessage());
        return 1;
      } catch (FileSystemException e) {
        String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        err.println("warp shm " + spec.name() + ": " + e.getFile() + ": " + reason);
        return 1;
      } catch (IOException e) {
        err.println("warp shm " + spec.name() + ": " + e.getMessage());
        return 1;
      } finally {
        out.flush();
        err.flush();
      }
    }
  }

  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description =
          "Lists every shared cache: name, capacity, size, hits, misses, oversize skips, file size,"
              + " last writer pid and status.")
  static final class ListCommand extends Base {
    @Override
    void execute(Path dir, PrintWriter out) throws IOException {
      List<RegionInfo> regions = RegionInspector.inspectAll(dir);
      if (regions.isEmpty()) {
        out.println("no shared caches in " + dir);
        return;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {
            "NAME",
            "CAPACITY",
            "SIZE",
            "HITS",
            "MISSES",
            "OVERSIZE",
            "FILE SIZE",
            "WRITER PID",
            "STATUS"
          });
      for (RegionInfo r : regions) {
        boolean valid = r.headerValid();
        rows.add(
            new String[] {
              r.name(),
              valid ? Integer.toString(r.capacity()) : "-",
              valid ? Integer.toString(r.size()) : "-",
              valid ? Long.toString(r.hits()) : "-",
              valid ? Long.toString(r.misses()) : "-",
              valid ? Long.toString(r.oversizeSkips()) : "-",
              r.fileSize() < 0 ? "-" : bytes(r.fileSize()),
              valid && r.lastWriterPid() != 0 ? Long.toString(r.lastWriterPid()) : "-",
              r.status().label()
            });
      }
      out.println("Shared caches in " + dir + ":");
      printTable(rows, out);
    }

    /** Prints the rows with aligned columns: text left, numbers right. */
    private static void printTable(List<String[]> rows, PrintWriter out) {
      int columns = rows.get(0).length;
      int[] widths = new int[columns];
      for (String[] row : rows) {
        for (int c = 0; c < columns; c++) {
          widths[c] = Math.max(widths[c], row[c].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns; c++) {
          boolean left = c == 0 || c == columns - 1;
          String cell = row[c];
          String pad = " ".repeat(widths[c] - cell.length());
          if (c > 0) {
            line.append("  ");
          }
          line.append(left ? cell + pad : pad + cell);
        }
        out.println(line.toString().stripTrailing());
      }
    }
  }

  @Command(
      name = "stat",
      mixinStandardHelpOptions = true,
      description = "Prints every header field of the shared cache NAME, one per line.")
  static final class StatCommand extends Base {
    @Parameters(paramLabel = "NAME", description = "The cache name.")
    String name;

    @Override
    void execute(Path dir, PrintWriter out) throws IOException {
      RegionInfo r = RegionInspector.inspect(dir, name);
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("name", r.name());
      fields.put("file", r.file().toString());
      fields.put("status", r.status().label() + (r.detail().isEmpty() ? "" : ": " + r.detail()));
      fields.put("file size", r.fileSize() < 0 ? "-" : bytes(r.fileSize()) + sizeNote(r));
      if (!r.permissions().isEmpty()) {
        fields.put("permissions", r.permissions());
      }
      if (r.fileSize() >= Long.BYTES) {
        fields.put(
            "magic", r.magicOk() ? "ok" : String.format(Locale.ROOT, "bad (0x%016x)", r.magic()));
      }
      if (r.magicOk()) {
        fields.put("layout version", Integer.toString(r.layoutVersion()));
      }
      if (r.headerValid()) {
        fields.put("state", r.state() == 1 ? "ready" : r.state() + " (not ready)");
        fields.put("capacity", r.capacity() + " entries");
        fields.put("size", r.size() + " entries");
        fields.put("bucket count", Integer.toString(r.bucketCount()));
        fields.put("slot size", bytes(r.slotSize()));
        fields.put("max key size", bytes(r.maxKeySize()));
        fields.put("max value size", bytes(r.maxValueSize()));
        fields.put("ttl", ttl(r.ttlNanos()));
        fields.put(
            "boot id", r.bootId() + (r.currentBoot() ? " (this boot)" : " (an earlier boot)"));
        fields.put("hits", Long.toString(r.hits()));
        fields.put("misses", Long.toString(r.misses()));
        long lookups = r.hits() + r.misses();
        fields.put(
            "hit ratio",
            lookups == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * r.hits() / lookups));
        fields.put("evictions", Long.toString(r.evictions()));
        fields.put("oversize skips", Long.toString(r.oversizeSkips()));
        fields.put("recoveries", Long.toString(r.recoveries()));
        fields.put(
            "last writer pid", r.lastWriterPid() == 0 ? "-" : Long.toString(r.lastWriterPid()));
        fields.put("lock", lock(r));
        fields.put(
            "sequence",
            r.sequence() + (r.sequence() % 2 == 0 ? "" : " (odd: a write is in progress)"));
        fields.put("queue head", slot(r.queueHead()));
        fields.put("queue tail", slot(r.queueTail()));
        fields.put("sieve hand", slot(r.sieveHand()));
        fields.put("free list head", slot(r.freeHead()));
      }
      int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
      for (Map.Entry<String, String> field : fields.entrySet()) {
        out.printf(Locale.ROOT, "%-" + width + "s %s%n", field.getKey() + ":", field.getValue());
      }
    }

    private static String sizeNote(RegionInfo r) {
      if (r.expectedFileSize() > 0 && r.expectedFileSize() != r.fileSize()) {
        return " (its parameters need " + r.expectedFileSize() + " bytes)";
      }
      return "";
    }

    private static String lock(RegionInfo r) {
      if (r.lockOwnerPid() == 0) {
        return "free";
      }
      return "held by pid "
          + r.lockOwnerPid()
          + (r.lockOwnerAlive()
              ? " (alive)"
              : " (not running: the next writer takes the lock over and repairs the region)");
    }

    private static String slot(int slot) {
      return slot < 0 ? "none" : "slot " + slot;
    }

    private static String ttl(long nanos) {
      if (nanos == 0) {
        return "none";
      }
      if (nanos % TimeUnit.SECONDS.toNanos(1) == 0) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos) + " s";
      }
      if (nanos % TimeUnit.MILLISECONDS.toNanos(1) == 0) {
        return TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
      }
      return nanos + " ns";
    }
  }

  @Command(
      name = "clear",
      mixinStandardHelpOptions = true,
      description =
          "Empties the shared cache NAME and resets its hit, miss, eviction and oversize counters;"
              + " processes using it see the entries disappear.")
  static final class ClearCommand extends Base {
    @Parameters(paramLabel = "NAME", description = "The cache name.")
    String name;

    @Override
    void execute(Path dir, PrintWriter out) throws IOException {
      RegionInfo before = RegionInspector.inspect(dir, name);
      RegionInspector.clear(dir, name);
      out.println(
          "cleared "
              + name
              + " in "
              + dir
              + " ("
              + (before.status() == RegionInspector.Status.OK ? before.size() : 0)
              + " entries removed, capacity "
              + before.capacity()
              + ")");
    }
  }

  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = {
        "Deletes the shared cache NAME (its .region and .lock files).",
        "Processes that still have it open keep their old copy, shared with nobody who opens the"
            + " name afterwards: those get a fresh, empty region. Remove a cache when no process"
            + " uses it."
      })
  static final class RemoveCommand extends Base {
    @Parameters(paramLabel = "NAME", description = "The cache name.")
    String name;

    @Override
    void execute(Path dir, PrintWriter out) throws IOException {
      RegionInspector.remove(dir, name);
      out.println("removed " + name + " from " + dir);
    }
  }

  /** Formats a byte count: {@code 512 B}, {@code 8.8 KiB}, {@code 1.0 MiB}. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
