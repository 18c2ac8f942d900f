package dev.warpcache;

/**
 * Thrown when a value cannot be encoded (no codec for its type, a codec failed, or the encoding
 * went over the size limit of its {@link ByteSink}) or bytes cannot be decoded (truncated,
 * malformed, written by a codec this process does not have, or refused by an allow-list).
 *
 * <p>For a cache, a value that cannot be encoded is simply not stored in a shared or remote tier,
 * and bytes that cannot be decoded are treated as a miss: the exception is counted, not thrown to
 * the caller of a memoized function.
 */
public class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the type or the position in the input
   */
  public CodecException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, naming the type or the position in the input
   * @param cause the underlying failure
   */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
