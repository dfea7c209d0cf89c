package dev.maplab.lru;

import static dev.maplab.check.LincheckOutcome.expectCaught;
import static dev.maplab.check.LincheckOutcome.expectPass;

import dev.maplab.check.CheckLog;
import dev.maplab.lru.LruScenarios.Cross;
import dev.maplab.lru.LruScenarios.Reuse;
import java.util.EnumSet;
import java.util.Set;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The LRU hash tables under Lincheck.
 * <ul>
 *   <li>Never evicting ({@link LruOperations}): lookups, updates and deletes are linearizable (LRU_HASH with
 *       in-place replacement, LRU_PERCPU_HASH); the kernel's LRU_HASH replace order (new node at the head,
 *       then the old one unlinked) shows the same window as the plain hash table's, recorded as a finding.</li>
 *   <li>Evicting ({@link LruEvictionOperations}, 3 CPUs): after every scenario part the invariants hold
 *       ({@code @Validate}: every node on exactly one list or free, element count = linked elements &lt;=
 *       max_entries, no key lost except by a recorded eviction); random scenarios and one targeted scenario
 *       per cross-CPU window; each window's mutant is caught.</li>
 * </ul>
 * Every outcome is recorded in {@code check/parts/lru-lincheck.json}.
 */
class LruLincheckTest {
    private static final String S = "lru";
    private static final String PRODUCTION = "production";

