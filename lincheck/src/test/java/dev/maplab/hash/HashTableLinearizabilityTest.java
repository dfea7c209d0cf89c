package dev.maplab.hash;

import static dev.maplab.check.LincheckOutcome.expectCaught;
import static dev.maplab.check.LincheckOutcome.expectPass;
import static dev.maplab.check.LincheckOutcome.expectUnobservable;

import dev.maplab.check.CheckLog;
import dev.maplab.hash.HashScenarios.Name;
import java.util.EnumSet;
import java.util.Set;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the hash table's lock-free lookups against updates, deletes and immediate element
 * reuse (Lincheck model checking and stress), and the catch of every mutant.
 *
 * <p>Every check records its outcome for the report ({@code check/parts/hash-lincheck.json}). The
 * production variant must pass; the kernel-order variant's counterexample is a recorded finding
 * (expected "caught"); each mutant must be caught by the targeted scenario of its window, which the
 * production variants pass.
 */
class HashTableLinearizabilityTest {
    private static final String S = "hash";
    private static final String PRODUCTION = "production";
    private static final String KERNEL = "variant:kernel-replace";

    /** Targeted scenarios with the budget of a mutant check (2,000 invocations each when quick). */
    private static ModelCheckingOptions targeted(Name... names) {
        return targeted(2_000, names);
    }

