package dev.maplab.verdict;

import static dev.maplab.verdict.Data.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class C19OperationsRuleTest {
    private final C19OperationsRule rule = new C19OperationsRule();

    private static String table(String... types) {
        return "{\"interface\": \"dev.maplab.api.BpfMap\", \"types\": [" + String.join(", ", types) + "], \"not_built\": [\"ARRAY\"]}";
    }

    private static String type(String name, String... ops) {
        return "{\"type\": \"" + name + "\", \"implementation\": \"x." + name + "\", \"operations\": [\""
                + String.join("\", \"", ops) + "\"]}";
    }

    @Test
    void sameTablesConfirm() {
        Data d = data().profile("operations", table(type("HASH", "LOOKUP", "UPDATE"), type("PERCPU_HASH", "LOOKUP", "UPDATE")));
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.CONFIRMED, v.verdict(), v.summary());
        assertTrue(v.summary().contains("1 not built yet"), v.summary());
    }

    @Test
    void differingTablesAreNuancedAndNameTheGaps() {
        Data d = data().profile("operations", table(type("HASH", "LOOKUP", "UPDATE", "DELETE"), type("QUEUE", "UPDATE", "PUSH", "POP")));
        ClaimVerdict v = rule.decide(d.results());
        assertEquals(Verdict.NUANCED, v.verdict());
        assertTrue(v.figure().contains("HASH lacks PUSH, POP"), v.figure());
        assertTrue(v.figure().contains("QUEUE lacks LOOKUP, DELETE"), v.figure());
    }

    @Test
    void absentOrSingleTypeIsOpen() {
        assertEquals(Verdict.OPEN, rule.decide(data().results()).verdict());
        assertEquals(Verdict.OPEN, rule.decide(data().profile("operations", table(type("HASH", "LOOKUP"))).results()).verdict());
    }
}
