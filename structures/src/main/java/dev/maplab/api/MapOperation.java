package dev.maplab.api;

/**
 * The operations of {@code struct bpf_map_ops} that reach a user of a map, named as the syscall
 * commands and helpers that invoke them. {@link BpfMap#operations()} says which a type supplies.
 */
public enum MapOperation {
    LOOKUP,
    PROGRAM_LOOKUP,
    UPDATE,
    DELETE,
    LOOKUP_AND_DELETE,
    GET_NEXT_KEY,
    LOOKUP_BATCH,
    LOOKUP_AND_DELETE_BATCH,
    UPDATE_BATCH,
    DELETE_BATCH,
    PUSH,
    POP,
    PEEK
}
