package dev.maplab.stress.mapinmap;

import dev.maplab.api.BpfMap;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.hash.HashTable;
import dev.maplab.mapinmap.ArrayOfMaps;
import dev.maplab.mapinmap.HashOfMaps;
import dev.maplab.mapinmap.MapRegistry;
import dev.maplab.mapinmap.mutant.MismatchedInnerArrayOfMaps;
import dev.maplab.stress.StressSubject;

/**
 * The outer maps a map-in-map jcstress test runs against, chosen by {@code -Dmaplab.subject}: production,
 * or the mutant that accepts an inner map not matching the template. Inner maps are HASH maps with 8-byte
 * keys and values (the template); the mismatched one has 16-byte values.
 */
public final class MapInMapStressMaps {
    public static final String SUBJECT = StressSubject.of("mapinmap");
    /** The template's value size. */
    public static final int VALUE = 8;

    private MapInMapStressMaps() {
    }

    /** An inner HASH map holding key 1 -> {@code v} (and key 2 -> {@code v}). */
    public static HashTable inner(long v) {
        HashTable m = HashTable.linearizable(MapSpec.builder(MapType.HASH).keySize(8).valueSize(VALUE).maxEntries(4).cpus(2).build());
        m.update(1, v, 0);
        m.update(2, v, 0);
        return m;
    }

    /** An inner map that does not match the template: 16-byte values. */
    public static HashTable mismatched() {
        return HashTable.linearizable(MapSpec.builder(MapType.HASH).keySize(8).valueSize(16).maxEntries(4).cpus(2).build());
    }

    public static ArrayOfMaps arrayOfMaps(BpfMap template) {
        MapRegistry reg = new MapRegistry();
        MapSpec spec = MapSpec.builder(MapType.ARRAY_OF_MAPS).keySize(4).valueSize(4).maxEntries(2).cpus(2).build();
        switch (SUBJECT) {
            case "production": return new ArrayOfMaps(spec, template, reg);
            case "mutant:mismatched-inner": return new MismatchedInnerArrayOfMaps(spec, template, reg);
            default: throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": unknown array-of-maps subject");
        }
    }

    /** The production HASH_OF_MAPS (the subjects name array mutants). */
    public static HashOfMaps hashOfMaps(BpfMap template) {
        return HashOfMaps.create(4, template, new MapRegistry());
    }

    /**
     * What a program holding {@code m} reads: -1 for no map, -2 for a map of another shape than the
     * template, -3 when its two keys disagree (a map changed under the holder); else key 1's value.
     */
    public static int read(BpfMap m) {
        if (m == null) {
            return -1;
        }
        if (m.spec().valueSize() != VALUE) {
            return -2;
        }
        HashTable h = (HashTable) m;
        long a = h.lookup(1, -1);
        long b = h.lookup(2, -1);
        return a == b ? (int) a : -3;
    }
}
