package dev.maplab.percpu;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Targeted scenarios, each the window of one property or one defect ({@code setup; thread 1 || thread 2;
 * then post}). Random scenarios find some of them only by luck, so each has its own.
 */
public final class CounterScenarios {

    public enum Name {
        /** Increments only: a sum between two increments on different CPUs (linearizable). */
        SUM_BETWEEN_INCREMENTS("sum || inc cpu0, inc cpu1"),
        /** Two increments on one CPU's cell at once (the non-atomic add mutant). */
        INCREMENTS_SHARING_A_CPU("inc cpu0 || inc cpu0; then sum"),
        /** Increments only: a sum while the other thread's increment folds CPU 0's cell (the fold-without-lock mutant). */
        SUM_DURING_FOLD("inc cpu0; sum || inc cpu0 (folds)"),
        /** Both signs: a sum between +1 on CPU 0 and -1 on CPU 1 returns -1, a total never held. */
        SUM_BETWEEN_SIGNED_ADDS("sum || add +1 cpu0, add -1 cpu1"),
        /**
         * Both signs, three threads: LongAdder's sum reads {@code cells} (still null), then {@code base}, while a
         * failed CAS on {@code base} creates the cells and another add still lands on {@code base}: the sum returns
         * 3 where the total went 1, 2, 1, 2 (the scenario Lincheck's random search found).
         */
        LONGADDER_SUM_DURING_CELL_CREATION("add +1; add +1, sum || add -1, sum || add +1, sum"),
        /** An add on a CPU's cell while that cell is being folded (the fold mutant). */
        ADD_DURING_FOLD("add +1 cpu0; add +1 cpu0 (folds) || add -1 cpu0; then sum"),
        /** Owned cells, increments only: a sum while CPU 0's owner folds its cell (the fold-without-lock mutant). */
        OWNED_SUM_DURING_FOLD("inc0; sum || inc0 (folds)"),
        /** Adds that find the lock held by a sum, then a read (the skip-fold mutant). */
        ADDS_WHILE_LOCK_HELD("sum || add +2, add +2, add +2, read");

        public final String text;

        Name(String text) {
            this.text = text;
        }
    }

    private CounterScenarios() {
    }

    public static ExecutionScenario of(Name name) {
        switch (name) {
            case SUM_BETWEEN_INCREMENTS:
                return scenario(List.of(), List.of(sum(IncrementOperations.class)), List.of(inc(0), inc(1)), List.of());
            case INCREMENTS_SHARING_A_CPU:
                return scenario(List.of(), List.of(inc(0)), List.of(inc(0)), List.of(sum(IncrementOperations.class)));
            case SUM_DURING_FOLD:
                return scenario(List.of(inc(0)), List.of(sum(IncrementOperations.class)), List.of(inc(0)), List.of());
            case SUM_BETWEEN_SIGNED_ADDS:
                return scenario(List.of(), List.of(sum(SignedOperations.class)), List.of(add(0, 1), add(1, -1)), List.of());
            case LONGADDER_SUM_DURING_CELL_CREATION: {
                Actor sum = sum(SignedOperations.class);
                return new ExecutionScenario(List.of(add(0, 1)),
                        List.of(List.of(add(0, 1), sum), List.of(add(1, -1), sum), List.of(add(0, 1), sum)), List.of(), null);
            }
            case ADD_DURING_FOLD:
                return scenario(List.of(add(0, 1)), List.of(add(0, 1)), List.of(add(0, -1)), List.of(sum(SignedOperations.class)));
            case OWNED_SUM_DURING_FOLD: {
                Actor inc0 = actor(method(OwnedIncrementOperations.class, "inc0"));
                return scenario(List.of(inc0), List.of(actor(method(OwnedIncrementOperations.class, "sum"))), List.of(inc0), List.of());
            }
            case ADDS_WHILE_LOCK_HELD:
                return scenario(List.of(), List.of(boundSum()), List.of(boundAdd(2), boundAdd(2), boundAdd(2), boundRead()), List.of());
            default:
                throw new IllegalArgumentException("scenario = " + name);
        }
    }

    private static ExecutionScenario scenario(List<Actor> init, List<Actor> t1, List<Actor> t2, List<Actor> post) {
        List<List<Actor>> parallel = new ArrayList<>();
        parallel.add(t1);
        parallel.add(t2);
        return new ExecutionScenario(init, parallel, post, null);
    }

    private static Actor inc(int cpu) {
        return actor(method(IncrementOperations.class, "inc", int.class), cpu);
    }

    private static Actor add(int cpu, int amount) {
        return actor(method(SignedOperations.class, "add", int.class, int.class), cpu, amount);
    }

    private static Actor sum(Class<?> ops) {
        return actor(method(ops, "sum"));
    }

    private static Actor boundSum() {
        return actor(method(ReadBoundOperations.class, "sum"));
    }

    private static Actor boundAdd(int amount) {
        return actor(method(ReadBoundOperations.class, "add", int.class), amount);
    }

    private static Actor boundRead() {
        return actor(method(ReadBoundOperations.class, "readWithinBound"));
    }

    private static Actor actor(Method m, Object... args) {
        return new Actor(m, List.of(args), false, false, false, false, false);
    }

    private static Method method(Class<?> c, String name, Class<?>... types) {
        try {
            return c.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
