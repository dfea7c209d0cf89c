package dev.maplab.lru;

import dev.maplab.api.Errors;
import dev.maplab.cpu.LogicalCpu;
import dev.maplab.cpu.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The BPF LRU lists ({@code kernel/bpf/bpf_lru_list.c}): the common LRU (one global list set and per-CPU
 * staging lists) and the per-CPU LRU ({@code BPF_F_NO_COMMON_LRU}), over the preallocated elements of an
 * LRU hash table. The node of element {@code e} is node {@code e}.
 *
 * <h2>Kernel version modelled</h2>
 * The current mainline, from v6.16 on: the common LRU's refill batch is {@code target_free = clamp((
 * nr_elems / num_possible_cpus()) / 2, 1, LOCAL_FREE_TARGET)} (commit {@code d4adf1c9ee77}, "bpf: Adjust
 * free target to avoid global starvation of LRU map"; before it was always 128). The other constants:
 * {@code LOCAL_FREE_TARGET = LOCAL_NR_SCANS = 128}, {@code PERCPU_FREE_TARGET = PERCPU_NR_SCANS = 4}.
 * The selftests that go with this version are the "new" variant of {@code test_lru_map.c}.
 *
 * <h2>Lists</h2>
 * Circular doubly linked lists of int indices, like {@code list_head}: {@code next} goes from the head
 * (newest, {@code list_add} inserts there) toward the tail (oldest), {@code prev} the other way. Nodes are
 * {@code 0 .. nodes-1}; list heads are sentinels at indices {@code >= nodes}, spaced a cache line apart.
 * Per node: {@code lruNext}, {@code lruPrev}, {@code type} (the list it is on), {@code ref} (reference bit),
 * {@code cpu} (owner of a pending node, or of a per-CPU LRU node) and {@code hash} (stored on
 * acquisition so the LRU can find the element's bucket: the kernel's {@code hash_offset}).
 * <ul>
 *   <li><b>Common LRU</b>: global {@link #ACTIVE}, {@link #INACTIVE}, {@link #FREE} under one lock, with
 *       counts of active and inactive nodes and the saved inactive-rotation cursor; per CPU a
 *       {@link #LOCAL_FREE} and a {@link #LOCAL_PENDING} list under that CPU's own lock, and the CPU's
 *       {@code next_steal}. All nodes start on the global free list.</li>
 *   <li><b>Per-CPU LRU</b>: every CPU has a complete ACTIVE/INACTIVE/FREE set under its own lock and a
 *       fixed slice of {@code nodes / cpus} nodes, populated at creation (CPU 0 the first slice, ...).</li>
 * </ul>
 *
 * <h2>Acquiring a node ({@link #popFree}, {@code bpf_lru_pop_free})</h2>
 * Common: with this CPU's local lock held, pop its local free list; if empty, refill under the global
 * lock ({@link #popFreeToLocal}: flush this CPU's pending list into the global lists, rotate, move up to
 * {@code target_free} free nodes to the local free list, shrink for the shortfall) and pop again. A node
 * goes to the head of this CPU's pending list with its ref bit cleared. If none: steal, round-robin from
 * this CPU's {@code next_steal}, one victim CPU's local lock at a time ({@link #stealFrom}). Per-CPU: with
 * this CPU's list lock held, rotate, shrink by 4 into the free list if it is empty, and move the first
 * free node to the head of the inactive list.
 *
 * <h2>Freeing a node ({@link #pushFree}, {@code bpf_lru_push_free})</h2>
 * Common: a node still on a pending list goes back to its owner CPU's local free list, under that CPU's
 * lock, after re-checking the type under the lock (the flush may have moved it meanwhile); any other node
 * to the global free list. Per-CPU: to the free list of its CPU.
 *
 * <h2>Evicting ({@link Evictor})</h2>
 * Shrinks and steals remove a node's element from the hash table through {@link Evictor#delFromHtab},
 * which takes that element's bucket lock: the kernel's lock order, LRU locks before a bucket lock and
 * never the reverse ({@code hashtab.c} pops before taking its bucket lock and pushes after releasing it).
 * The removal fails when the element is not linked (an update between acquiring and linking it, or a
 * delete between unlinking and freeing it); the node is then skipped.
 *
 * <h2>Concurrency and the logical-CPU model</h2>
 * Every list is changed only under its lock; two threads on one logical CPU id therefore contend for the
 * CPU's local lock like an interrupting program would, and never corrupt a list. The ref bit is the one
 * field written without a lock: {@link #setRef} writes it only when it reads 0 (so a hot node's line is
 * not dirtied), opaque, and the lists read it opaque; a set that races with a rotation or shrink may be
 * lost or seen late, as in the kernel ("accuracy is not needed"). {@link #pushFree} reads a node's type
 * without a lock to pick the lock it needs, then re-checks under it. {@code next_steal} is written
 * without a lock (opaque): two threads sharing a CPU may overwrite each other's cursor, which only
 * changes where the next steal starts.
 *
 * <h2>Reading guide</h2>
 * The kernel's functions keep their names: {@link #popFree}, {@link #popFreeToLocal}, {@link #rotate},
 * {@link #rotateActive}, {@link #rotateInactive}, {@link #shrink}, {@link #shrinkInactive},
 * {@link #flushLocal}, {@link #stealFrom}, {@link #pushFree}. Mutants in {@code dev.maplab.lru.mutant}
 * override one protected step each: {@link #referencedForShrink}, {@link #stealFrom},
 * {@link #pushFreeCommon}, {@link #removeFromHtab}.
 */
public class BpfLru {
    private static final VarHandle BYTE = MethodHandles.arrayElementVarHandle(byte[].class);
    private static final VarHandle INT = MethodHandles.arrayElementVarHandle(int[].class);

    /** No node. */
    public static final int NONE = -1;

    /** List types ({@code enum bpf_lru_list_type}). */
    public static final byte ACTIVE = 0;
    public static final byte INACTIVE = 1;
    public static final byte FREE = 2;
    public static final byte LOCAL_FREE = 3;
    public static final byte LOCAL_PENDING = 4;
    /** Not on any list: between a steal and its push onto the stealer's pending list (never seen at rest). */
    public static final byte DETACHED = 5;

    public static final int LOCAL_FREE_TARGET = 128;
    public static final int LOCAL_NR_SCANS = LOCAL_FREE_TARGET;
    public static final int PERCPU_FREE_TARGET = 4;
    public static final int PERCPU_NR_SCANS = PERCPU_FREE_TARGET;

    /** Sentinels and per-list-set state are spaced one cache line (16 ints) apart. */
    private static final int LINE = 16;
    /** In a list set's state cell: the active count, the inactive count, the rotation cursor, the lock. */
    private static final int ST_ACTIVE_COUNT = 0;
    private static final int ST_INACTIVE_COUNT = 1;
    private static final int ST_CURSOR = 2;
    private static final int ST_LOCK = 3;
    /** In a common LRU's local cell: the lock and next_steal. */
    private static final int LOC_LOCK = 0;
    private static final int LOC_NEXT_STEAL = 1;

    /** Removes a node's element from the hash table ({@code del_from_htab}, {@code htab_lru_map_delete_node}). */
    @FunctionalInterface
    public interface Evictor {
        /**
         * Takes the bucket lock of {@code hash}, unlinks element {@code node} if it is linked there, and says
         * whether it did. Called with LRU locks held.
         */
        boolean delFromHtab(int node, int hash);
    }

    protected final int nodes;
    protected final int cpus;
    protected final boolean percpu;
    protected final int targetFree;
    protected final int nrScans;
    protected final Evictor evictor;

    protected final int[] lruNext;
    protected final int[] lruPrev;
    /** The list a node is on; written under that list's lock(s), read without one only by {@link #pushFree}. */
    protected final byte[] type;
    /** Reference bits: set lock-free by program-style lookups, cleared under the list locks. */
    protected final byte[] ref;
    protected final int[] cpu;
    protected final int[] hash;
    /** One cell of {@link #LINE} ints per list set (common: 1; per-CPU: one per CPU). */
    protected final int[] state;
    /** Common LRU: one cell of {@link #LINE} ints per CPU (lock, next_steal); null for the per-CPU LRU. */
    protected final int[] local;

    /**
     * @param nodes   the map's elements ({@code max_entries}; for the per-CPU LRU a multiple of {@code cpus})
     * @param cpus    logical CPUs ({@code num_possible_cpus()})
     * @param percpu  true for {@code BPF_F_NO_COMMON_LRU}
     * @param evictor removes an element from the hash table (may be null until {@link #populate} is not needed:
     *                the LRU never evicts before the first pop)
     */
    public BpfLru(int nodes, int cpus, boolean percpu, Evictor evictor) {
        if (nodes < 1) {
            throw Errors.badArgument("nodes", nodes, "must be at least 1");
        }
        if (cpus < 1) {
            throw Errors.badArgument("cpus", cpus, "must be at least 1");
        }
        if (percpu && nodes % cpus != 0) {
            throw Errors.badArgument("nodes", nodes, "a per-CPU LRU needs a multiple of cpus = " + cpus
                    + " (MapSpec rounds max_entries up)");
        }
        if (evictor == null) {
            throw Errors.badArgument("evictor", "null", "the LRU needs the hash table's delete callback");
        }
        this.nodes = nodes;
        this.cpus = cpus;
        this.percpu = percpu;
        this.evictor = evictor;
        int sets = percpu ? cpus : 1;
        int heads = percpu ? 3 * cpus : 3 + 2 * cpus;
        this.lruNext = new int[nodes + heads * LINE];
        this.lruPrev = new int[nodes + heads * LINE];
        for (int h = 0; h < heads; h++) {
            int s = nodes + h * LINE;
            lruNext[s] = s;
            lruPrev[s] = s;
        }
        this.type = new byte[nodes];
        this.ref = new byte[nodes];
        this.cpu = new int[nodes];
        this.hash = new int[nodes];
        this.state = new int[sets * LINE];
        for (int s = 0; s < sets; s++) {
            state[s * LINE + ST_CURSOR] = head(s, INACTIVE); // bpf_lru_list_init: next_inactive_rotation = inactive head
        }
        if (percpu) {
            this.local = null;
            this.nrScans = PERCPU_NR_SCANS;
            this.targetFree = PERCPU_FREE_TARGET;
            populatePercpu();
        } else {
            this.local = new int[cpus * LINE];
            for (int c = 0; c < cpus; c++) {
                local[c * LINE + LOC_NEXT_STEAL] = c; // bpf_lru_locallist_init: next_steal = cpu
            }
            this.nrScans = LOCAL_NR_SCANS;
            // d4adf1c9ee77 (v6.16): target_free = clamp((nr_elems / num_possible_cpus()) / 2, 1, LOCAL_FREE_TARGET)
            this.targetFree = targetFree(nodes, cpus);
            populateCommon();
        }
        VarHandle.releaseFence(); // the lists are published with the map (final fields)
    }

    /** The common LRU's refill batch for {@code nodes} elements and {@code cpus} CPUs (kernel v6.16+). */
    public static int targetFree(int nodes, int cpus) {
        return Math.max(1, Math.min(LOCAL_FREE_TARGET, (nodes / cpus) / 2));
    }

    /** {@code bpf_common_lru_populate}: every node onto the global free list, node 0 first (so it ends at the tail). */
    private void populateCommon() {
        int free = head(0, FREE);
        for (int n = 0; n < nodes; n++) {
            type[n] = FREE;
            listAdd(n, free);
        }
    }

    /** {@code bpf_percpu_lru_populate}: CPU c gets nodes {@code [c * share, (c + 1) * share)}. */
    private void populatePercpu() {
        int share = nodes / cpus;
        for (int n = 0; n < nodes; n++) {
            int c = n / share;
            cpu[n] = c;
            type[n] = FREE;
            listAdd(n, head(c, FREE));
        }
    }

    // =============================================================================================
    // Heads, locks and list primitives (list.h)
    // =============================================================================================

    /** The sentinel of list {@code t} (ACTIVE, INACTIVE or FREE) of list set {@code set} (common: 0; per-CPU: the CPU). */
    protected final int head(int set, int t) {
        return nodes + (percpu ? 3 * set + t : t) * LINE;
    }

    /** The sentinel of CPU {@code c}'s local list {@code t} (LOCAL_FREE or LOCAL_PENDING), common LRU. */
    protected final int localHead(int c, int t) {
        return nodes + (3 + 2 * c + (t - LOCAL_FREE)) * LINE;
    }

    protected final void lockList(int set) {
        SpinLock.lock(state, set * LINE + ST_LOCK);
    }

    protected final void unlockList(int set) {
        SpinLock.unlock(state, set * LINE + ST_LOCK);
    }

    protected final void lockLocal(int c) {
        SpinLock.lock(local, c * LINE + LOC_LOCK);
    }

    protected final void unlockLocal(int c) {
        SpinLock.unlock(local, c * LINE + LOC_LOCK);
    }

    /** {@code list_add}: {@code n} becomes the first entry after {@code h}. */
    protected final void listAdd(int n, int h) {
        int first = lruNext[h];
        lruNext[n] = first;
        lruPrev[n] = h;
        lruPrev[first] = n;
        lruNext[h] = n;
    }

    /** {@code list_del}: unlinks {@code n}; its own links are left as they were. */
    protected final void listDel(int n) {
        int p = lruPrev[n];
        int q = lruNext[n];
        lruNext[p] = q;
        lruPrev[q] = p;
    }

    /** {@code list_move}: from wherever {@code n} is to the head of {@code h}. */
    protected final void listMove(int n, int h) {
        listDel(n);
        listAdd(n, h);
    }

    protected final boolean listEmpty(int h) {
        return lruNext[h] == h;
    }

    /** The list type, written under the list lock(s): opaque so that {@link #pushFree}'s unlocked peek reads a fresh value. */
    protected final void spType(int n, byte t) {
        BYTE.setOpaque(type, n, t);
    }

    /** {@code READ_ONCE(node->type)}: opaque; pairs with {@link #spType}; a stale value is re-checked under the lock. */
    protected final byte lvType(int n) {
        return (byte) BYTE.getOpaque(type, n);
    }

    /** {@code bpf_lru_node_is_ref}: {@code READ_ONCE(node->ref)}, opaque: pairs with the lock-free store of {@link #setRef}. */
    public final boolean isRef(int n) {
        return (byte) BYTE.getOpaque(ref, n) != 0;
    }

    /** {@code bpf_lru_node_clear_ref}: {@code WRITE_ONCE(node->ref, 0)}, opaque (under a list lock; a lookup may race). */
    protected final void clearRef(int n) {
        BYTE.setOpaque(ref, n, (byte) 0);
    }

    /**
     * {@code bpf_lru_node_set_ref}: what a program-style lookup does to the element it found. Writes only when
     * the bit reads 0, so that a hot node's cache line stays clean; opaque (pairs with {@link #isRef}), no lock:
     * a set racing with a rotation may be lost, as in the kernel.
     */
    public final void setRef(int n) {
        if ((byte) BYTE.getOpaque(ref, n) == 0) {
            BYTE.setOpaque(ref, n, (byte) 1);
        }
    }

    // =============================================================================================
    // Node moves within one list set (caller holds the set's lock)
    // =============================================================================================

    private void countInc(int set, int t) {
        if (t == ACTIVE || t == INACTIVE) {
            state[set * LINE + (t == ACTIVE ? ST_ACTIVE_COUNT : ST_INACTIVE_COUNT)]++;
        }
    }

    private void countDec(int set, int t) {
        if (t == ACTIVE || t == INACTIVE) {
            state[set * LINE + (t == ACTIVE ? ST_ACTIVE_COUNT : ST_INACTIVE_COUNT)]--;
        }
    }

    /** If {@code n} is the set's rotation cursor, the cursor steps to its newer neighbour before {@code n} moves. */
    private void stepCursorOff(int set, int n) {
        int at = set * LINE + ST_CURSOR;
        if (state[at] == n) {
            state[at] = lruPrev[n];
        }
    }

    /** {@code __bpf_lru_node_move_to_free}: a global node (or a free one) to a free list; the ref bit is left as it is. */
    protected final void moveToFree(int set, int n, int freeHead, byte freeType) {
        stepCursorOff(set, n);
        countDec(set, type[n]);
        spType(n, freeType);
        listMove(n, freeHead);
    }

    /** {@code __bpf_lru_node_move_in}: a local (pending) node into the global list {@code t}, ref bit cleared. */
    protected final void moveIn(int set, int n, byte t) {
        countInc(set, t);
        spType(n, t);
        clearRef(n);
        listMove(n, head(set, t));
    }

    /** {@code __bpf_lru_node_move}: between or within ACTIVE, INACTIVE and FREE; ref bit cleared. */
    protected final void move(int set, int n, byte t) {
        byte from = type[n];
        if (from != t) {
            countDec(set, from);
            countInc(set, t);
            spType(n, t);
        }
        clearRef(n);
        stepCursorOff(set, n);
        listMove(n, head(set, t));
    }

    // =============================================================================================
    // Rotation and shrinking (caller holds the set's lock)
    // =============================================================================================

    /** {@code __bpf_lru_list_rotate}: the active list if the inactive one is smaller, then always the inactive list. */
    protected void rotate(int set) {
        if (state[set * LINE + ST_INACTIVE_COUNT] < state[set * LINE + ST_ACTIVE_COUNT]) {
            rotateActive(set);
        }
        rotateInactive(set);
    }

    /**
     * {@code __bpf_lru_list_rotate_active}: from the tail, at most {@code nr_scans} nodes and not past the
     * original first node: referenced nodes back to the active head (ref cleared), others to the inactive head.
     */
    protected void rotateActive(int set) {
        int active = head(set, ACTIVE);
        int first = lruNext[active];
        int i = 0;
        for (int n = lruPrev[active], tmp; n != active; n = tmp) {
            tmp = lruPrev[n];
            move(set, n, isRef(n) ? ACTIVE : INACTIVE);
            if (++i == nrScans || n == first) {
                break;
            }
        }
    }

    /**
     * {@code __bpf_lru_list_rotate_inactive}: from the saved cursor toward newer nodes, wrapping at the head,
     * at most {@code nr_scans} nodes: referenced nodes move to the active head, the others stay; the cursor
     * is saved for the next rotation.
     */
    protected void rotateInactive(int set) {
        int inactive = head(set, INACTIVE);
        if (listEmpty(inactive)) {
            return;
        }
        int at = set * LINE + ST_CURSOR;
        int cursor = state[at];
        int last = lruNext[cursor];
        if (last == inactive) {
            last = lruNext[last];
        }
        int cur = cursor;
        int nxt = inactive;
        int i = 0;
        while (i < nrScans) {
            if (cur == inactive) {
                cur = lruPrev[cur];
                continue;
            }
            nxt = lruPrev[cur];
            if (isRef(cur)) {
                move(set, cur, ACTIVE);
            }
            if (cur == last) {
                break;
            }
            cur = nxt;
            i++;
        }
        state[at] = nxt;
    }

    /**
     * Whether the shrink treats {@code n} as referenced (moves it to the active list instead of evicting it).
     * The production answer is the ref bit; a mutant ignores it.
     */
    protected boolean referencedForShrink(int n) {
        return isRef(n);
    }

    /** Removes {@code n}'s element from the hash table through the {@link Evictor}; false when it is not linked. */
    protected boolean removeFromHtab(int n) {
        return evictor.delFromHtab(n, hash[n]);
    }

    /**
     * {@code __bpf_lru_list_shrink_inactive}: from the inactive tail, at most {@code nr_scans} nodes: referenced
     * ones to the active list; unreferenced ones are evicted and moved to {@code freeHead} until {@code
     * want} are freed. Returns the number freed.
     */
    protected int shrinkInactive(int set, int want, int freeHead, byte freeType) {
        int inactive = head(set, INACTIVE);
        int shrunk = 0;
        int i = 0;
        for (int n = lruPrev[inactive], tmp; n != inactive; n = tmp) {
            tmp = lruPrev[n];
            if (referencedForShrink(n)) {
                move(set, n, ACTIVE);
            } else if (removeFromHtab(n)) {
                moveToFree(set, n, freeHead, freeType);
                if (++shrunk == want) {
                    break;
                }
            }
            if (++i == nrScans) {
                break;
            }
        }
        return shrunk;
    }

    /**
     * {@code __bpf_lru_list_shrink}: {@link #shrinkInactive}; if that freed nothing, force-shrink: the first
     * node from the tail of the inactive list (of the active list if the inactive one is empty) whose element
     * can be removed, ref bit ignored. Returns the number freed.
     */
    protected int shrink(int set, int want, int freeHead, byte freeType) {
        int shrunk = shrinkInactive(set, want, freeHead, freeType);
        if (shrunk > 0) {
            return shrunk;
        }
        int inactive = head(set, INACTIVE);
        int force = listEmpty(inactive) ? head(set, ACTIVE) : inactive;
        for (int n = lruPrev[force], tmp; n != force; n = tmp) {
            tmp = lruPrev[n];
            if (removeFromHtab(n)) {
                moveToFree(set, n, freeHead, freeType);
                return 1;
            }
        }
        return 0;
    }

    // =============================================================================================
    // Acquiring a node
    // =============================================================================================

    /**
     * {@code bpf_lru_pop_free}: a free node for a new element whose hash is {@code h}, on the calling thread's
     * logical CPU; may evict other elements. {@link #NONE} when no node can be had (the update then answers
     * {@code -ENOMEM}).
     */
    public int popFree(int h) {
        int c = LogicalCpu.current(cpus);
        return percpu ? popFreePercpu(c, h) : popFreeCommon(c, h);
    }

    /** {@code bpf_percpu_lru_pop_free}. */
    protected int popFreePercpu(int c, int h) {
        lockList(c);
        try {
            rotate(c);
            int free = head(c, FREE);
            if (listEmpty(free)) {
                shrink(c, PERCPU_FREE_TARGET, free, FREE);
            }
            if (listEmpty(free)) {
                return NONE;
            }
            int n = lruNext[free];
            hash[n] = h;
            clearRef(n);
            move(c, n, INACTIVE);
            return n;
        } finally {
            unlockList(c);
        }
    }

    /** {@code bpf_common_lru_pop_free}. */
    protected int popFreeCommon(int c, int h) {
        int n;
        lockLocal(c);
        try {
            n = localPopFree(c);
            if (n == NONE) {
                popFreeToLocal(c);
                n = localPopFree(c);
            }
            if (n != NONE) {
                addPending(c, n, h);
            }
        } finally {
            unlockLocal(c);
        }
        if (n != NONE) {
            return n;
        }
        // Nothing locally nor globally: steal round-robin from every CPU's local lists, this one included.
        int at = c * LINE + LOC_NEXT_STEAL;
        // next_steal: opaque, this CPU's own cursor (another thread on the same logical CPU may race: harmless).
        int first = (int) INT.getOpaque(local, at);
        int steal = first;
        do {
            n = stealFrom(steal);
            steal = steal + 1 == cpus ? 0 : steal + 1;
        } while (n == NONE && steal != first);
        INT.setOpaque(local, at, steal);
        if (n != NONE) {
            lockLocal(c);
            addPending(c, n, h);
            unlockLocal(c);
        }
        return n;
    }

    /** {@code __local_list_pop_free}: the first node of CPU {@code c}'s local free list (caller holds its lock). */
    protected final int localPopFree(int c) {
        int h = localHead(c, LOCAL_FREE);
        int n = lruNext[h];
        if (n == h) {
            return NONE;
        }
        listDel(n);
        spType(n, DETACHED);
        return n;
    }

    /** {@code __local_list_pop_pending}: from the tail, first unreferenced nodes, then any; the element must be removable. */
    protected final int localPopPending(int c) {
        int h = localHead(c, LOCAL_PENDING);
        for (int pass = 0; pass < 2; pass++) {
            boolean force = pass == 1;
            for (int n = lruPrev[h]; n != h; n = lruPrev[n]) {
                if ((force || !isRef(n)) && removeFromHtab(n)) {
                    listDel(n);
                    spType(n, DETACHED);
                    return n;
                }
            }
        }
        return NONE;
    }

    /**
     * One step of the steal loop: CPU {@code victim}'s local free list, else its pending list (evicting),
     * under the victim's local lock.
     */
    protected int stealFrom(int victim) {
        lockLocal(victim);
        try {
            int n = localPopFree(victim);
            return n != NONE ? n : localPopPending(victim);
        } finally {
            unlockLocal(victim);
        }
    }

    /** {@code __local_list_add_pending}: records hash and owner, ref cleared, to the head of {@code c}'s pending list. */
    protected final void addPending(int c, int n, int h) {
        hash[n] = h;
        cpu[n] = c;
        spType(n, LOCAL_PENDING);
        clearRef(n);
        listAdd(n, localHead(c, LOCAL_PENDING));
    }

    /**
     * {@code bpf_lru_list_pop_free_to_local}, with CPU {@code c}'s local lock held: under the global lock,
     * flush {@code c}'s pending list, rotate, move up to {@code target_free} global free nodes to {@code c}'s
     * local free list, and shrink for the shortfall.
     */
    protected void popFreeToLocal(int c) {
        lockList(0);
        try {
            flushLocal(c);
            rotate(0);
            int localFree = localHead(c, LOCAL_FREE);
            int free = head(0, FREE);
            int got = 0;
            for (int n = lruNext[free], tmp; n != free; n = tmp) {
                tmp = lruNext[n];
                moveToFree(0, n, localFree, LOCAL_FREE);
                if (++got == targetFree) {
                    break;
                }
            }
            if (got < targetFree) {
                shrink(0, targetFree - got, localFree, LOCAL_FREE);
            }
        } finally {
            unlockList(0);
        }
    }

    /** {@code __local_list_flush}: oldest first, referenced nodes to the active head, the others to the inactive head. */
    protected final void flushLocal(int c) {
        int h = localHead(c, LOCAL_PENDING);
        for (int n = lruPrev[h], tmp; n != h; n = tmp) {
            tmp = lruPrev[n];
            moveIn(0, n, isRef(n) ? ACTIVE : INACTIVE);
        }
    }

    // =============================================================================================
    // Freeing a node
    // =============================================================================================

    /**
     * {@code bpf_lru_push_free}: node {@code n}, whose element is no longer in the hash table (deleted,
     * replaced, or never linked because the update failed), becomes free again.
     */
    public void pushFree(int n) {
        if (percpu) {
            pushFreePercpu(n);
        } else {
            pushFreeCommon(n);
        }
    }

    /** {@code bpf_percpu_lru_push_free}: to the free list of the node's CPU. */
    protected void pushFreePercpu(int n) {
        int c = cpu[n];
        lockList(c);
        try {
            move(c, n, FREE);
        } finally {
            unlockList(c);
        }
    }

    /**
     * {@code bpf_common_lru_push_free}: a pending node back to its owner CPU's local free list (type checked
     * again under the owner's lock: the owner's refill may have flushed it meanwhile); any other to the
     * global free list.
     */
    protected void pushFreeCommon(int n) {
        if (lvType(n) == LOCAL_PENDING) {
            // node->cpu was written before the element was linked; the bucket lock orders it before this read.
            int owner = cpu[n];
            lockLocal(owner);
            try {
                if (type[n] == LOCAL_PENDING) {
                    spType(n, LOCAL_FREE);
                    clearRef(n);
                    listMove(n, localHead(owner, LOCAL_FREE));
                    return;
                }
            } finally {
                unlockLocal(owner);
            }
        }
        pushFreeGlobal(n);
    }

    /** {@code bpf_lru_list_push_free}: an active or inactive node to the global free list. */
    protected final void pushFreeGlobal(int n) {
        lockList(0);
        try {
            move(0, n, FREE);
        } finally {
            unlockList(0);
        }
    }

    // =============================================================================================
    // Introspection (tests, invariants, studies)
    // =============================================================================================

    public int nodes() {
        return nodes;
    }

    public int cpus() {
        return cpus;
    }

    public boolean isPercpu() {
        return percpu;
    }

    /** The refill batch (common) or the shrink batch (per-CPU, 4). */
    public int targetFree() {
        return targetFree;
    }

    public int nrScans() {
        return nrScans;
    }

    /** The list type of node {@code n} (a snapshot; exact when quiescent). */
    public byte typeOf(int n) {
        return lvType(n);
    }

    /** The CPU recorded in node {@code n} (owner of a pending node; a per-CPU LRU node's CPU). */
    public int cpuOf(int n) {
        return cpu[n];
    }

    /** Name of a list type, for messages. */
    public static String typeName(int t) {
        switch (t) {
            case ACTIVE: return "ACTIVE";
            case INACTIVE: return "INACTIVE";
            case FREE: return "FREE";
            case LOCAL_FREE: return "LOCAL_FREE";
            case LOCAL_PENDING: return "LOCAL_PENDING";
            case DETACHED: return "DETACHED";
            default: return "type " + t;
        }
    }

    /**
     * The nodes of one list, head (newest) first, taken under its lock. {@code set}: the CPU for per-CPU
     * lists and for LOCAL_FREE / LOCAL_PENDING; 0 for the common global lists.
     */
    public int[] listNodes(int set, byte t) {
        boolean isLocal = t == LOCAL_FREE || t == LOCAL_PENDING;
        if (isLocal && percpu) {
            throw Errors.badArgument("t", typeName(t), "a per-CPU LRU has no local lists");
        }
        int h = isLocal ? localHead(set, t) : head(set, t);
        if (isLocal) {
            lockLocal(set);
        } else {
            lockList(set);
        }
        try {
            int n = 0;
            for (int x = lruNext[h]; x != h && n <= nodes; x = lruNext[x]) {
                n++;
            }
            int[] out = new int[Math.min(n, nodes)];
            int i = 0;
            for (int x = lruNext[h]; x != h && i < out.length; x = lruNext[x]) {
                out[i++] = x;
            }
            return out;
        } finally {
            if (isLocal) {
                unlockLocal(set);
            } else {
                unlockList(set);
            }
        }
    }

    /** The active or inactive count kept by list set {@code set} (what the rotation compares). */
    public int count(int set, byte t) {
        if (t != ACTIVE && t != INACTIVE) {
            throw Errors.badArgument("t", typeName(t), "only ACTIVE and INACTIVE are counted");
        }
        lockList(set);
        try {
            return state[set * LINE + (t == ACTIVE ? ST_ACTIVE_COUNT : ST_INACTIVE_COUNT)];
        } finally {
            unlockList(set);
        }
    }

    /** Nodes on free lists (global or per-CPU FREE, and LOCAL_FREE), all CPUs. */
    public int freeNodes() {
        int n = 0;
        if (percpu) {
            for (int c = 0; c < cpus; c++) {
                n += listNodes(c, FREE).length;
            }
        } else {
            n += listNodes(0, FREE).length;
            for (int c = 0; c < cpus; c++) {
                n += listNodes(c, LOCAL_FREE).length;
            }
        }
        return n;
    }

    /**
     * Checks the lists' structure with every LRU lock held (locals first, then the global list, the order a
     * pop takes them): each list is a consistent circular list whose nodes carry its type (and, for a pending
     * list or a per-CPU list, its CPU); every node is on exactly one list; the active and inactive counts are
     * right; the rotation cursor is the inactive head or an inactive node. Returns null when all holds, else
     * what is wrong. Exact only when no operation is in flight (a stolen node is briefly on no list).
     */
    public String checkStructure() {
        lockAll();
        try {
            int[] seen = new int[nodes];
            StringBuilder err = new StringBuilder();
            int sets = percpu ? cpus : 1;
            for (int s = 0; s < sets; s++) {
                for (byte t = ACTIVE; t <= FREE; t++) {
                    int len = walk(head(s, t), t, percpu ? s : -1, seen, err);
                    if (t != FREE && len >= 0 && state[s * LINE + (t == ACTIVE ? ST_ACTIVE_COUNT : ST_INACTIVE_COUNT)] != len) {
                        err.append(typeName(t)).append(" count of set ").append(s).append(" = ")
                                .append(state[s * LINE + (t == ACTIVE ? ST_ACTIVE_COUNT : ST_INACTIVE_COUNT)])
                                .append(" but the list holds ").append(len).append("; ");
                    }
                }
                int cursor = state[s * LINE + ST_CURSOR];
                if (cursor != head(s, INACTIVE) && (cursor < 0 || cursor >= nodes || type[cursor] != INACTIVE)) {
                    err.append("rotation cursor of set ").append(s).append(" = ").append(cursor)
                            .append(" is neither the inactive head nor an inactive node; ");
                }
            }
            if (!percpu) {
                for (int c = 0; c < cpus; c++) {
                    walk(localHead(c, LOCAL_FREE), LOCAL_FREE, -1, seen, err);
                    walk(localHead(c, LOCAL_PENDING), LOCAL_PENDING, c, seen, err);
                }
            }
            for (int n = 0; n < nodes; n++) {
                if (seen[n] != 1) {
                    err.append("node ").append(n).append(" (").append(typeName(type[n])).append(") is on ")
                            .append(seen[n]).append(" lists; ");
                }
            }
            return err.length() == 0 ? null : err.toString();
        } finally {
            unlockAll();
        }
    }

    private int walk(int h, byte t, int owner, int[] seen, StringBuilder err) {
        int len = 0;
        int p = h;
        for (int x = lruNext[h]; x != h; x = lruNext[x]) {
            if (x < 0 || x >= nodes) {
                err.append(typeName(t)).append(" list reaches ").append(x).append(" (not a node); ");
                return -1;
            }
            if (lruPrev[x] != p) {
                err.append("node ").append(x).append(" on ").append(typeName(t)).append(": prev ").append(lruPrev[x])
                        .append(" but reached from ").append(p).append("; ");
            }
            if (type[x] != t) {
                err.append("node ").append(x).append(" on the ").append(typeName(t)).append(" list has type ")
                        .append(typeName(type[x])).append("; ");
            }
            if (owner >= 0 && cpu[x] != owner) {
                err.append("node ").append(x).append(" on CPU ").append(owner).append("'s ").append(typeName(t))
                        .append(" list records CPU ").append(cpu[x]).append("; ");
            }
            if (++seen[x] > 1 || ++len > nodes) {
                err.append("the ").append(typeName(t)).append(" list revisits node ").append(x).append(" (a cycle or a node on two lists); ");
                return -1;
            }
            p = x;
        }
        if (lruPrev[h] != p) {
            err.append("the ").append(typeName(t)).append(" head's prev is ").append(lruPrev[h]).append(", the last node is ").append(p).append("; ");
        }
        return len;
    }

    /** Takes every LRU lock (local locks in CPU order, then the list locks in CPU order). */
    protected final void lockAll() {
        if (!percpu) {
            for (int c = 0; c < cpus; c++) {
                lockLocal(c);
            }
        }
        for (int s = 0; s < (percpu ? cpus : 1); s++) {
            lockList(s);
        }
    }

    protected final void unlockAll() {
        for (int s = (percpu ? cpus : 1) - 1; s >= 0; s--) {
            unlockList(s);
        }
        if (!percpu) {
            for (int c = cpus - 1; c >= 0; c--) {
                unlockLocal(c);
            }
        }
    }

    @Override
    public String toString() {
        return (percpu ? "per-CPU LRU" : "common LRU") + "{nodes=" + nodes + ", cpus=" + cpus + ", target_free="
                + targetFree + ", nr_scans=" + nrScans + "}";
    }
}
