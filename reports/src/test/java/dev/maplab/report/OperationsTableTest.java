package dev.maplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.verdict.C19OperationsRule;
import dev.maplab.verdict.ClaimVerdict;
import dev.maplab.verdict.Verdict;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationsTableTest {
    @Test
    void writesEveryBuiltTypeFromItsOperationsTable(@TempDir Path out) throws Exception {
        OperationsTable.write(out);
        ResultSet results = ResultSet.load(out);
        OperationsTable.Info info = results.operations().orElseThrow();
        assertEquals("dev.maplab.api.BpfMap", info.interfaceName());
        assertTrue(info.types().size() >= 2, info.types().toString());
        assertTrue(info.supports("HASH", "LOOKUP"));
        assertTrue(info.supports("PERCPU_HASH", "GET_NEXT_KEY"));
        assertTrue(info.notBuilt().size() + info.types().size() == dev.maplab.api.MapType.values().length);
        ClaimVerdict v = new C19OperationsRule().decide(results);
        assertTrue(v.verdict() == Verdict.CONFIRMED || v.verdict() == Verdict.NUANCED, v.summary());
    }
}
