package org.slideseg.jobs.cli;

import java.util.List;

/** One sub-command of {@code slideseg}: its name, its help, and what it does. */
public interface Command {
  /** The word that selects it: {@code segment}, {@code train}, ... */
  String name();

  /** One line for the list of commands. */
  String summary();

  /** The whole {@code --help} text. */
  String help();

  /**
   * Runs the command with the arguments after its name ({@code --help} is handled before).
   *
   * @return the process exit code
   * @throws UsageException for bad options or inputs, which exit with 2
   */
  int run(List<String> args) throws Exception;
}
