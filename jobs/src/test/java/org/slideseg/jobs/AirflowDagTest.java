package org.slideseg.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.cli.SegmentCommand;
import org.slideseg.jobs.segment.driver.SegmentOptions;

/**
 * The Airflow DAG in {@code conf/airflow} against the code it calls: its arguments parse, its main
 * class and properties file exist, and what its text says a retry does is what slideseg does. The
 * DAG is read with Python's {@code ast}, so Airflow need not be installed.
 */
class AirflowDagTest {
  private static final Path DAG = Path.of("..", "conf", "airflow", "slideseg_dag.py");

  /** Prints the SparkSubmitOperator's arguments, templates rendered as Airflow would, as JSON. */
  private static final String EXTRACT =
      """
      import ast, json, sys
      tree = ast.parse(open(sys.argv[1]).read())
      values = {'ds': '2026-11-01', 'run_id': 'scheduled__2026-11-01T00:00:00+00:00'}
      def render(text):
          for key, value in values.items():
              text = text.replace('{{ %s }}' % key, value)
          return text
      calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
               and getattr(n.func, 'id', '') == 'SparkSubmitOperator']
      assert len(calls) == 1, 'one SparkSubmitOperator expected'
      out = {k.arg: ast.literal_eval(k.value) for k in calls[0].keywords}
      out['application_args'] = [render(a) for a in out['application_args']]
      out['doc'] = ast.get_docstring(tree)
      print(json.dumps(out))
      """;

  private static JsonObject operator;

  @BeforeAll
  static void readTheDag() throws Exception {
    operator =
        new Gson()
            .fromJson(
                TestSlides.run("/usr/bin/python3", "-c", EXTRACT, DAG.toString()),
                JsonObject.class);
  }

  @Test
  void itsArgumentsParseAsTheCommandTheyName() throws Exception {
    List<String> args = new ArrayList<>();
    operator.getAsJsonArray("application_args").forEach(a -> args.add(a.getAsString()));
    assertThat(args.get(0)).isEqualTo("segment");
    assertThat(Main.COMMANDS).anyMatch(c -> c.usage().name().equals(args.get(0)));
    SegmentOptions options = SegmentOptions.parse(args.subList(1, args.size()));
    assertThat(options.inputs().slides()).containsExactly("s3a://lab-scans/2026-11-01/*.svs");
    assertThat(options.outputs().dir()).isEqualTo("s3a://lab-lake/segmentation/2026-11-01");
    assertThat(options.run().runId()).isEqualTo("scheduled__2026-11-01T00:00:00+00:00");
  }

  @Test
  void itsMainClassAndPropertiesFileExist() {
    assertThat(operator.get("java_class").getAsString()).isEqualTo(Main.class.getName());
    String properties = operator.get("properties_file").getAsString();
    assertThat(Path.of("..", "conf", Path.of(properties).getFileName().toString())).exists();
    assertThat(operator.get("application").getAsString()).endsWith("-cluster.jar");
  }

  /** Exit codes and retries as slideseg has them (Main; RerunTest shows the reuse it describes). */
  @Test
  void itsTextSaysWhatARetryDoes() throws Exception {
    String doc = operator.get("doc").getAsString().replaceAll("\\s+", " ");
    assertThat(doc)
        .contains("1 the run failed, 2 bad options or model, 3 some slides failed")
        .contains("same --run-id")
        .contains("finished are reused, not segmented again")
        .contains("exit 3 again");
    assertThat(SegmentCommand.SOME_SLIDES_FAILED).isEqualTo(3);
    assertThat(Main.run(new String[] {"segment", "--input", "x"})).isEqualTo(2);
  }
}
