package dev.maplab.percpu;

import static dev.maplab.check.LincheckOutcome.expectCaught;
import static dev.maplab.check.LincheckOutcome.expectPass;

import dev.maplab.check.CheckLog;
import dev.maplab.percpu.CounterScenarios.Name;
import dev.maplab.percpu.IncrementOperations.IncrementSpec;
import dev.maplab.percpu.OwnedIncrementOperations.OwnedIncrementSpec;
import dev.maplab.percpu.ReadBoundOperations.ReadBoundSpec;
import dev.maplab.percpu.SignedOperations.SignedSpec;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The per-CPU counter under Lincheck's model checking: is {@code sum()} linearizable (with increments only:
 * yes; with adds of both signs: no, and the counterexample is kept as a check that must find it), does
 * {@code read()} stay within {@code batch x cpus} of the exact total in every explored interleaving, and is
 * every mutant caught. The JDK's {@code LongAdder} runs the same sum checks as an anchor ({@code
 * variant:longadder}): its {@code sum()} has the same documented property.
 *
 * <p>Every check records its outcome for the report ({@code check/parts/percpu-lincheck.json}).
 */
class PercpuCounterLinearizabilityTest {
    private static final String S = "percpu";
    private static final String PRODUCTION = "production";
    private static final String LONGADDER = "variant:longadder";