    private static ModelCheckingOptions reuse(int quickInvocations, Reuse... names) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? quickInvocations : 5 * quickInvocations)
                .sequentialSpecification(LruSequentialSpec.class)
                .minimizeFailedScenario(false);
        for (Reuse n : names) {
            o.addCustomScenario(LruScenarios.of(n));
        }
        return o;
    }

    /** A targeted cross-CPU scenario; a mutant gets more invocations in quick mode, so that it is surely found. */
    private static ModelCheckingOptions cross(Cross c, boolean mutant) {
        return new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? (mutant ? 800 : 300) : 5_000)
                .minimizeFailedScenario(false)
                .addCustomScenario(LruScenarios.of(c));
    }

    private static ModelCheckingOptions randomEvicting() {
        boolean quick = CheckLog.quick();
        return new ModelCheckingOptions()
                .iterations(quick ? 3 : 30)
                .invocationsPerIteration(quick ? 80 : 500)
                .threads(2)
                .actorsPerThread(2)
                .actorsBefore(4)
                .actorsAfter(1);
    }

    // ---- never evicting: linearizability ------------------------------------------------------

    @Test
    @DisplayName("LRU_HASH (in-place replace) passes model checking of random scenarios")
    void lruHashIsLinearizable() {
        boolean quick = CheckLog.quick();
        expectPass(S, "model checking, random scenarios, never evicting: LRU_HASH in-place replace", PRODUCTION,
                () -> new ModelCheckingOptions()
                        .iterations(quick ? 4 : 40)
                        .invocationsPerIteration(quick ? 100 : 500)
                        .threads(2)
                        .actorsPerThread(2)
                        .actorsBefore(3)
                        .actorsAfter(1)
                        .sequentialSpecification(LruSequentialSpec.class)
                        .check(LruSubjects.LruHashLinearizable.class));
    }

    @Test
    @DisplayName("LRU_PERCPU_HASH passes model checking of random scenarios")
    void lruPercpuHashIsLinearizable() {
        boolean quick = CheckLog.quick();
        expectPass(S, "model checking, random scenarios, never evicting: LRU_PERCPU_HASH", PRODUCTION,
                () -> new ModelCheckingOptions()
                        .iterations(quick ? 3 : 30)
                        .invocationsPerIteration(quick ? 100 : 500)
                        .threads(2)
                        .actorsPerThread(2)
                        .actorsBefore(3)
                        .actorsAfter(1)
                        .sequentialSpecification(LruSequentialSpec.class)
                        .check(LruSubjects.LruPercpuHash.class));
    }

    @Test
    @DisplayName("LRU_HASH passes every element-reuse scenario, model checking and stress")
    void lruHashPassesReuseScenarios() {
        expectPass(S, "model checking, targeted element reuse, never evicting", PRODUCTION,
                () -> reuse(300, Reuse.values()).check(LruSubjects.LruHashLinearizable.class));
        StressOptions o = new StressOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? 150 : 10_000)
                .sequentialSpecification(LruSequentialSpec.class)
                .minimizeFailedScenario(false);
        for (Reuse n : Reuse.values()) {
            o.addCustomScenario(LruScenarios.of(n));
        }
        expectPass(S, "stress, targeted element reuse, never evicting", PRODUCTION, () -> o.check(LruSubjects.LruHashLinearizable.class));
    }

    @Test
    @DisplayName("kernel replace order of LRU_HASH: a lookup misses a key present throughout (counterexample recorded)")
    void kernelReplaceOrderMissesAPresentKey() {
        expectCaught(S, "model checking, targeted: " + Reuse.REPLACE_BEHIND_HEAD.text, "variant:kernel-replace",
                () -> reuse(10_000, Reuse.REPLACE_BEHIND_HEAD).check(LruSubjects.LruHashKernelReplace.class));
        Set<Reuse> others = EnumSet.allOf(Reuse.class);
        others.remove(Reuse.REPLACE_BEHIND_HEAD);
        expectPass(S, "model checking, targeted: element reuse but the replace window", "variant:kernel-replace",
                () -> reuse(300, others.toArray(new Reuse[0])).check(LruSubjects.LruHashKernelReplace.class));
    }

    // ---- evicting: invariants ------------------------------------------------------------------

    @Test
    @DisplayName("evicting, common LRU (2, 4, 12 entries) and per-CPU LRU: invariants hold after random scenarios")
    void invariantsHoldUnderRandomEvictingScenarios() {
        expectPass(S, "model checking, random evicting scenarios, @Validate: common LRU, 4 entries, 3 CPUs", PRODUCTION,
                () -> randomEvicting().check(LruSubjects.Common4.class));
        expectPass(S, "model checking, random evicting scenarios, @Validate: common LRU, 2 entries (steals), 3 CPUs", PRODUCTION,
                () -> randomEvicting().check(LruSubjects.Common2.class));
        expectPass(S, "model checking, random evicting scenarios, @Validate: common LRU, 12 entries, 3 CPUs", PRODUCTION,
                () -> randomEvicting().check(LruSubjects.Common12.class));
        expectPass(S, "model checking, random evicting scenarios, @Validate: per-CPU LRU, 6 entries, 3 CPUs", PRODUCTION,
                () -> randomEvicting().check(LruSubjects.Percpu6.class));
    }

    @Test
    @DisplayName("evicting: the production LRU passes every targeted cross-CPU scenario")
    void productionPassesCrossCpuScenarios() {
        expectPass(S, "model checking, targeted @Validate: " + Cross.FREE_PENDING_OF_OTHER_CPU.text, PRODUCTION,
                () -> cross(Cross.FREE_PENDING_OF_OTHER_CPU, false).check(LruSubjects.Common12.class));
        expectPass(S, "model checking, targeted @Validate: " + Cross.STEAL_RACES_OWNER_POP.text, PRODUCTION,
                () -> cross(Cross.STEAL_RACES_OWNER_POP, false).check(LruSubjects.Common2.class));
        expectPass(S, "model checking, targeted @Validate: " + Cross.DELETE_RACES_SHRINK.text, PRODUCTION,
                () -> cross(Cross.DELETE_RACES_SHRINK, false).check(LruSubjects.Common4.class));
    }

    @Test
    @DisplayName("mutant: a pending node freed to the global free list (without its owner's lock) is caught")
    void pendingToGlobalFreeIsCaught() {
        expectCaught(S, "model checking, targeted @Validate: " + Cross.FREE_PENDING_OF_OTHER_CPU.text, "mutant:pending-to-global-free",
                () -> cross(Cross.FREE_PENDING_OF_OTHER_CPU, true).check(LruSubjects.PendingToGlobalFree12.class));
    }

    @Test
    @DisplayName("mutant: a steal without the owner's lock is caught")
    void stealWithoutOwnerLockIsCaught() {
        expectCaught(S, "model checking, targeted @Validate: " + Cross.STEAL_RACES_OWNER_POP.text, "mutant:steal-without-owner-lock",
                () -> cross(Cross.STEAL_RACES_OWNER_POP, true).check(LruSubjects.StealWithoutOwnerLock2.class));
    }

    @Test
    @DisplayName("mutant: a node freed although its removal failed is caught")
    void evictDespiteFailedRemovalIsCaught() {
        expectCaught(S, "model checking, targeted @Validate: " + Cross.DELETE_RACES_SHRINK.text, "mutant:evict-despite-failed-removal",
                () -> cross(Cross.DELETE_RACES_SHRINK, true).check(LruSubjects.EvictDespiteFailedRemoval4.class));
    }
}
