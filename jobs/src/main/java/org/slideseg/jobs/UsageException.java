package org.slideseg.jobs;

/** A bad command line or configuration, reported before any Spark work starts; exit code 2. */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
