package dev.maplab.verdict;

import dev.maplab.report.OperationsTable;
import dev.maplab.report.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * C19: every map type presents the same interface through its own operations table. Decided from
 * {@code profile/operations.json} ({@link OperationsTable#write}).
 */
public final class C19OperationsRule implements ClaimRule {
    static final String RULE = "From profile/operations.json (written by OperationsTable from BpfMap.operations() of"
            + " every map type built): fewer than two types = OPEN; every type implements the one interface, so if all"
            + " types supply the same operations = CONFIRMED; if the tables differ = NUANCED (same interface, but each"
            + " type supplies only part of it; the rest answer -ENOTSUPP or -EINVAL), with the operations table as the"
            + " deciding figure.";

    @Override
    public String id() {
        return "C19";
    }

    @Override
    public String claim() {
        return "All map types present the same interface because each type supplies its own operations table (bpf_map_ops).";
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public ClaimVerdict decide(ResultSet results) {
        Optional<OperationsTable.Info> info = results.operations();
        if (info.isEmpty()) {
            return ClaimVerdict.open(this, "Awaiting profile/operations.json (OperationsTable.write).", List.of());
        }
        OperationsTable.Info ops = info.get();
        List<String> evidence = List.of("profile/operations.json");
        if (ops.types().size() < 2) {
            return ClaimVerdict.open(this, "Only " + ops.types().size() + " map type built; at least two are needed to"
                    + " compare their operations tables.", evidence);
        }
        List<Link> figures = List.of(new Link("operations per map type", "#operations-per-map-type"));
        String iface = ops.interfaceName().isEmpty() ? "one interface" : ops.interfaceName();
        String built = ops.types().size() + " types built" + (ops.notBuilt().isEmpty() ? "" : ", " + ops.notBuilt().size()
                + " not built yet");
        Set<String> first = ops.types().get(0).operations();
        boolean same = ops.types().stream().allMatch(t -> t.operations().equals(first));
        if (same) {
            return ClaimVerdict.of(this, Verdict.CONFIRMED, "Every map type built implements " + iface + " and supplies the"
                    + " same " + first.size() + " operations from its own table (" + built + ").",
                    "operations of every type: " + String.join(", ", first), evidence, figures);
        }
        List<String> gaps = new ArrayList<>();
        Set<String> union = new LinkedHashSet<>();
        ops.types().forEach(t -> union.addAll(t.operations()));
        for (OperationsTable.TypeOps t : ops.types()) {
            List<String> missing = new ArrayList<>(union);
            missing.removeAll(t.operations());
            if (!missing.isEmpty()) {
                gaps.add(t.type() + " lacks " + String.join(", ", missing));
            }
        }
        return ClaimVerdict.of(this, Verdict.NUANCED, "One interface (" + iface + "), but each type's table supplies only"
                + " part of it; the operations a type lacks answer -ENOTSUPP or -EINVAL (" + built + ").",
                String.join("; ", gaps), evidence, figures);
    }
}
