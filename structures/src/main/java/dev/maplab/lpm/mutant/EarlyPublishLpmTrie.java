package dev.maplab.lpm.mutant;

import dev.maplab.api.MapSpec;
import dev.maplab.lpm.LpmTrie;

/**
 * Mutant: a new node is published into its slot <em>before</em> its children are set. Every store is
 * a store-release, in an order that is wrong: for a moment the trie holds a node without the subtree it
 * was built over. A lookup that reaches it then stops short. Inserting a prefix next to an existing one
 * (an intermediate node above both), above one (the new node takes the old one as its child), or
 * replacing a node that has children all pass through that moment, and a lookup misses prefixes that
 * are present throughout.
 */
public class EarlyPublishLpmTrie extends LpmTrie {
    public EarlyPublishLpmTrie(MapSpec spec) {
        super(spec);
    }

    @Override
    protected void link(Node parent, int bit, Node node, Node c0, Node c1) {
        soSlot(parent, bit, node); // DEFECT: reachable before its children are set
        soChildren(node, c0, c1);
    }
}
