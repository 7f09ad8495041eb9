package io.qubitd.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of DESIGN.md, checked on the compiled classes: pure packages hold arithmetic and
 * data and never touch actors or the outer layers; the circuit IR and the tensor math depend on
 * nothing else of qubitd; no two top-level packages depend on each other in a cycle. Rules name
 * package patterns ({@code kernel..} covers any kernel subpackage), so new subpackages are held
 * to them without edits here.
 */
@AnalyzeClasses(packages = "io.qubitd", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  static final String[] PURE = {"io.qubitd.circuit..", "io.qubitd.kernel..", "io.qubitd.device..", "io.qubitd.compile..",
      "io.qubitd.backend..", "io.qubitd.calibration..", "io.qubitd.trainer.tensor..", "io.qubitd.progress.."};

  /** Where actors, I/O and wiring live: pure code never reaches into them. */
  static final String[] OUTER = {"io.qubitd.chip..", "io.qubitd.scheduler..", "io.qubitd.api..", "io.qubitd.cli..",
      "io.qubitd.daemon..", "io.qubitd.cluster..", "io.qubitd.console..", "io.qubitd.config.."};

  /** An actor shell beside the pure code of its package (CalibrationActor), with its nested protocol. */
  static final DescribedPredicate<JavaClass> ACTOR_SHELL = DescribedPredicate.describe("an actor shell (a *Actor class or nested in one)",
      c -> topLevel(c).getSimpleName().endsWith("Actor"));

  private static JavaClass topLevel(JavaClass c) {
    JavaClass t = c;
    while (t.getEnclosingClass().isPresent()) t = t.getEnclosingClass().get();
    return t;
  }

  @ArchTest
  static final ArchRule pureCodeUsesNoActors = noClasses()
      .that().resideInAnyPackage(PURE).and(not(ACTOR_SHELL))
      .should().dependOnClassesThat().resideInAPackage("org.apache.pekko..")
      .because("pure packages are plain Java, tested without an actor system (DESIGN.md)");

  @ArchTest
  static final ArchRule pureCodeAndItsActorShellsKnowNoOuterLayer = noClasses()
      .that().resideInAnyPackage(PURE)
      .should().dependOnClassesThat().resideInAnyPackage(OUTER)
      .because("actors and the API call pure code, never the other way round");

  @ArchTest
  static final ArchRule circuitIrIsTheBase = noClasses()
      .that().resideInAPackage("io.qubitd.circuit..")
      .should().dependOnClassesThat(resideInAPackage("io.qubitd..").and(not(resideInAPackage("io.qubitd.circuit.."))))
      .because("every other layer builds on the circuit IR");

  @ArchTest
  static final ArchRule kernelKnowsNoCompilerCalibrationOrBackend = noClasses()
      .that().resideInAPackage("io.qubitd.kernel..")
      .should().dependOnClassesThat(resideInAnyPackage("io.qubitd.compile..", "io.qubitd.calibration..", "io.qubitd.backend.."))
      .because("simulation methods take programs, not the compiler's or calibration's views of a chip");

  @ArchTest
  static final ArchRule tensorMathStandsAlone = noClasses()
      .that().resideInAPackage("io.qubitd.trainer.tensor..")
      .should().dependOnClassesThat(resideInAPackage("io.qubitd..").and(not(resideInAPackage("io.qubitd.trainer.tensor.."))))
      .because("tensor-network math is plain arithmetic");

  @ArchTest
  static final ArchRule topLevelPackagesAreFreeOfCycles = slices().matching("io.qubitd.(*)..").should().beFreeOfCycles();
}
