package org.slideseg.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.engine.EngineDefectException;
import org.slideseg.jobs.bench.BenchCommand;
import org.slideseg.jobs.cli.Command;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.demo.DemoCommand;
import org.slideseg.jobs.segment.cli.SegmentCommand;
import org.slideseg.jobs.train.TrainCommand;

/**
 * {@code slideseg <command> [options]}: the one main class, for spark-submit and the local
 * launcher. Exit codes: 0 success, 1 the run failed, 2 bad options or model, 3 some slides failed.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  static final List<Command> COMMANDS =
      List.of(new SegmentCommand(), new DemoCommand(), new TrainCommand(), new BenchCommand());

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static String usage() {
    StringBuilder out = new StringBuilder("Usage: slideseg <command> [options]\n\nCommands:\n");
    for (Command c : COMMANDS) {
      Command.Usage u = c.usage();
      out.append(
          String.format("  %-9s %s (slideseg %s --help)%n", u.name(), u.summary(), u.name()));
    }
    return out.toString();
  }

  static int run(String[] args) {
    if (args.length == 0 || List.of("help", "--help", "-h").contains(args[0])) {
      System.out.print(usage());
      return args.length == 0 ? 2 : 0;
    }
    Optional<Command> command =
        COMMANDS.stream().filter(c -> c.usage().name().equals(args[0])).findFirst();
    if (command.isEmpty()) {
      System.err.println("slideseg: unknown command \"" + args[0] + "\"\n\n" + usage());
      return 2;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (rest.contains("--help") || rest.contains("-h")) {
      System.out.print(command.get().usage().options().help());
      return 0;
    }
    try {
      return command.get().run(rest);
    } catch (UsageException | EngineDefectException e) {
      System.err.println("slideseg: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      LOG.error("slideseg {} failed", args[0], e);
      System.err.println("slideseg: " + args[0] + " failed: " + e);
      return 1;
    }
  }
}
