package org.slideseg.jobs.cli;

import java.util.List;
import org.slideseg.jobs.console.UsageException;

/** One sub-command of {@code slideseg}: how it is called and documented, and what it does. */
public interface Command {
  /**
   * @param name the word that selects the command: {@code segment}, {@code train}, ...
   * @param summary one line for the list of commands
   * @param options its options, which also write its {@code --help}
   */
  record Usage(String name, String summary, Options options) {}

  Usage usage();

  /**
   * Runs the command with the arguments after its name ({@code --help} is handled before).
   *
   * @return the process exit code
   * @throws UsageException for bad options or inputs, which exit with 2
   */
  int run(List<String> args) throws Exception;
}
