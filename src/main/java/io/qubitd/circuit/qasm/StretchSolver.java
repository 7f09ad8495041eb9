package io.qubitd.circuit.qasm;

import io.qubitd.circuit.qasm.QasmEvaluation.TimingFact;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * Resolves a program's stretches as the specification says: the smallest non-negative values (least total) for
 * which every delay is non-negative and each {@code box[d]} is filled on every qubit whose path holds a stretch (a
 * qubit without one only has to fit). Durations are affine in the stretches, so trial runs at 0 and at one second
 * in each stretch give every delay and every box's room as a linear function of them; a linear program (Commons
 * Math's simplex, in nanoseconds) then picks the values. Operations are timed with the settings' gate times.
 */
final class StretchSolver {
  private StretchSolver() {}

  /** Seconds per unit of the linear program: nanoseconds keep its numbers near 1 for the simplex's tolerances. */
  private static final double UNIT = 1e-9;

  /** The stretch values, in declaration order; {@code trial} runs the program with given values and records its timing. */
  static double[] solve(Function<double[], QasmElaborator> trial, String file) {
    QasmElaborator base = trial.apply(new double[0]);
    int k = base.stretchesDeclared;
    List<TimingFact> facts = base.timing;
    if (k == 0) return new double[0];
    double[][] coefficient = new double[facts.size()][k];
    for (int j = 0; j < k; j++) {
      double[] unit = new double[k];
      unit[j] = 1;
      QasmElaborator moved = trial.apply(unit);
      if (moved.timing.size() != facts.size() || moved.stretchesDeclared != k) {
        throw base.error(facts.isEmpty() ? new Ast.Pos(1, 1) : facts.get(0).pos(),
            "the program runs different statements for different stretch values; expected timing that does not steer control flow");
      }
      for (int i = 0; i < facts.size(); i++) coefficient[i][j] = moved.timing.get(i).seconds() - facts.get(i).seconds();
    }
    List<LinearConstraint> constraints = new ArrayList<>();
    for (int i = 0; i < facts.size(); i++) {
      TimingFact f = facts.get(i);
      boolean stretched = false;
      for (double c : coefficient[i]) stretched |= Math.abs(c) > 1e-12;
      if (!stretched) {
        if (f.seconds() < -QasmEvaluation.STRETCH_TOLERANCE) {
          throw base.error(f.pos(), f.what() + " needs " + (-f.seconds()) + " s more than it has, and no stretch can give it;"
              + " expected non-negative durations");
        }
        continue;
      }
      Relationship r = f.fills() ? Relationship.EQ : Relationship.GEQ;
      constraints.add(new LinearConstraint(coefficient[i], r, -f.seconds() / UNIT));
    }
    if (constraints.isEmpty()) return new double[k];
    double[] ones = new double[k];
    java.util.Arrays.fill(ones, 1);
    try {
      PointValuePair p = new SimplexSolver().optimize(new LinearObjectiveFunction(ones, 0), new LinearConstraintSet(constraints),
          GoalType.MINIMIZE, new NonNegativeConstraint(true));
      double[] v = p.getPoint();
      for (int j = 0; j < k; j++) v[j] = Math.max(0, v[j]) * UNIT;
      return v;
    } catch (NoFeasibleSolutionException e) {
      // name the first box, which is what usually cannot be filled, else the first delay
      TimingFact first = facts.stream().filter(TimingFact::fills).findFirst().orElse(facts.get(0));
      throw base.error(first.pos(), "no non-negative stretch values make every delay non-negative and fill every box;"
          + " expected durations the stretches can balance");
    }
  }
}
