package dev.maplab.verdict;

import static dev.maplab.verdict.OtherMapsData.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class C16QueueStackRuleTest {
    private final C16QueueStackRule rule = new C16QueueStackRule();

    static OtherMapsData passing() {
        return data().check("queue", "dev.maplab.queue.QueueStackSelftestsTest#q01QueueMap", "junit", "production", "pass")
                .check("queue", "dev.maplab.queue.QueueStackSelftestsTest#q02StackMap", "junit", "production", "pass")
                .check("queue", "QUEUE: model checking, FIFO with overwrite", "lincheck", "production", "pass")
                .check("queue", "STACK: model checking, LIFO with overwrite", "lincheck", "production", "pass")
                .check("queue", "QUEUE: model checking, targeted: push 1, push 2; push 3 || pop; pop", "lincheck",
                        "mutant:full-off-by-one", "caught");
    }

    @Test
    void everythingPassingWithTheMutantCaughtConfirms() {
        ClaimVerdict v = rule.decide(passing().results());
        assertEquals(Verdict.CONFIRMED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("bottom, not its top"), v.summary());
        assertTrue(v.figure().contains("full-off-by-one"), v.figure());
        assertEquals(java.util.List.of("check/queue.json"), v.evidence());
    }

    @Test
    void aFailingProductionCheckRefutes() {
        ClaimVerdict v = rule.decide(passing().check("queue", "STACK: stress, LIFO with overwrite", "lincheck", "production", "fail")
                .results());
        assertEquals(Verdict.REFUTED, v.verdict());
        assertTrue(v.figure().contains("expected 1 but was -2"), v.figure());
    }

    @Test
    void aMissedOrAbsentMutantIsOpen() {
        assertEquals(Verdict.OPEN, rule.decide(passing().check("queue", "QUEUE: model checking, FIFO with overwrite", "lincheck",
                "mutant:full-off-by-one", "missed").results()).verdict());
        OtherMapsData noMutant = data().check("queue", "QUEUE: model checking, FIFO with overwrite", "lincheck", "production", "pass")
                .check("queue", "STACK: model checking, LIFO with overwrite", "lincheck", "production", "pass");
        assertEquals(Verdict.OPEN, rule.decide(noMutant.results()).verdict());
    }

    @Test
    void bothOrdersMustBeChecked() {
        OtherMapsData queueOnly = data().check("queue", "QUEUE: model checking, FIFO with overwrite", "lincheck", "production", "pass")
                .check("queue", "QUEUE: targeted", "lincheck", "mutant:full-off-by-one", "caught");
        ClaimVerdict v = rule.decide(queueOnly.results());
        assertEquals(Verdict.OPEN, v.verdict());
        assertTrue(v.summary().contains("LIFO"), v.summary());
        assertEquals(Verdict.OPEN, rule.decide(data().results()).verdict());
    }
}
