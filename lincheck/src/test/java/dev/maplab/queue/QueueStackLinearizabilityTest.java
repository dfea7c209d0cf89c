package dev.maplab.queue;

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
 * Linearizability of the queue (FIFO) and stack (LIFO) maps with BPF_EXIST overwrite (claim C16): Lincheck
 * model checking and stress against {@link QueueSequentialSpec} / {@link StackSequentialSpec}, and the catch
 * of the off-by-one full check. Outcomes go to {@code check/parts/queue-lincheck.json}.
 */
class QueueStackLinearizabilityTest {
    private static final String S = "queue";
    private static final String PRODUCTION = "production";

    private static ModelCheckingOptions random(Class<?> spec) {
        boolean quick = CheckLog.quick();
        return new ModelCheckingOptions()
                .iterations(quick ? 12 : 50)
                .invocationsPerIteration(quick ? 300 : 1_000)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(spec);
    }

    private static StressOptions stress(Class<?> spec) {
        boolean quick = CheckLog.quick();
        return new StressOptions()
                .iterations(quick ? 3 : 40)
                .invocationsPerIteration(quick ? 300 : 5_000)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .sequentialSpecification(spec);
    }

    // ---- production -----------------------------------------------------------------------------

    @Test
    @DisplayName("QUEUE passes model checking: FIFO with BPF_EXIST overwrite of the oldest (3 threads x 2 ops)")
    void queuePassesModelChecking() {
        expectPass(S, "QUEUE: model checking, FIFO with overwrite", PRODUCTION,
                () -> random(QueueSequentialSpec.class).check(QueueSubjects.Queue.class));
    }

    @Test
    @DisplayName("STACK passes model checking: LIFO, BPF_EXIST drops the oldest (bottom) element")
    void stackPassesModelChecking() {
        expectPass(S, "STACK: model checking, LIFO with overwrite", PRODUCTION,
                () -> random(StackSequentialSpec.class).check(QueueSubjects.Stack.class));
    }

    @Test
    @DisplayName("QUEUE and STACK pass stress runs (real threads)")
    void queueAndStackPassStress() {
        expectPass(S, "QUEUE: stress, FIFO with overwrite", PRODUCTION,
                () -> stress(QueueSequentialSpec.class).check(QueueSubjects.Queue.class));
        expectPass(S, "STACK: stress, LIFO with overwrite", PRODUCTION,
                () -> stress(StackSequentialSpec.class).check(QueueSubjects.Stack.class));
    }

    // ---- the mutant -----------------------------------------------------------------------------

    private static final Method PUSH = method("push", int.class, int.class);
    private static final Method POP = method("pop");

    /** A full queue (1, 2): push 3 (must be -E2BIG) || pop (must be 1). */
    static ExecutionScenario pushIntoFull() {
        List<List<Actor>> parallel = new ArrayList<>();
        parallel.add(List.of(actor(PUSH, 3, 0)));
        parallel.add(List.of(actor(POP)));
        return new ExecutionScenario(List.of(actor(PUSH, 1, 0), actor(PUSH, 2, 0)), parallel, List.of(actor(POP)), null);
    }

    @Test
    @DisplayName("mutant: the off-by-one full check is caught (a push into a full queue succeeds and empties it)")
    void fullOffByOneIsCaught() {
        expectCaught(S, "QUEUE: model checking, targeted: push 1, push 2; push 3 || pop; pop", "mutant:full-off-by-one",
                () -> new ModelCheckingOptions().iterations(0).invocationsPerIteration(CheckLog.quick() ? 300 : 2_000)
                        .addCustomScenario(pushIntoFull()).sequentialSpecification(QueueSequentialSpec.class)
                        .minimizeFailedScenario(false).check(QueueSubjects.FullOffByOne.class));
    }

    @Test
    @DisplayName("mutant: the off-by-one full check is caught by the random model-checking run too (full runs only)")
    void fullOffByOneIsCaughtByRandomScenarios() {
        org.junit.jupiter.api.Assumptions.assumeFalse(CheckLog.quick(), "the targeted scenario is the quick run's catch");
        expectCaught(S, "QUEUE: model checking, FIFO with overwrite", "mutant:full-off-by-one",
                () -> random(QueueSequentialSpec.class).minimizeFailedScenario(false).check(QueueSubjects.FullOffByOne.class));
    }

    @Test
    @DisplayName("the targeted scenario passes on the production queue")
    void productionPassesTheTargetedScenario() {
        expectPass(S, "QUEUE: model checking, targeted: push 1, push 2; push 3 || pop; pop", PRODUCTION,
                () -> new ModelCheckingOptions().iterations(0).invocationsPerIteration(CheckLog.quick() ? 300 : 2_000)
                        .addCustomScenario(pushIntoFull()).sequentialSpecification(QueueSequentialSpec.class)
                        .check(QueueSubjects.Queue.class));
    }

    private static Actor actor(Method m, Object... args) {
        return new Actor(m, List.of(args), false, false, false, false, false);
    }

    private static Method method(String name, Class<?>... types) {
        try {
            return QueueOperations.class.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
