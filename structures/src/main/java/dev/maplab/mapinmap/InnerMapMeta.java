package dev.maplab.mapinmap;

import dev.maplab.api.BpfMap;
import dev.maplab.api.Errors;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;

/**
 * What an outer map remembers of its template inner map ({@code bpf_map_meta_alloc}): type, key size,
 * value size, map flags and max_entries (and, in maplab, the CPU count, which in the kernel is the same
 * for every map). A candidate inner map is accepted only if it matches ({@code map_meta_equal}): same
 * type, key size, value size and flags; for ARRAY and PERCPU_ARRAY templates also the same max_entries,
 * unless the template has {@code BPF_F_INNER_MAP} ({@code array_map_meta_equal}). A HASH inner map may
 * have any max_entries.
 *
 * <p>Only one level of nesting: a map-in-map cannot be a template ({@code -EINVAL}).
 */
public final class InnerMapMeta {
    /** {@code BPF_F_INNER_MAP} (uapi bit 12): an inner ARRAY whose max_entries may differ from the template's. */
    public static final int F_INNER_MAP = 1 << 12;

    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final int mapFlags;
    private final int maxEntries;
    private final int cpus;

    private InnerMapMeta(MapSpec s) {
        this.type = s.type();
        this.keySize = s.keySize();
        this.valueSize = s.valueSize();
        this.mapFlags = s.mapFlags();
        this.maxEntries = s.maxEntries();
        this.cpus = s.cpus();
    }

    /** {@code bpf_map_meta_alloc(inner_map_fd)}: the template's snapshot; a map-in-map template is misuse (-EINVAL). */
    public static InnerMapMeta of(BpfMap template) {
        if (template == null) {
            throw Errors.badArgument("template", "null", "an inner map template is required (kernel: -EINVAL without inner_map_fd)");
        }
        MapType t = template.spec().type();
        if (t == MapType.ARRAY_OF_MAPS || t == MapType.HASH_OF_MAPS) {
            throw Errors.badArgument("template.type", t, "only one level of nesting: an inner map cannot be a map-in-map (kernel: -EINVAL)");
        }
        return new InnerMapMeta(template.spec());
    }

    private boolean checksMaxEntries() {
        return (type == MapType.ARRAY || type == MapType.PERCPU_ARRAY) && (mapFlags & F_INNER_MAP) == 0;
    }

    /** {@code map_meta_equal(meta, inner)}. */
    public boolean matches(BpfMap inner) {
        return mismatch(inner) == null;
    }

    /** Why {@code inner} does not match, or null when it does. */
    public String mismatch(BpfMap inner) {
        MapSpec s = inner.spec();
        if (s.type() != type) {
            return "type " + s.type() + " != " + type;
        }
        if (s.keySize() != keySize) {
            return "key size " + s.keySize() + " != " + keySize;
        }
        if (s.valueSize() != valueSize) {
            return "value size " + s.valueSize() + " != " + valueSize;
        }
        if (s.mapFlags() != mapFlags) {
            return "map flags 0x" + Integer.toHexString(s.mapFlags()) + " != 0x" + Integer.toHexString(mapFlags);
        }
        if (s.cpus() != cpus) {
            return "cpus " + s.cpus() + " != " + cpus;
        }
        if (checksMaxEntries() && s.maxEntries() != maxEntries) {
            return "max_entries " + s.maxEntries() + " != " + maxEntries + " (an array template without BPF_F_INNER_MAP)";
        }
        return null;
    }

    public MapType type() {
        return type;
    }

    @Override
    public String toString() {
        return "InnerMapMeta{" + type + ", key=" + keySize + ", value=" + valueSize + ", flags=0x" + Integer.toHexString(mapFlags)
                + (checksMaxEntries() ? ", max_entries=" + maxEntries : "") + "}";
    }
}
