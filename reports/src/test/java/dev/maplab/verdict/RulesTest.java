package dev.maplab.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maplab.report.ResultSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesTest {
    @Test
    void oneRulePerClaimInLedgerOrder() {
        List<String> ids = new ArrayList<>();
        for (ClaimRule r : Rules.all()) {
            ids.add(r.id());
            assertFalse(r.claim().isBlank(), r.id());
            assertFalse(r.rule().isBlank(), r.id());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 19; i++) {
            expected.add("C" + i);
        }
        assertEquals(expected, ids);
    }

    @Test
    void withoutEvidenceEveryClaimIsOpenAndPlaceholdersSayWhatTheyAwait() {
        for (ClaimVerdict v : Rules.decideAll(ResultSet.empty())) {
            assertEquals(Verdict.OPEN, v.verdict(), v.id());
            assertTrue(v.evidence().isEmpty(), v.id());
        }
        for (ClaimRule r : Rules.all()) {
            if (r instanceof AwaitingEvidence) {
                assertTrue(r.rule().startsWith("No rule yet. Awaited evidence: "), r.id());
            }
        }
    }

    @Test
    void claimsJsonHasEveryClaimWithVerdictSummaryRuleAndEvidence(@TempDir Path out) throws Exception {
        Rules.writeClaimsJson(Rules.decideAll(ResultSet.empty()), out);
        JsonNode root = new ObjectMapper().readTree(out.resolve("claims.json").toFile());
        assertEquals(19, root.size());
        for (int i = 1; i <= 19; i++) {
            JsonNode c = root.get("C" + i);
            assertEquals("OPEN", c.get("verdict").asText());
            assertTrue(c.get("summary").isTextual());
            assertTrue(c.get("rule").isTextual());
            assertTrue(c.get("evidence").isArray());
        }
    }
}
