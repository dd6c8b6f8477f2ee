package org.slideseg.jobs;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * slideseg's packages in layers, top to bottom: the commands, the segment job's command line, its
 * driver, the shared option parsing, the job's Spark set-up, what runs in tasks, the outputs' rules
 * and the records that travel, what the user is told, then the library (common). A class imports
 * its own layer and those below, never one above, so the packages form no cycle; a failure names
 * each import that breaks the rule.
 */
class LayersTest {
  private static final String COMMON = "org.slideseg.common";

  /** Top to bottom; a package of the jobs module must be listed, common's are the bottom layer. */
  private static final List<Set<String>> LAYERS =
      List.of(
          Set.of("org.slideseg.jobs"),
          Set.of("org.slideseg.jobs.bench"),
          Set.of("org.slideseg.jobs.demo", "org.slideseg.jobs.train"),
          Set.of("org.slideseg.jobs.segment.cli"),
          Set.of("org.slideseg.jobs.segment.driver"),
          Set.of("org.slideseg.jobs.cli"),
          Set.of("org.slideseg.jobs.segment"),
          Set.of("org.slideseg.jobs.segment.executor.assembly"),
          Set.of("org.slideseg.jobs.segment.executor"),
          Set.of("org.slideseg.jobs.segment.outputs"),
          Set.of("org.slideseg.jobs.segment.records"),
          Set.of("org.slideseg.jobs.console"));

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar")) // common's test helpers
          .importPackages("org.slideseg");

  @Test
  void importsRunOnlyDownTheLayers() {
    Set<String> upward = new TreeSet<>();
    for (JavaClass origin : CLASSES) {
      if (!origin.getPackageName().startsWith("org.slideseg.jobs")) {
        continue;
      }
      for (Dependency d : origin.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass();
        if (target.getPackageName().startsWith("org.slideseg") && layer(target) < layer(origin)) {
          upward.add(
              origin.getName()
                  + " uses "
                  + target.getName()
                  + ", a layer above it ("
                  + d.getDescription()
                  + ")");
        }
      }
    }
    assertThat(upward).as("imports that run up the layers").isEmpty();
  }

  @Test
  void everyPackageHasALayer() {
    assertThat(CLASSES.contain("org.slideseg.jobs.segment.driver.SegmentJob")).isTrue();
    assertThat(CLASSES.contain("org.slideseg.common.engine.TorchRuntime")).isTrue();
    for (JavaClass c : CLASSES) {
      assertThat(layer(c)).as("the layer of %s", c.getPackageName()).isNotNegative();
    }
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching("org.slideseg.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  /** The index of the class's layer from the top, or -1 for a jobs package no layer lists. */
  private static int layer(JavaClass c) {
    String p = c.getPackageName();
    if (p.equals(COMMON) || p.startsWith(COMMON + ".")) {
      return LAYERS.size();
    }
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(p)) {
        return i;
      }
    }
    return -1;
  }
}