    private static ModelCheckingOptions targeted(Class<?> spec, Name... names) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? 2_000 : 10_000)
                .sequentialSpecification(spec)
                .minimizeFailedScenario(false);
        for (Name n : names) {
            o.addCustomScenario(CounterScenarios.of(n));
        }
        return o;
    }

    private static ModelCheckingOptions random(Class<?> spec) {
        boolean quick = CheckLog.quick();
        return new ModelCheckingOptions()
                .iterations(quick ? 20 : 50)
                .invocationsPerIteration(quick ? 300 : 500)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(spec);
    }

    private static String targetedName(Name n) {
        return "model checking, targeted: " + n.text;
    }

    // ---- increments only: sum is linearizable ---------------------------------------------------

    @Test
    @DisplayName("increments only: sum() is linearizable (random scenarios, 3 threads x 2 ops, 2 before, 1 after)")
    void incrementsOnlySumIsLinearizable() {
        expectPass(S, "model checking, increments only, random scenarios: sum() linearizable", PRODUCTION,
                () -> random(IncrementSpec.class).check(CounterSubjects.IncProduction.class));
    }

    @Test
    @DisplayName("increments only: the targeted scenarios pass (a sum between increments on two CPUs, two increments"
            + " sharing a CPU, a sum during a fold)")
    void incrementsOnlyTargetedScenariosPass() {
        for (Name n : new Name[] {Name.SUM_BETWEEN_INCREMENTS, Name.INCREMENTS_SHARING_A_CPU, Name.SUM_DURING_FOLD}) {
            expectPass(S, targetedName(n), PRODUCTION, () -> targeted(IncrementSpec.class, n).check(CounterSubjects.IncProduction.class));
        }
    }

    @Test
    @DisplayName("LongAdder, increments only: sum() is linearizable too (random scenarios)")
    void longAdderIncrementsOnlySumIsLinearizable() {
        expectPass(S, "model checking, increments only, random scenarios: sum() linearizable", LONGADDER,
                () -> random(IncrementSpec.class).check(CounterSubjects.IncLongAdder.class));
    }

    // ---- owned cells: the plain fast path keeps sum linearizable ------------------------------------

    @Test
    @DisplayName("owned cells, increments only: sum() is linearizable (random scenarios, each CPU's owner one thread)")
    void ownedIncrementsSumIsLinearizable() {
        expectPass(S, "model checking, owned cells, increments only, random scenarios: sum() linearizable", PRODUCTION,
                () -> random(OwnedIncrementSpec.class).check(CounterSubjects.OwnedProduction.class));
    }

    @Test
    @DisplayName("owned cells: a sum during the owner's fold passes")
    void ownedSumDuringFoldPasses() {
        expectPass(S, targetedName(Name.OWNED_SUM_DURING_FOLD), PRODUCTION,
                () -> targeted(OwnedIncrementSpec.class, Name.OWNED_SUM_DURING_FOLD).check(CounterSubjects.OwnedProduction.class));
    }

    // ---- both signs: sum is not linearizable (the counterexample must be found) -----------------

    @Test
    @DisplayName("both signs: sum() is not linearizable: a sum between +1 on CPU 0 and -1 on CPU 1 returns -1 (counterexample recorded)")
    void signedSumIsNotLinearizable() {
        expectCaught(S, "model checking, both signs: sum() not linearizable, targeted: " + Name.SUM_BETWEEN_SIGNED_ADDS.text,
                PRODUCTION, () -> targeted(SignedSpec.class, Name.SUM_BETWEEN_SIGNED_ADDS).check(CounterSubjects.SignedProduction.class));
    }

    @Test
    @DisplayName("LongAdder, both signs: sum() is not linearizable either (counterexample recorded)")
    void longAdderSignedSumIsNotLinearizable() {
        Name n = Name.LONGADDER_SUM_DURING_CELL_CREATION;
        // Found by Lincheck's random scenarios; the targeted run needs about 11,000 invocations (about 13 s),
        // so it keeps 20,000 in the quick configuration too.
        expectCaught(S, "model checking, both signs: sum() not linearizable, targeted: " + n.text, LONGADDER,
                () -> targeted(SignedSpec.class, n).invocationsPerIteration(20_000).check(CounterSubjects.SignedLongAdder.class));
    }

    @Test
    @DisplayName("both signs: an add during a fold loses nothing (a sum after the parallel part is exact)")
    void signedAddDuringFoldPasses() {
        expectPass(S, targetedName(Name.ADD_DURING_FOLD), PRODUCTION,
                () -> targeted(SignedSpec.class, Name.ADD_DURING_FOLD).check(CounterSubjects.SignedProduction.class));
    }

    // ---- read() within batch x cpus ----------------------------------------------------------

    @Test
    @DisplayName("read() stays within batch x CPUs of the exact total in every explored interleaving (custom check, random scenarios)")
    void readStaysWithinItsBound() {
        boolean quick = CheckLog.quick();
        expectPass(S, "model checking, custom check: read() within batch x CPUs, random scenarios", PRODUCTION,
                () -> new ModelCheckingOptions()
                        .iterations(quick ? 20 : 50)
                        .invocationsPerIteration(quick ? 300 : 500)
                        .threads(2)
                        .actorsPerThread(4)
                        .actorsBefore(0)
                        .actorsAfter(0)
                        .sequentialSpecification(ReadBoundSpec.class)
                        .check(CounterSubjects.BoundProduction.class));
    }

    @Test
    @DisplayName("read() stays within its bound while adds find the lock held by a sum (targeted)")
    void readStaysWithinItsBoundWhileLockHeld() {
        expectPass(S, "model checking, custom check: read() within batch x CPUs, targeted: " + Name.ADDS_WHILE_LOCK_HELD.text,
                PRODUCTION, () -> targeted(ReadBoundSpec.class, Name.ADDS_WHILE_LOCK_HELD).check(CounterSubjects.BoundProduction.class));
    }

    // ---- mutants --------------------------------------------------------------------------------

    @Test
    @DisplayName("mutant: a fold that loses the delta written between read and reset is caught")
    void foldLosingTheDeltaIsCaught() {
        expectCaught(S, targetedName(Name.ADD_DURING_FOLD), "mutant:fold-loses-delta",
                () -> targeted(SignedSpec.class, Name.ADD_DURING_FOLD).check(CounterSubjects.SignedFoldLosesDelta.class));
    }

    @Test
    @DisplayName("mutant: a non-atomic add on a cell shared by two threads is caught")
    void nonAtomicAddIsCaught() {
        expectCaught(S, targetedName(Name.INCREMENTS_SHARING_A_CPU), "mutant:non-atomic-add",
                () -> targeted(IncrementSpec.class, Name.INCREMENTS_SHARING_A_CPU).check(CounterSubjects.IncNonAtomicAdd.class));
    }

    @Test
    @DisplayName("mutant: a fold outside the lock is caught by a sum that misses the delta in flight")
    void foldWithoutLockIsCaught() {
        expectCaught(S, targetedName(Name.SUM_DURING_FOLD), "mutant:fold-without-lock",
                () -> targeted(IncrementSpec.class, Name.SUM_DURING_FOLD).check(CounterSubjects.IncFoldWithoutLock.class));
    }

    @Test
    @DisplayName("mutant: with owned cells, a fold outside the lock is caught by a sum that misses the delta in flight")
    void ownedFoldWithoutLockIsCaught() {
        expectCaught(S, targetedName(Name.OWNED_SUM_DURING_FOLD), "mutant:fold-without-lock",
                () -> targeted(OwnedIncrementSpec.class, Name.OWNED_SUM_DURING_FOLD).check(CounterSubjects.OwnedFoldWithoutLock.class));
    }

    @Test
    @DisplayName("mutant: adds that skip the fold when the lock is busy are caught by the read-bound check")
    void skippingTheFoldWhenBusyIsCaught() {
        expectCaught(S, "model checking, custom check: read() within batch x CPUs, targeted: " + Name.ADDS_WHILE_LOCK_HELD.text,
                "mutant:skip-fold-when-busy",
                () -> targeted(ReadBoundSpec.class, Name.ADDS_WHILE_LOCK_HELD).check(CounterSubjects.BoundSkipFoldWhenBusy.class));
    }
}
