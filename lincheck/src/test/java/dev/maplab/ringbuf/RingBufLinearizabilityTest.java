package dev.maplab.ringbuf;

import static dev.maplab.check.LincheckOutcome.expectCaught;
import static dev.maplab.check.LincheckOutcome.expectPass;
import static dev.maplab.check.LincheckOutcome.expectUnobservable;

import dev.maplab.check.CheckLog;
import dev.maplab.ringbuf.RingBufScenarios.Name;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the ring buffer (reserve under the spin lock, commit by xchg, libbpf's consumer)
 * against a FIFO of records in reservation order with "full means fail" ({@link RingBufSequentialSpec}):
 * records are never torn, duplicated, reordered or lost while space allowed them. The production ring and
 * the lock-free variant must pass; each mutant that Lincheck can see must be caught. The consumer that
 * releases a record's space before reading it ({@code mutant:advance-before-read}) is left to jcstress
 * (ReadBeforeReleaseTest): model checking of the REUSE_WHILE_READING scenario did not find the window
 * in 1,000 invocations, so it is not claimed here. So is the lock-free variant whose consumer leaves a
 * consumed header committed ({@code mutant:lock-free-no-busy-reset}, ClaimOverConsumedHeaderTest): model
 * checking of a scenario built for it ran out of interleavings in 2 s without reaching the window between
 * the claim and the header store. Outcomes go to
 * {@code check/parts/ringbuf-lincheck.json}.
 */
class RingBufLinearizabilityTest {
    private static final String S = "ringbuf";
    private static final String PRODUCTION = "production";

    private static ModelCheckingOptions targeted(Name... names) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? 1_000 : 5_000)
                .sequentialSpecification(RingBufSequentialSpec.class)
                .minimizeFailedScenario(false);
        for (Name n : names) {
            o.addCustomScenario(RingBufScenarios.of(n));
        }
        return o;
    }

    private static ModelCheckingOptions randomShapes() {
        int count = CheckLog.quick() ? 12 : 40;
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(CheckLog.quick() ? 300 : 1_000)
                .sequentialSpecification(RingBufSequentialSpec.class);
        for (int i = 0; i < count; i++) {
            o.addCustomScenario(RingBufScenarios.random(0x5eed + i));
        }
        return o;
    }

    private static String targetedName(Name n) {
        return "model checking, targeted: " + n.text;
    }

    @Test
    @DisplayName("production passes model checking of every targeted scenario")
    void productionPassesTargeted() {
        for (Name n : Name.values()) {
            expectPass(S, targetedName(n), PRODUCTION, () -> targeted(n).check(RingBufSubjects.Production.class));
        }
    }

    @Test
    @DisplayName("production passes model checking of random scenarios (producer 0 || producer 1 || consumer)")
    void productionPassesRandomShapes() {
        expectPass(S, "model checking, random scenarios (p0 || p1 || consumer)", PRODUCTION,
                () -> randomShapes().check(RingBufSubjects.Production.class));
    }

    @Test
    @DisplayName("production passes Lincheck's own random scenarios (nonParallelGroup producers and consumer, stress)")
    void productionPassesGeneratedStress() {
        boolean quick = CheckLog.quick();
        expectPass(S, "stress, generated scenarios (3 threads x 3 ops)", PRODUCTION, () -> new StressOptions()
                .iterations(quick ? 15 : 100)
                .invocationsPerIteration(quick ? 2_000 : 10_000)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(RingBufSequentialSpec.class)
                .check(RingBufSubjects.Production.class));
    }

    @Test
    @DisplayName("lock-free variant passes the targeted and random scenarios")
    void lockFreeVariantPasses() {
        expectPass(S, "model checking, targeted: all", "variant:lock-free",
                () -> targeted(Name.values()).check(RingBufSubjects.LockFree.class));
        expectPass(S, "model checking, random scenarios (p0 || p1 || consumer)", "variant:lock-free",
                () -> randomShapes().check(RingBufSubjects.LockFree.class));
    }

    @Test
    @DisplayName("mutant publishing producer_pos before the header is caught (a phantom record)")
    void publishBeforeHeaderIsCaught() {
        expectCaught(S, targetedName(Name.FIRST_RECORD), "mutant:publish-before-header",
                () -> targeted(Name.FIRST_RECORD).check(RingBufSubjects.PublishBeforeHeader.class));
    }

    @Test
    @DisplayName("mutant consumer that does not stop at BUSY is caught (head-of-line broken)")
    void noBusyStopIsCaught() {
        expectCaught(S, targetedName(Name.HEAD_OF_LINE), "mutant:no-busy-stop",
                () -> targeted(Name.HEAD_OF_LINE).check(RingBufSubjects.NoBusyStop.class));
    }

    @Test
    @DisplayName("mutant consumer that delivers discarded records is caught")
    void deliverDiscardedIsCaught() {
        expectCaught(S, targetedName(Name.DISCARD), "mutant:deliver-discarded",
                () -> targeted(Name.DISCARD).check(RingBufSubjects.DeliverDiscarded.class));
    }

    @Test
    @DisplayName("mutant committing with a plain store is not observable under sequentially consistent model checking")
    void plainCommitIsUnobservableUnderModelChecking() {
        expectUnobservable(S, targetedName(Name.HEAD_OF_LINE), "mutant:plain-commit",
                () -> targeted(Name.HEAD_OF_LINE).check(RingBufSubjects.PlainCommit.class));
    }
}
