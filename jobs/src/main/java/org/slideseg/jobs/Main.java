package org.slideseg.jobs;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.jobs.bench.BenchCommand;
import org.slideseg.jobs.demo.DemoCommand;
import org.slideseg.jobs.segment.SegmentCommand;
import org.slideseg.jobs.train.TrainCommand;

/**
 * {@code slideseg <command> [options]}: the one main class, for spark-submit and the local
 * launcher. Exit codes: 0 success, 1 the run failed, 2 bad options or model, 3 some slides failed.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  static final String USAGE =
      """
      Usage: slideseg <command> [options]

      Commands:
        segment   segment slides with a U-Net model on Spark (slideseg segment --help)
        demo      build a sample slide from bundled ISBI 2012 slices, segment it with the bundled model,
                  and report its pixel error (slideseg demo --help)
        train     train a U-Net of the family on image / label pairs, validating every epoch
                  (slideseg train --help)
        bench     print model throughput per batch size and mask-writing speed and memory
                  (slideseg bench --help)
      """;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || List.of("help", "--help", "-h").contains(args[0])) {
      System.out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return switch (args[0]) {
        case "segment" -> SegmentCommand.run(rest);
        case "demo" -> DemoCommand.run(rest);
        case "train" -> TrainCommand.run(rest);
        case "bench" -> BenchCommand.run(rest);
        default -> throw new UsageException("unknown command \"" + args[0] + "\"\n\n" + USAGE);
      };
    } catch (UsageException e) {
      System.err.println("slideseg: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      LOG.error("slideseg {} failed", args[0], e);
      System.err.println("slideseg: " + args[0] + " failed: " + e);
      return 1;
    }
  }
}
