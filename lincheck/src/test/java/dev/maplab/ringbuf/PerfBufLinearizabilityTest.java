package dev.maplab.ringbuf;

import static dev.maplab.check.LincheckOutcome.expectCaught;
import static dev.maplab.check.LincheckOutcome.expectPass;

import dev.maplab.check.CheckLog;
import dev.maplab.ringbuf.PerfBufScenarios.Name;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the perf buffer (per-CPU rings written by {@code bpf_perf_event_output}, libbpf's
 * consumer) against per-CPU FIFOs with the kernel's byte accounting ({@link PerfBufSequentialSpec}):
 * each CPU's records arrive whole and in order, a dropped sample is counted and a LOST record carrying
 * the count precedes the next sample that fits, and nothing relates the CPUs. The production buffer must
 * pass; the mutant publishing {@code data_head} before the record and the one that does not reserve room
 * for the LOST record must be caught. Outcomes go to {@code check/parts/perfbuf-lincheck.json}.
 */
class PerfBufLinearizabilityTest {
    private static final String S = "perfbuf";
    private static final String PRODUCTION = "production";

    private static ModelCheckingOptions targeted(Name n) {
        return new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? 1_000 : 5_000)
                .sequentialSpecification(PerfBufSequentialSpec.class)
                .minimizeFailedScenario(false)
                .addCustomScenario(PerfBufScenarios.of(n));
    }

    private static String targetedName(Name n) {
        return "model checking, targeted: " + n.text;
    }

    @Test
    @DisplayName("production passes model checking of every targeted scenario")
    void productionPassesTargeted() {
        for (Name n : Name.values()) {
            expectPass(S, targetedName(n), PRODUCTION, () -> targeted(n).check(PerfBufSubjects.Production.class));
        }
    }

    @Test
    @DisplayName("production passes model checking of random scenarios (cpu 0 || cpu 1 || consumer)")
    void productionPassesRandomShapes() {
        int count = CheckLog.quick() ? 8 : 30;
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? 300 : 1_000)
                .sequentialSpecification(PerfBufSequentialSpec.class);
        for (int i = 0; i < count; i++) {
            o.addCustomScenario(PerfBufScenarios.random(0xbeef + i));
        }
        expectPass(S, "model checking, random scenarios (cpu0 || cpu1 || consumer)", PRODUCTION,
                () -> o.check(PerfBufSubjects.Production.class));
    }

    @Test
    @DisplayName("mutant publishing data_head before the record is caught (a record read before it is written)")
    void headBeforeDataIsCaught() {
        expectCaught(S, targetedName(Name.SAMPLE_VISIBLE), "mutant:head-before-data",
                () -> targeted(Name.SAMPLE_VISIBLE).check(PerfBufSubjects.HeadBeforeData.class));
    }

    @Test
    @DisplayName("mutant not reserving room for the LOST record is caught (unread records overwritten)")
    void lostRecordUnreservedIsCaught() {
        expectCaught(S, targetedName(Name.LOST_BEFORE_NEXT), "mutant:lost-record-unreserved",
                () -> targeted(Name.LOST_BEFORE_NEXT).check(PerfBufSubjects.LostRecordUnreserved.class));
    }
}
