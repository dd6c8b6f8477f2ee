package org.slideseg.jobs.console;

/** Bad options or inputs: the process prints the message and exits with 2. */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
