package dev.maplab.lpm;

import dev.maplab.lpm.mutant.EarlyPublishLpmTrie;

/** One Lincheck test class per subject: the production trie and the mutant. */
public final class LpmSubjects {
    private LpmSubjects() {
    }

    public static class Production extends LpmOperations {
        public Production() {
            super(new LpmTrie(spec()));
        }
    }

    public static class EarlyPublish extends LpmOperations {
        public EarlyPublish() {
            super(new EarlyPublishLpmTrie(spec()));
        }
    }
}
