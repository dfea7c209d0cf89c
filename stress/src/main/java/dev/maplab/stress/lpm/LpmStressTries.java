package dev.maplab.stress.lpm;

import dev.maplab.lpm.LpmKeys;
import dev.maplab.lpm.LpmTrie;
import dev.maplab.lpm.mutant.EarlyPublishLpmTrie;
import dev.maplab.stress.StressSubject;

/**
 * The LPM trie a jcstress test runs against, chosen by the forked JVM's {@code -Dmaplab.subject} (set by
 * {@link dev.maplab.stress.StressRunner}): the production trie or the mutant that publishes a node before
 * its children. IPv4 keys, 8-byte values, max_entries 64.
 */
public final class LpmStressTries {
    public static final String SUBJECT = StressSubject.of("lpm");

    private LpmStressTries() {
    }

    public static LpmTrie create() {
        LpmTrie production = LpmTrie.create(4, 8, 64);
        switch (SUBJECT) {
            case "production":
                return production;
            case "mutant:early-publish":
                return new EarlyPublishLpmTrie(production.spec());
            default:
                throw new IllegalArgumentException("maplab.subject = " + SUBJECT + ": unknown lpm subject");
        }
    }

    /** Stores {@code value} under {@code a.b.c.d/len}; setup must succeed. */
    public static void put(LpmTrie trie, String dotted, int len, long value) {
        int r = trie.update(LpmKeys.ipv4(dotted, len), value, 0);
        if (r != 0) {
            throw new IllegalStateException("setup update " + dotted + "/" + len + " gave " + r);
        }
    }

    /** The address {@code a.b.c.d} as an int. */
    public static int address(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }
}
