package dev.maplab.verdict;

import java.util.List;

/** CLAIMS.md's notes on the source document itself, shown in the report beside the ledger. */
public final class DocumentNotes {
    private DocumentNotes() {
    }

    public static final List<String> NOTES = List.of(
            "In the array section the document says \"hash map\" where it means the array map (contiguous memory).",
            "Its LRU description (\"removes the least recently used entry\") describes exact LRU; the kernel's algorithm is"
                    + " an approximation (active/inactive lists with reference bits, per-CPU free lists).",
            "Map types tied to kernel objects (sockets, devices, cgroups, XDP sockets, struct_ops) are listed in the"
                    + " document; maplab models the general-purpose maps and says so for the others.");
}
