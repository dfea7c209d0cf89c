package dev.maplab.hash;

import dev.maplab.hash.mutant.CompareOutsideVersionHashTable;
import dev.maplab.hash.mutant.FreelistOverwritesNextHashTable;
import dev.maplab.hash.mutant.LinkBeforeWriteHashTable;
import dev.maplab.hash.mutant.NoNullsRestartHashTable;
import dev.maplab.hash.mutant.PlainPublishHashTable;
import dev.maplab.hash.mutant.ReplaceAtOldPositionHashTable;
import dev.maplab.hash.mutant.UnlinkBeforeLinkHashTable;
import dev.maplab.hash.mutant.UnvalidatedReadHashTable;

/** One Lincheck test class per subject: the production variants and every mutant. */
public final class HashSubjects {
    private HashSubjects() {
    }

    public static class Linearizable extends HashOperations {
        public Linearizable() {
            super(HashTable.linearizable(spec()));
        }
    }

    public static class KernelReplace extends HashOperations {
        public KernelReplace() {
            super(HashTable.kernel(spec()));
        }
    }

    public static class NoNullsRestart extends HashOperations {
        public NoNullsRestart() {
            super(new NoNullsRestartHashTable(spec()));
        }
    }

    public static class UnlinkBeforeLink extends HashOperations {
        public UnlinkBeforeLink() {
            super(new UnlinkBeforeLinkHashTable(spec()));
        }
    }

    public static class LinkBeforeWrite extends HashOperations {
        public LinkBeforeWrite() {
            super(new LinkBeforeWriteHashTable(spec()));
        }
    }

    public static class PlainPublish extends HashOperations {
        public PlainPublish() {
            super(new PlainPublishHashTable(spec()));
        }
    }

    public static class FreelistOverwritesNext extends HashOperations {
        public FreelistOverwritesNext() {
            super(new FreelistOverwritesNextHashTable(spec()));
        }
    }

    public static class UnvalidatedRead extends HashOperations {
        public UnvalidatedRead() {
            super(new UnvalidatedReadHashTable(spec()));
        }
    }

    public static class CompareOutsideVersion extends HashOperations {
        public CompareOutsideVersion() {
            super(new CompareOutsideVersionHashTable(spec()));
        }
    }

    public static class ReplaceAtOldPosition extends HashOperations {
        public ReplaceAtOldPosition() {
            super(new ReplaceAtOldPositionHashTable(spec()));
        }
    }
}
