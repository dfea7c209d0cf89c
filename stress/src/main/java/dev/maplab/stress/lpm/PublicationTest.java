package dev.maplab.stress.lpm;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.maplab.lpm.LpmTrie;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A lookup never sees a half-built node. The trie holds 10.0.0.0/8 (value 1) with 10.1.0.0/16 (value 2)
 * below it, and 20.0.0.0/8 (value 3). The writer publishes two kinds of new nodes, interleaved:
 * <ul>
 *   <li><b>intermediate nodes</b>: it inserts 21/8, 22/8, 16/8, 24/8, 28/8, 32/8, 64/8, 128/8, each of
 *       which puts a new intermediate node above 20/8 (so a lookup of 20.1.2.3 passes through it);</li>
 *   <li><b>replacements</b>: it replaces 10.0.0.0/8 (new values) sixteen times; each new node takes over
 *       the old one's child, 10.1.0.0/16.</li>
 * </ul>
 * The reader alternates lookups of 20.1.2.3 (must find 20/8: 3) and 10.1.2.3 (must find the more specific
 * 10.1/16: 2) until the writer is done. A node published before its children are set makes a lookup in
 * that moment stop at it: 20/8 missed, or 10/8 returned instead of 10.1/16. Results: r1 = lookups of
 * 20.1.2.3 that missed, r2 = lookups of 10.1.2.3 that did not return 2 (each capped at 9).
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "every lookup found its prefix, present throughout")
@Outcome(id = "(1|2|3|4|5|6|7|8|9), .*", expect = FORBIDDEN, desc = "an intermediate node was seen before its children: 20.0.0.0/8 missed")
@Outcome(id = ".*, (1|2|3|4|5|6|7|8|9)", expect = FORBIDDEN, desc = "a replaced node was seen without its child: 10.0.0.0/8 instead of 10.1.0.0/16")
@State
public class PublicationTest {
    private static final int UNDER_IM = LpmStressTries.address(20, 1, 2, 3);
    private static final int UNDER_REPLACED = LpmStressTries.address(10, 1, 2, 3);
    private static final int[] NEIGHBOURS = {21, 22, 16, 24, 28, 32, 64, 128};
    private final LpmTrie trie = LpmStressTries.create();
    private volatile boolean done;

    public PublicationTest() {
        LpmStressTries.put(trie, "10.0.0.0", 8, 1);
        LpmStressTries.put(trie, "10.1.0.0", 16, 2);
        LpmStressTries.put(trie, "20.0.0.0", 8, 3);
    }

    @Actor
    public void reader(II_Result r) {
        int missed = 0;
        int wrong = 0;
        do {
            if (trie.lookupIpv4(UNDER_IM, -1) != 3) {
                missed++;
            }
            if (trie.lookupIpv4(UNDER_REPLACED, -1) != 2) {
                wrong++;
            }
        } while (!done);
        r.r1 = Math.min(missed, 9);
        r.r2 = Math.min(wrong, 9);
    }

    @Actor
    public void writer() {
        for (int i = 0; i < 16; i++) {
            LpmStressTries.put(trie, "10.0.0.0", 8, 100 + i);
            if (i % 2 == 0) {
                LpmStressTries.put(trie, NEIGHBOURS[i / 2] + ".0.0.0", 8, 4);
            }
        }
        done = true;
    }
}
