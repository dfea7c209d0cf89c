package dev.maplab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maplab.api.BpfMap;
import dev.maplab.api.MapOperation;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.HashTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The evidence for claim C19 ("every map type presents the same interface through its own operations
 * table"): instantiates every map type maplab has built, through the one interface {@link BpfMap}, and
 * writes {@code out/profile/operations.json} from {@link BpfMap#operations()}.
 *
 * <p>A new map type is added by one line in {@link #FACTORIES}; types without a factory are listed as
 * not built yet.
 *
 * <pre>
 * {"interface": "dev.maplab.api.BpfMap", "operations": ["LOOKUP", ...],
 *  "types": [{"type": "HASH", "kernel_id": 1, "implementation": "dev.maplab.hash.HashTable",
 *             "operations": ["LOOKUP", ...]}, ...],
 *  "not_built": ["ARRAY", ...]}
 * </pre>
 */
public final class OperationsTable {
    /** How to build one small map of each type maplab has; one line per type. */
    static final Map<MapType, Supplier<BpfMap>> FACTORIES = new EnumMap<>(MapType.class);

    static {
        FACTORIES.put(MapType.HASH, () -> HashTable.kernel(MapSpec.longs(MapType.HASH, 16, 2)));
        FACTORIES.put(MapType.PERCPU_HASH, () -> HashTable.kernel(MapSpec.longs(MapType.PERCPU_HASH, 16, 2)));
        FACTORIES.put(MapType.LRU_HASH, () -> dev.maplab.lru.LruHashTable.kernel(MapSpec.longs(MapType.LRU_HASH, 16, 2)));
        FACTORIES.put(MapType.LRU_PERCPU_HASH,
                () -> dev.maplab.lru.LruHashTable.kernel(MapSpec.longs(MapType.LRU_PERCPU_HASH, 16, 2)));
        FACTORIES.put(MapType.ARRAY, () -> new dev.maplab.array.ArrayMap(
                MapSpec.builder(MapType.ARRAY).keySize(4).valueSize(8).maxEntries(16).cpus(2).build()));
        FACTORIES.put(MapType.PERCPU_ARRAY, () -> new dev.maplab.array.ArrayMap(
                MapSpec.builder(MapType.PERCPU_ARRAY).keySize(4).valueSize(8).maxEntries(16).cpus(2).build()));
        FACTORIES.put(MapType.QUEUE, () -> dev.maplab.queue.QueueMap.ofLongs(16));
        FACTORIES.put(MapType.STACK, () -> dev.maplab.queue.StackMap.ofLongs(16));
        FACTORIES.put(MapType.LPM_TRIE, () -> dev.maplab.lpm.LpmTrie.create(4, 8, 16));
        FACTORIES.put(MapType.ARRAY_OF_MAPS, () -> dev.maplab.mapinmap.ArrayOfMaps.create(4,
                HashTable.kernel(MapSpec.longs(MapType.HASH, 4, 2)), new dev.maplab.mapinmap.MapRegistry()));
        FACTORIES.put(MapType.HASH_OF_MAPS, () -> dev.maplab.mapinmap.HashOfMaps.create(4,
                HashTable.kernel(MapSpec.longs(MapType.HASH, 4, 2)), new dev.maplab.mapinmap.MapRegistry()));
        FACTORIES.put(MapType.STACK_TRACE, () -> dev.maplab.stacktrace.StackTraceMap.create(16, 8));
    }

    private OperationsTable() {
    }

    /** One map type's row. */
    public record TypeOps(String type, String implementation, Set<String> operations) {
    }

    /** What {@code operations.json} says. */
    public record Info(String interfaceName, List<String> allOperations, List<TypeOps> types, List<String> notBuilt) {
        /** Whether {@code type} supplies {@code operation}. */
        public boolean supports(String type, String operation) {
            return types.stream().anyMatch(t -> t.type().equals(type) && t.operations().contains(operation));
        }
    }

    /** Writes {@code out/profile/operations.json}. */
    public static void write(Path out) {
        ObjectNode root = ResultSet.JSON.createObjectNode();
        root.put("interface", BpfMap.class.getName());
        ArrayNode all = root.putArray("operations");
        for (MapOperation op : MapOperation.values()) {
            all.add(op.name());
        }
        ArrayNode types = root.putArray("types");
        ArrayNode notBuilt = root.putArray("not_built");
        for (MapType type : MapType.values()) {
            Supplier<BpfMap> factory = FACTORIES.get(type);
            if (factory == null) {
                notBuilt.add(type.name());
                continue;
            }
            BpfMap map = factory.get();
            ObjectNode t = types.addObject();
            t.put("type", type.name());
            t.put("kernel_id", type.kernelId());
            t.put("implementation", map.getClass().getName());
            ArrayNode ops = t.putArray("operations");
            for (MapOperation op : MapOperation.values()) {
                if (map.operations().contains(op)) {
                    ops.add(op.name());
                }
            }
        }
        try {
            Path dir = out.resolve("profile");
            Files.createDirectories(dir);
            ResultSet.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("operations.json").toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("profile/operations.json"), e);
        }
    }

    /** Reads an {@code operations.json} tree; tolerates a missing {@code operations} list (it is then the union). */
    public static Info read(JsonNode root) {
        JsonNode types = root.path("types");
        if (!types.isArray()) {
            throw new IllegalArgumentException("expected a \"types\" array");
        }
        List<TypeOps> rows = new ArrayList<>();
        Set<String> union = new LinkedHashSet<>();
        for (JsonNode t : types) {
            Set<String> ops = new LinkedHashSet<>();
            for (JsonNode op : t.path("operations")) {
                ops.add(op.asText());
            }
            union.addAll(ops);
            rows.add(new TypeOps(t.path("type").asText("?"), t.path("implementation").asText(""), ops));
        }
        List<String> all = new ArrayList<>();
        for (JsonNode op : root.path("operations")) {
            all.add(op.asText());
        }
        if (all.isEmpty()) {
            all.addAll(union);
        }
        List<String> notBuilt = new ArrayList<>();
        for (JsonNode n : root.path("not_built")) {
            notBuilt.add(n.asText());
        }
        return new Info(root.path("interface").asText(""), all, rows, notBuilt);
    }

    /** Writes the table into {@code args[0]} (default {@code reports/out}). */
    public static void main(String[] args) {
        write(Path.of(args.length > 0 ? args[0] : "reports/out"));
    }
}
