package dev.maplab.verdict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.report.ResultSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where every claim's rule is registered, in ledger order C1..C19. A structure that
 * brings the evidence for a claim writes a {@link ClaimRule} class and replaces that claim's
 * {@link AwaitingEvidence} line here.
 */
public final class Rules {
    private Rules() {
    }

    /** One rule per claim of CLAIMS.md, in order. */
    public static List<ClaimRule> all() {
        return List.of(
                new C1ChainLengthRule(),
                new C2ConcurrentChainsRule(),
                new C3FixedSizeRule(),
                new C4LruRule(),
                new C5PercpuRule(),
                new C6MapInMapRule(),
                new C7ArrayRule(),
                new C8PerfBufRoundTripRule(),
                new C9PerfBufMemoryRule(),
                new C10CopiesRule(),
                new C11PerfBufOrderRule(),
                new C12SharedRingRule(),
                new C13RingBufOrderRule(),
                new C14PerfBufThroughputRule(),
                new C15NmiTryLockRule(),
                new C16QueueStackRule(),
                new C17LpmRule(),
                new C18StackIdRule(),
                new C19OperationsRule());
    }

    /** Every claim's verdict, in ledger order. A rule that throws yields OPEN with the error as its summary. */
    public static List<ClaimVerdict> decideAll(ResultSet results) {
        List<ClaimVerdict> verdicts = new ArrayList<>();
        for (ClaimRule rule : all()) {
            try {
                verdicts.add(rule.decide(results));
            } catch (RuntimeException e) {
                verdicts.add(ClaimVerdict.open(rule, "The rule could not be evaluated: " + e, List.of()));
            }
        }
        return verdicts;
    }

    /** Writes {@code out/claims.json}: {@code {"C1": {"verdict", "summary", "rule", "figure", "evidence": [..]}, ..}}. */
    public static void writeClaimsJson(List<ClaimVerdict> verdicts, Path out) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        for (ClaimVerdict v : verdicts) {
            ObjectNode c = root.putObject(v.id());
            c.put("verdict", v.verdict().name());
            c.put("summary", v.summary());
            c.put("rule", v.rule());
            c.put("claim", v.claim());
            c.put("figure", v.figure());
            ArrayNode ev = c.putArray("evidence");
            v.evidence().forEach(ev::add);
        }
        Files.createDirectories(out);
        json.writeValue(out.resolve("claims.json").toFile(), root);
    }
}
