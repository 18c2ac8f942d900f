package dev.warpcache.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where region files live and who may read them: one directory per user, {@code
 * /dev/shm/warp_cache-<uid>/} on Linux (the temp directory elsewhere), created {@code 0700}; region
 * files are created {@code 0600}. A directory owned by another user, or open to group or others, is
 * refused: another local user could otherwise plant or read cache entries.
 */
public final class RegionFiles {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private RegionFiles() {}

  /**
   * Checks a cache name: letters, digits, dot, dash and underscore, 1 to 200 characters, not
   * starting with a dot (names become file names).
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException if the name is not allowed
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.startsWith(".")) {
      throw new IllegalArgumentException(
          "a shared cache name must be 1 to 200 letters, digits, '.', '-' or '_', not starting"
              + " with '.', but was "
              + (name == null ? "null" : "\"" + name + "\""));
    }
    return name;
  }

  /**
   * Returns the default directory of this user's regions.
   *
   * @return {@code /dev/shm/warp_cache-<uid>} where {@code /dev/shm} exists, else a directory of
   *     the same name in the temp directory
   */
  public static Path defaultDirectory() {
    Path shm = Path.of("/dev/shm");
    String user = uid();
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return shm.resolve("warp_cache-" + user);
    }
    return Path.of(System.getProperty("java.io.tmpdir")).resolve("warp_cache-" + user);
  }

  /**
   * Creates {@code dir} with mode 0700 if it is missing, and refuses one that another user owns or
   * that group or others may access.
   *
   * @throws IOException if it cannot be created or is not private to this user
   */
  static Path ensurePrivateDirectory(Path dir) throws IOException {
    if (!isPosix(dir.getParent())) {
      Files.createDirectories(dir);
      return dir;
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
    } catch (java.nio.file.FileAlreadyExistsException exists) {
      // checked below
    }
    PosixFileAttributes attributes =
        Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes();
    if (!attributes.isDirectory()) {
      throw new IOException(dir + " exists and is not a directory");
    }
    Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (!String.valueOf(owner).equals(uid())) {
      throw new IOException(
          "refusing "
              + dir
              + ": it is owned by uid "
              + owner
              + ", not by this user (uid "
              + uid()
              + ")");
    }
    Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
    open.removeAll(OWNER_ONLY_DIR);
    if (!open.isEmpty()) {
      throw new IOException(
          "refusing "
              + dir
              + ": it is accessible to group or others ("
              + PosixFilePermissions.toString(attributes.permissions())
              + "); it must be rwx------");
    }
    return dir;
  }

  static boolean isPosix(Path path) {
    return path != null
        && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null
        && path.getFileSystem().supportedFileAttributeViews().contains("unix");
  }

  /** This process's user id, as the file system reports it, or the user name elsewhere. */
  static String uid() {
    try {
      Path status = Path.of("/proc/self/status");
      if (Files.isReadable(status)) {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("Uid:")) {
            return line.substring(4).trim().split("\\s+")[1]; // the effective uid
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * The boot id of this host (Linux: {@code /proc/sys/kernel/random/boot_id}) as two longs, or
   * zeros where there is none. Entries written under another boot id are never served.
   */
  static long[] bootId() {
    try {
      Path path = Path.of("/proc/sys/kernel/random/boot_id");
      if (Files.isReadable(path)) {
        String hex = Files.readString(path).trim().replace("-", "");
        if (hex.length() == 32) {
          return new long[] {
            Long.parseUnsignedLong(hex.substring(0, 16), 16),
            Long.parseUnsignedLong(hex.substring(16), 16)
          };
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return new long[] {0, 0};
  }
}
