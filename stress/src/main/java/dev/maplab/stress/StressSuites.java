package dev.maplab.stress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The jcstress runs of each structure: production tests, variants and the mutant each test must catch. */
public final class StressSuites {
    private static final Map<String, List<StressRun>> SUITES = new LinkedHashMap<>();

    static {
        List<StressRun> hash = new ArrayList<>();
        for (String t : List.of("ReuseInOtherBucketTest", "ReplaceAtHeadTest", "ReplaceBehindHeadTest", "ReuseBeforeWriteTest",
                "FreeUnderReaderTest", "ReuseBeforeCopyTest", "WideValueReuseBeforeCopyTest", "ReuseDownSameChainTest")) {
            hash.add(new StressRun("hash", t, "production", "pass"));
        }
        hash.add(new StressRun("hash", "ReplaceBehindHeadTest", "variant:kernel-replace", "caught"));
        hash.add(new StressRun("hash", "ReplaceAtHeadTest", "variant:kernel-replace", "pass"));
        hash.add(new StressRun("hash", "ReuseInOtherBucketTest", "mutant:no-nulls-restart", "caught"));
        hash.add(new StressRun("hash", "ReplaceAtHeadTest", "mutant:unlink-before-link", "caught"));
        // mutant:link-before-write has no jcstress run: with the seqlock, a reader sees the stale element
        // only if its whole lookup fits between the link and the odd-version store of the writer;
        // 0 forbidden outcomes in 3.5e7 samples here. Lincheck's model checking catches it.
        hash.add(new StressRun("hash", "ReuseBeforeWriteTest", "mutant:plain-publish", "unobservable-on-x86"));
        hash.add(new StressRun("hash", "FreeUnderReaderTest", "mutant:freelist-overwrites-next", "caught"));
        // An 8-byte value is copied in one read (0 forbidden here); a 64-byte copy shows foreign and torn values.
        hash.add(new StressRun("hash", "WideValueReuseBeforeCopyTest", "mutant:unvalidated-read", "caught"));
        hash.add(new StressRun("hash", "ReuseDownSameChainTest", "mutant:replace-at-old-position", "caught"));
        hash.add(new StressRun("hash", "ReuseDownSameChainTest", "variant:kernel-replace", "pass"));
        // The rarest window of the suite: 4 to 185 forbidden results in 12 forks of a 2-iteration quick run
        // (6 runs), so quick runs give it 4 iterations per fork.
        hash.add(new StressRun("hash", "ReuseDownSameChainTest", "mutant:compare-outside-version", "caught", 4));
        SUITES.put("hash", hash);

        List<StressRun> lru = new ArrayList<>();
        for (String t : List.of("RefBitRacesRotationTest", "StealRacesOwnerPopTest", "DeleteRacesShrinkTest")) {
            lru.add(new StressRun("lru", t, "production", "pass"));
        }
        lru.add(new StressRun("lru", "RefBitRacesRotationTest", "mutant:ref-ignored-by-shrink", "caught"));
        lru.add(new StressRun("lru", "StealRacesOwnerPopTest", "mutant:steal-without-owner-lock", "caught"));
        lru.add(new StressRun("lru", "DeleteRacesShrinkTest", "mutant:evict-despite-failed-removal", "caught"));
        SUITES.put("lru", lru);

        List<StressRun> ringbuf = new ArrayList<>();
        for (String t : List.of("PayloadVisibleTest", "HeadOfLineTest", "DiscardSkippedTest", "NoLostWakeupTest",
                "ReadBeforeReleaseTest", "OverrunTest", "ClaimOverConsumedHeaderTest", "StaleSampleNotAHeaderTest")) {
            ringbuf.add(new StressRun("ringbuf", t, "production", "pass"));
        }
        // The lock-free variant differs from production in its reservation and in the consumer's BUSY reset:
        // publication of the header and producer_pos (PayloadVisibleTest, ClaimOverConsumedHeaderTest,
        // StaleSampleNotAHeaderTest) and the space check against consumer_pos (ReadBeforeReleaseTest).
        // Commit, wakeup and consumer are production's code, run by the production tests; Lincheck checks the
        // variant's linearizability. It has no pending_pos rule, so OverrunTest does not apply.
        for (String t : List.of("PayloadVisibleTest", "ReadBeforeReleaseTest", "ClaimOverConsumedHeaderTest",
                "StaleSampleNotAHeaderTest")) {
            ringbuf.add(new StressRun("ringbuf", t, "variant:lock-free", "pass"));
        }
        // The variant publishes producer_pos before the header: its consumer must have marked old headers BUSY.
        ringbuf.add(new StressRun("ringbuf", "ClaimOverConsumedHeaderTest", "mutant:lock-free-no-busy-reset", "caught"));
        // ... every header slot of it, not only its header: a later lap's record may start inside an old sample.
        ringbuf.add(new StressRun("ringbuf", "StaleSampleNotAHeaderTest", "mutant:lock-free-header-only-reset", "caught"));
        // Each mutant against the test built to catch it (forbidden outcomes per run, 2-core x86, quick mode:
        // plain-commit tens, publish-before-header hundreds, the others thousands; no-pending-check in every
        // sample). Lincheck also catches publish-before-header, no-busy-stop and deliver-discarded.
        ringbuf.add(new StressRun("ringbuf", "NoLostWakeupTest", "mutant:plain-commit", "caught"));
        ringbuf.add(new StressRun("ringbuf", "PayloadVisibleTest", "mutant:publish-before-header", "caught"));
        ringbuf.add(new StressRun("ringbuf", "OverrunTest", "mutant:no-pending-check", "caught"));
        ringbuf.add(new StressRun("ringbuf", "HeadOfLineTest", "mutant:no-busy-stop", "caught"));
        ringbuf.add(new StressRun("ringbuf", "ReadBeforeReleaseTest", "mutant:advance-before-read", "caught"));
        ringbuf.add(new StressRun("ringbuf", "DiscardSkippedTest", "mutant:deliver-discarded", "caught"));
        SUITES.put("ringbuf", ringbuf);

        List<StressRun> perfbuf = new ArrayList<>();
        perfbuf.add(new StressRun("ringbuf", "PerfSampleVisibleTest", "production", "pass"));
        // Lincheck (PerfBufLinearizabilityTest) also catches head-before-data, and lost-record-unreserved,
        // which needs a full ring and no concurrency, so it has no jcstress run.
        perfbuf.add(new StressRun("ringbuf", "PerfSampleVisibleTest", "mutant:head-before-data", "caught"));
        SUITES.put("perfbuf", perfbuf);

        List<StressRun> percpu = new ArrayList<>();
        for (String t : List.of("FoldVsAddSameCpuTest", "AddVsAddSameCpuTest", "SumVsFoldTest", "SumVsOwnedFoldTest",
                "ClaimVsClaimSameCpuTest")) {
            percpu.add(new StressRun("percpu", t, "production", "pass"));
        }
        percpu.add(new StressRun("percpu", "FoldVsAddSameCpuTest", "mutant:fold-loses-delta", "caught"));
        percpu.add(new StressRun("percpu", "AddVsAddSameCpuTest", "mutant:non-atomic-add", "caught"));
        percpu.add(new StressRun("percpu", "SumVsFoldTest", "mutant:fold-without-lock", "caught"));
        percpu.add(new StressRun("percpu", "SumVsOwnedFoldTest", "mutant:fold-without-lock", "caught"));
        percpu.add(new StressRun("percpu", "ClaimVsClaimSameCpuTest", "mutant:claim-not-exclusive", "caught"));
        // mutant:skip-fold-when-busy has no jcstress run: it breaks read()'s error bound only while a sum holds
        // the lock across several adds; Lincheck's read-bound check catches it.
        SUITES.put("percpu", percpu);

        List<StressRun> array = new ArrayList<>();
        array.add(new StressRun("array", "TornValueTest", "production", "pass"));
        array.add(new StressRun("array", "PercpuSlotsTest", "production", "pass"));
        // Without BPF_F_LOCK a multi-word value is torn by a concurrent update, as in the kernel: a finding.
        array.add(new StressRun("array", "TornValueTest", "variant:no-lock", "caught"));
        array.add(new StressRun("array", "TornValueTest", "mutant:lock-not-taken", "caught"));
        array.add(new StressRun("array", "PercpuSlotsTest", "mutant:program-update-writes-all-cpus", "caught"));
        SUITES.put("array", array);

        List<StressRun> lpm = new ArrayList<>();
        lpm.add(new StressRun("lpm", "PublicationTest", "production", "pass"));
        lpm.add(new StressRun("lpm", "PublicationTest", "mutant:early-publish", "caught"));
        SUITES.put("lpm", lpm);

        List<StressRun> mapinmap = new ArrayList<>();
        mapinmap.add(new StressRun("mapinmap", "ReplaceTest", "production", "pass"));
        mapinmap.add(new StressRun("mapinmap", "ReplaceTest", "mutant:mismatched-inner", "caught"));
        SUITES.put("mapinmap", mapinmap);

        List<StressRun> stacktrace = new ArrayList<>();
        stacktrace.add(new StressRun("stacktrace", "BorrowedCopyTest", "production", "pass"));
        stacktrace.add(new StressRun("stacktrace", "BorrowedCopyTest", "mutant:in-place-replace", "caught"));
        SUITES.put("stacktrace", stacktrace);
    }

    private StressSuites() {
    }

    public static List<StressRun> of(String structure) {
        return SUITES.getOrDefault(structure, List.of());
    }

    public static java.util.Set<String> structures() {
        return SUITES.keySet();
    }
}