    /**
     * Targeted scenarios, {@code quickInvocations} each when quick and 10,000 otherwise. A check that must
     * pass over every scenario takes 1,000 when quick: a smoke run, the full run explores ten times more.
     */
    private static ModelCheckingOptions targeted(int quickInvocations, Name... names) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? quickInvocations : 10_000)
                .sequentialSpecification(HashSequentialSpec.class)
                .minimizeFailedScenario(false);
        for (Name n : names) {
            o.addCustomScenario(HashScenarios.of(n));
        }
        return o;
    }

    private static String targetedName(Name n) {
        return "model checking, targeted: " + n.text;
    }

    // ---- production: the linearizable variant ----------------------------------------------

    @Test
    @DisplayName("linearizable variant passes model checking of random scenarios (3 threads x 2 ops, 3 before)")
    void linearizableVariantPassesRandomModelChecking() {
        boolean quick = CheckLog.quick();
        expectPass(S, "model checking, random scenarios", PRODUCTION, () -> new ModelCheckingOptions()
                .iterations(quick ? 20 : 50)
                .invocationsPerIteration(quick ? 300 : 500)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(3)
                .actorsAfter(1)
                .sequentialSpecification(HashSequentialSpec.class)
                .check(HashSubjects.Linearizable.class));
    }

    @Test
    @DisplayName("linearizable variant passes every targeted reuse and replace scenario")
    void linearizableVariantPassesEveryTargetedScenario() {
        for (Name n : Name.values()) {
            expectPass(S, targetedName(n), PRODUCTION, () -> targeted(1_000, n).check(HashSubjects.Linearizable.class));
        }
    }

    @Test
    @DisplayName("linearizable variant passes stress runs of the targeted scenarios")
    void linearizableVariantPassesStressOfTargetedScenarios() {
        StressOptions o = new StressOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? 5_000 : 20_000)
                .sequentialSpecification(HashSequentialSpec.class)
                .minimizeFailedScenario(false);
        for (Name n : Name.values()) {
            o.addCustomScenario(HashScenarios.of(n));
        }
        expectPass(S, "stress, targeted scenarios", PRODUCTION, () -> o.check(HashSubjects.Linearizable.class));
    }

    // ---- the kernel's replace order: a finding, not a defect of the model ---------------------

    @Test
    @DisplayName("kernel replace order: a lookup misses a key present throughout (counterexample recorded)")
    void kernelReplaceOrderMissesAKeyPresentThroughout() {
        expectCaught(S, targetedName(Name.REPLACE_BEHIND_HEAD), KERNEL,
                () -> targeted(Name.REPLACE_BEHIND_HEAD).check(HashSubjects.KernelReplace.class));
    }

    @Test
    @DisplayName("kernel replace order passes every other targeted scenario")
    void kernelReplaceOrderPassesTheOtherTargetedScenarios() {
        Set<Name> others = EnumSet.allOf(Name.class);
        others.remove(Name.REPLACE_BEHIND_HEAD);
        expectPass(S, "model checking, targeted: all but the replace-behind-head window", KERNEL,
                () -> targeted(1_000, others.toArray(new Name[0])).check(HashSubjects.KernelReplace.class));
    }

    // ---- mutants: each caught by the scenario of its window -----------------------------------

    @Test
    @DisplayName("mutant (a) without the nulls restart is caught missing a present key")
    void mutantWithoutNullsRestartIsCaught() {
        expectCaught(S, targetedName(Name.REUSE_IN_OTHER_BUCKET), "mutant:no-nulls-restart",
                () -> targeted(Name.REUSE_IN_OTHER_BUCKET).check(HashSubjects.NoNullsRestart.class));
    }

    @Test
    @DisplayName("mutant (b) unlinking before linking is caught on a replace at the head")
    void mutantUnlinkingBeforeLinkingIsCaught() {
        expectCaught(S, targetedName(Name.REPLACE_AT_HEAD), "mutant:unlink-before-link",
                () -> targeted(Name.REPLACE_AT_HEAD).check(HashSubjects.UnlinkBeforeLink.class));
    }

    @Test
    @DisplayName("mutant (c) linking before writing key and value is caught")
    void mutantLinkingBeforeWritingIsCaught() {
        expectCaught(S, targetedName(Name.REUSE_BEFORE_WRITE), "mutant:link-before-write",
                () -> targeted(Name.REUSE_BEFORE_WRITE).check(HashSubjects.LinkBeforeWrite.class));
    }

    @Test
    @DisplayName("mutant (d) whose freelist link overwrites next is caught")
    void mutantFreelistOverwritingNextIsCaught() {
        expectCaught(S, targetedName(Name.FREE_UNDER_READER), "mutant:freelist-overwrites-next",
                () -> targeted(Name.FREE_UNDER_READER).check(HashSubjects.FreelistOverwritesNext.class));
    }

    @Test
    @DisplayName("mutant (e) copying the value without validation is caught returning a foreign value")
    void mutantCopyingWithoutValidationIsCaught() {
        expectCaught(S, targetedName(Name.REUSE_BEFORE_COPY), "mutant:unvalidated-read",
                () -> targeted(Name.REUSE_BEFORE_COPY).check(HashSubjects.UnvalidatedRead.class));
    }

    @Test
    @DisplayName("mutant (f) replacing at the old position is caught by reuse down the same chain")
    void mutantReplacingAtOldPositionIsCaught() {
        expectCaught(S, targetedName(Name.REUSE_DOWN_SAME_CHAIN), "mutant:replace-at-old-position",
                () -> targeted(Name.REUSE_DOWN_SAME_CHAIN).check(HashSubjects.ReplaceAtOldPosition.class));
    }

    @Test
    @DisplayName("mutant (g) comparing a hash-matching element outside its version window is caught")
    void mutantComparingOutsideTheVersionWindowIsCaught() {
        expectCaught(S, targetedName(Name.REUSE_DOWN_SAME_CHAIN), "mutant:compare-outside-version",
                () -> targeted(Name.REUSE_DOWN_SAME_CHAIN).check(HashSubjects.CompareOutsideVersion.class));
    }

    @Test
    @DisplayName("mutant (c') publishing with a plain store is not observable under model checking")
    void plainStorePublicationIsUnobservableUnderModelChecking() {
        expectUnobservable(S, targetedName(Name.REUSE_BEFORE_WRITE), "mutant:plain-publish",
                () -> targeted(Name.REUSE_BEFORE_WRITE).check(HashSubjects.PlainPublish.class));
    }
}
