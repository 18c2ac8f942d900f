package dev.warpcache.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Supplies {@code warp --version} from the version Maven wrote into the jar at build time. */
public final class VersionProvider implements IVersionProvider {

  private static final String RESOURCE = "/warp-version.properties";

  /** Creates the provider; picocli calls this. */
  public VersionProvider() {}

  /**
   * Returns the version lines that {@code --version} prints.
   *
   * @return one line, {@code warp <version>}
   */
  @Override
  public String[] getVersion() {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new String[] {"warp " + properties.getProperty("version", "(unknown version)")};
  }
}
