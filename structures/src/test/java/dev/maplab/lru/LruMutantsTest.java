package dev.maplab.lru;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.lru.mutant.FlagsBeforeAcquireLruHashTable;
import dev.maplab.lru.mutant.PendingToGlobalFreeLruHashTable;
import dev.maplab.lru.mutant.RefIgnoredByShrinkLruHashTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The semantic checks are shown to catch the mutants whose defect changes sequential results: the same
 * selftest steps ({@link LruSelftests}, L-01..L-09 at N = 1, 2, 4, 8) and the LA-8 check run against each
 * mutant, and at least one must fail. Each outcome, with the cases that caught the mutant, is written to
 * {@code check/parts/lru-semantics.json} (subject {@code mutant:<name>}, expect {@code caught}), beside one
 * entry for the production table (expect {@code pass}). The concurrency-only mutants (a steal without the
 * owner's lock, a node freed despite a failed removal) are sequentially correct: jcstress catches them.
 */
class LruMutantsTest {
    private static final CheckPart PART = new CheckPart("lru-semantics.json");

    /** Every (case, config, N) that fails for {@code factory}, as text; plus LA-8 if asked. */
    static List<String> failures(Function<MapSpec, LruHashTable> factory, boolean withLa8) {
        List<String> failed = new ArrayList<>();
        for (int n : LruSelftestsTest.CPU_COUNTS) {
            for (Object[] m : LruSelftests.matrix()) {
                LruSelftests.Case c = (LruSelftests.Case) m[0];
                LruSelftests.Config cfg = (LruSelftests.Config) m[1];
                try {
                    LruSelftests.run(c, cfg, n, factory);
                } catch (AssertionError e) {
                    failed.add(c.label + " " + cfg + " N=" + n + ": " + e.getMessage());
                }
            }
        }
        if (withLa8) {
            String la8 = la8(factory);
            if (la8 != null) {
                failed.add("LA-8: " + la8);
            }
        }
        return failed;
    }

    /** LA-8: a pending node freed from another CPU must be at the head of its owner's local free list. */
    static String la8(Function<MapSpec, LruHashTable> factory) {
        LruHashTable m = factory.apply(MapSpec.longs(MapType.LRU_HASH, 256, 2));
        int e;
        try (LogicalCpu.Binding b = LogicalCpu.bind(0)) {
            m.update(1, 1, UpdateFlags.NOEXIST);
            e = m.elementOf(1);
        }
        try (LogicalCpu.Binding b = LogicalCpu.bind(1)) {
            m.delete(1);
        }
        int[] local = m.lru().listNodes(0, BpfLru.LOCAL_FREE);
        if (local.length == 0 || local[0] != e) {
            return "the freed pending node is " + BpfLru.typeName(m.lru().typeOf(e)) + ", not at the head of CPU 0's local free list";
        }
        return null;
    }

    private static void expectCaught(String subject, Function<MapSpec, LruHashTable> factory, boolean withLa8) {
        long t0 = System.nanoTime();
        List<String> failed = failures(factory, withLa8);
        double s = (System.nanoTime() - t0) / 1e9;
        String name = "semantics: selftests L-01..L-09 at N=1,2,4,8" + (withLa8 ? " and LA-8" : "");
        if (failed.isEmpty()) {
            PART.record(name, subject, "caught", "missed", "every case passed", s);
        } else {
            PART.record(name, subject, "caught", "caught", failed.size() + " failing: " + String.join("\n", failed), s);
        }
        assertTrue(!failed.isEmpty(), subject + " passed every semantic case");
    }

    @Test
    @DisplayName("production: every case passes (recorded for the report)")
    void productionPasses() {
        long t0 = System.nanoTime();
        List<String> failed = failures(LruHashTable::kernel, true);
        double s = (System.nanoTime() - t0) / 1e9;
        PART.record("semantics: selftests L-01..L-09 at N=1,2,4,8 and LA-8", "production", "pass",
                failed.isEmpty() ? "pass" : "fail", failed.isEmpty() ? "every case passed" : String.join("\n", failed), s);
        assertEquals(List.of(), failed);
    }

    @Test
    @DisplayName("mutant: flags checked before the node is acquired is caught (L-03)")
    void flagsBeforeAcquireIsCaught() {
        expectCaught("mutant:flags-before-acquire", FlagsBeforeAcquireLruHashTable::new, false);
        List<String> failed = failures(FlagsBeforeAcquireLruHashTable::new, false);
        assertTrue(failed.stream().allMatch(f -> f.startsWith("L-03")), failed.toString());
    }

    @Test
    @DisplayName("mutant: shrink ignoring the ref bit is caught (L-02, L-04 at N >= 2)")
    void refIgnoredByShrinkIsCaught() {
        expectCaught("mutant:ref-ignored-by-shrink", RefIgnoredByShrinkLruHashTable::new, false);
    }

    @Test
    @DisplayName("mutant: a pending node freed to the global free list is caught (LA-8, L-03)")
    void pendingToGlobalFreeIsCaught() {
        expectCaught("mutant:pending-to-global-free", PendingToGlobalFreeLruHashTable::new, true);
        assertTrue(la8(PendingToGlobalFreeLruHashTable::new) != null);
    }

    @AfterAll
    static void done() {
        // entries are written as they are recorded
    }
}
