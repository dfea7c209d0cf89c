package dev.maplab.array;

import static dev.maplab.check.LincheckOutcome.expectCaught;
import static dev.maplab.check.LincheckOutcome.expectPass;

import dev.maplab.array.ArrayScenarios.Name;
import dev.maplab.array.PercpuSlotOperations.PercpuSlotSpec;
import dev.maplab.array.WideValueOperations.WideValueSpec;
import dev.maplab.check.CheckLog;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ARRAY and PERCPU_ARRAY under Lincheck's model checking: multi-word values are torn by a concurrent update
 * without the lock option (as in the kernel: a recorded finding, {@code variant:no-lock}) and never with it
 * (production: {@code BPF_F_LOCK} on a map whose values hold a spin lock); per-CPU slots never disturb each
 * other; the syscall lookup of a per-CPU element is not a snapshot (a recorded finding); every mutant is caught.
 *
 * <p>Every check records its outcome for the report ({@code check/parts/array-lincheck.json}).
 */
class ArrayLinearizabilityTest {
    private static final String S = "array";
    private static final String PRODUCTION = "production";

    private static ModelCheckingOptions targeted(Class<?> spec, Name... names) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? 2_000 : 10_000)
                .sequentialSpecification(spec)
                .minimizeFailedScenario(false);
        for (Name n : names) {
            o.addCustomScenario(ArrayScenarios.of(n));
        }
        return o;
    }

    private static String targetedName(Name n) {
        return "model checking, targeted: " + n.text;
    }

    // ---- ARRAY, two-word values ---------------------------------------------------------------

    @Test
    @DisplayName("with BPF_F_LOCK, lookups and updates of a two-word value are linearizable (random scenarios)")
    void lockedWideValuesAreLinearizable() {
        boolean quick = CheckLog.quick();
        expectPass(S, "model checking, two-word value with F_LOCK, random scenarios", PRODUCTION, () -> new ModelCheckingOptions()
                .iterations(quick ? 10 : 20)
                .invocationsPerIteration(quick ? 300 : 500)
                .threads(2)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(WideValueSpec.class)
                .check(ArraySubjects.Locked.class));
    }

    @Test
    @DisplayName("with BPF_F_LOCK, a lookup during an update never sees a torn value")
    void lockedLookupDuringUpdatePasses() {
        expectPass(S, targetedName(Name.LOOKUP_DURING_UPDATE), PRODUCTION,
                () -> targeted(WideValueSpec.class, Name.LOOKUP_DURING_UPDATE).check(ArraySubjects.Locked.class));
    }

    @Test
    @DisplayName("without the lock option, a lookup during an update returns a torn value (as in the kernel; recorded)")
    void unlockedLookupDuringUpdateIsTorn() {
        expectCaught(S, targetedName(Name.LOOKUP_DURING_UPDATE), "variant:no-lock",
                () -> targeted(WideValueSpec.class, Name.LOOKUP_DURING_UPDATE).check(ArraySubjects.NoLock.class));
    }

    @Test
    @DisplayName("mutant: an F_LOCK update that does not take the lock is caught by a torn F_LOCK lookup")
    void lockNotTakenIsCaught() {
        expectCaught(S, targetedName(Name.LOOKUP_DURING_UPDATE), "mutant:lock-not-taken",
                () -> targeted(WideValueSpec.class, Name.LOOKUP_DURING_UPDATE).check(ArraySubjects.LockNotTaken.class));
    }

    // ---- PERCPU_ARRAY ---------------------------------------------------------------------------

    @Test
    @DisplayName("PERCPU_ARRAY: updates on two CPUs each land in their own slot")
    void percpuUpdatesOnTwoCpusPass() {
        expectPass(S, targetedName(Name.UPDATES_ON_TWO_CPUS), PRODUCTION,
                () -> targeted(PercpuSlotSpec.class, Name.UPDATES_ON_TWO_CPUS).check(ArraySubjects.PercpuProduction.class));
    }

    @Test
    @DisplayName("PERCPU_ARRAY: the syscall lookup of all CPUs' slots is not a snapshot (counterexample recorded)")
    void percpuLookupAllIsNotASnapshot() {
        expectCaught(S, targetedName(Name.LOOKUP_ALL_DURING_UPDATES) + " (not a snapshot)", PRODUCTION,
                () -> targeted(PercpuSlotSpec.class, Name.LOOKUP_ALL_DURING_UPDATES).check(ArraySubjects.PercpuProduction.class));
    }

    @Test
    @DisplayName("mutant: a program update that zeroes the other CPUs' slots is caught")
    void programUpdateWritingAllCpusIsCaught() {
        expectCaught(S, targetedName(Name.UPDATES_ON_TWO_CPUS), "mutant:program-update-writes-all-cpus",
                () -> targeted(PercpuSlotSpec.class, Name.UPDATES_ON_TWO_CPUS).check(ArraySubjects.PercpuWritesAllCpus.class));
    }
}
