package dev.maplab.lpm;

import static dev.maplab.check.LincheckOutcome.expectCaught;
import static dev.maplab.check.LincheckOutcome.expectPass;

import dev.maplab.check.CheckLog;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the LPM trie's lock-free lookups against updates and deletes (claim C17): Lincheck
 * model checking and stress against the reference matcher ({@link LpmSequentialSpec}), targeted
 * publication scenarios, and the catch of the node published before its children. Outcomes go to
 * {@code check/parts/lpm-lincheck.json}.
 */
class LpmTrieLinearizabilityTest {
    private static final String S = "lpm";
    private static final String PRODUCTION = "production";
    private static final String MUTANT = "mutant:early-publish";

    private static final Method LOOKUP = method("lookup", int.class);
    private static final Method UPDATE = method("update", int.class, int.class, int.class);
    private static final Method DELETE = method("delete", int.class);

    /** Targeted publication windows: {@code setup; thread 1 || thread 2}. */
    enum Window {
        /** An intermediate node /2 goes in above 000/3 (lookup 00000000 must keep finding 000/3). */
        INTERMEDIATE("update 000/3; lookup 00000000 || update 001/3"),
        /** 0/1 goes in above 01/2 as its parent (lookup 01011010 must keep finding 01/2). */
        ANCESTOR("update 01/2; lookup 01011010 || update 0/1"),
        /** 000/3 is replaced (new value) while 00000000/8 hangs below it (lookup must keep finding /8). */
        REPLACE("update 000/3, update 00000000/8; lookup 00000000 || update 000/3 (new value)", true),
        /** 000/3 leaves, taking the intermediate /2 with it: 001/3 moves up (lookup 00111111 must keep finding it). */
        DELETE_MOVES_SIBLING_UP("update 0/1, update 000/3, update 001/3; lookup 00111111 || delete 000/3", false);

        final String text;
        /** Whether the window publishes a new node (the mutant's defect can show only then). */
        final boolean publishes;

        Window(String text) {
            this(text, true);
        }

        Window(String text, boolean publishes) {
            this.text = text;
            this.publishes = publishes;
        }

        ExecutionScenario scenario() {
            switch (this) {
                case INTERMEDIATE:
                    return scenarioOf(List.of(update(1, 1)), List.of(lookup(0)), List.of(update(2, 1)));
                case ANCESTOR:
                    return scenarioOf(List.of(update(3, 1)), List.of(lookup(2)), List.of(update(0, 1)));
                case DELETE_MOVES_SIBLING_UP:
                    return scenarioOf(List.of(update(0, 1), update(1, 1), update(2, 1)), List.of(lookup(1)), List.of(delete(1)));
                default:
                    return scenarioOf(List.of(update(1, 1), update(4, 1)), List.of(lookup(0)), List.of(update(1, 2)));
            }
        }
    }

    private static ModelCheckingOptions targeted(Window... windows) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? 300 : 5_000)
                .sequentialSpecification(LpmSequentialSpec.class)
                .minimizeFailedScenario(false);
        for (Window w : windows) {
            o.addCustomScenario(w.scenario());
        }
        return o;
    }

    // ---- production -----------------------------------------------------------------------------

    @Test
    @DisplayName("production passes model checking of random scenarios (3 threads x 2 ops, 3 before)")
    void productionPassesRandomModelChecking() {
        boolean quick = CheckLog.quick();
        expectPass(S, "model checking, random scenarios", PRODUCTION, () -> new ModelCheckingOptions()
                .iterations(quick ? 10 : 60)
                .invocationsPerIteration(quick ? 300 : 1_000)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(3)
                .actorsAfter(1)
                .sequentialSpecification(LpmSequentialSpec.class)
                .check(LpmSubjects.Production.class));
    }

    @Test
    @DisplayName("production passes every targeted publication window")
    void productionPassesEveryTargetedWindow() {
        for (Window w : Window.values()) {
            expectPass(S, "model checking, targeted: " + w.text, PRODUCTION, () -> targeted(w).check(LpmSubjects.Production.class));
        }
    }

    @Test
    @DisplayName("production passes stress runs (real threads)")
    void productionPassesStress() {
        boolean quick = CheckLog.quick();
        expectPass(S, "stress, random scenarios", PRODUCTION, () -> new StressOptions()
                .iterations(quick ? 3 : 40)
                .invocationsPerIteration(quick ? 300 : 5_000)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(3)
                .sequentialSpecification(LpmSequentialSpec.class)
                .check(LpmSubjects.Production.class));
    }

    // ---- the mutant -----------------------------------------------------------------------------

    @Test
    @DisplayName("mutant: a node published before its children is caught in every publishing window (a lookup misses a present prefix)")
    void earlyPublishIsCaught() {
        for (Window w : Window.values()) {
            if (!w.publishes) {
                continue;
            }
            expectCaught(S, "model checking, targeted: " + w.text, MUTANT, () -> targeted(w).check(LpmSubjects.EarlyPublish.class));
        }
    }

    // ---- scenario building ----------------------------------------------------------------------

    private static ExecutionScenario scenarioOf(List<Actor> init, List<Actor> t1, List<Actor> t2) {
        List<List<Actor>> parallel = new ArrayList<>();
        parallel.add(t1);
        parallel.add(t2);
        return new ExecutionScenario(init, parallel, List.of(), null);
    }

    private static Actor lookup(int addr) {
        return actor(LOOKUP, addr);
    }

    private static Actor update(int prefix, int v) {
        return actor(UPDATE, prefix, v, 0);
    }

    private static Actor delete(int prefix) {
        return actor(DELETE, prefix);
    }

    private static Actor actor(Method m, Object... args) {
        return new Actor(m, List.of(args), false, false, false, false, false);
    }

    private static Method method(String name, Class<?>... types) {
        try {
            return LpmOperations.class.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
