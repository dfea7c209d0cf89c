package dev.maplab.mapinmap;

import dev.maplab.api.BpfMap;
import dev.maplab.api.Errors;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The two ways user space names a map, as far as map-in-map needs them: <b>file descriptors</b> (what
 * {@code BPF_MAP_UPDATE_ELEM} on an outer map is given as the value) and <b>map IDs</b> (what
 * {@code BPF_MAP_LOOKUP_ELEM} on an outer map returns: the kernel's global {@code map_idr}).
 *
 * <p>{@link #open} installs a map under a new fd ({@code 3, 4, ...}, like a process's table after stdin,
 * stdout and stderr); {@link #id} gives a map its ID on first use (1, 2, ...; never reused, as the
 * kernel's cyclic IDR effectively does not reuse them). {@link #byId} is lock-free: a HASH_OF_MAPS stores
 * the inner map's ID in its element, where the kernel stores the map pointer, and its program-side lookup
 * turns the ID back into the map here ({@code id -> map} is the kit's "pointer", an index into a table
 * of objects, as element links are int indices elsewhere in the kit).
 *
 * <p>A registered map stays registered as long as the registry lives: the kernel frees a map when its
 * last reference (fd, outer map slot, program) goes; in Java the garbage collector does that once the
 * registry and every holder are gone. {@link #close} removes an fd only.
 */
public final class MapRegistry {
    /** {@code -EBADF}: an fd that names no open map. */
    public static final int EBADF = dev.maplab.api.Errno.EBADF;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(BpfMap[].class);
    private static final VarHandle TABLE;

    static {
        try {
            TABLE = MethodHandles.lookup().findVarHandle(MapRegistry.class, "table", BpfMap[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object lock = new Object();
    /** id -> map (index 0 unused). Accessed through {@link #TABLE}; grown by copy under {@link #lock}. */
    private BpfMap[] table = new BpfMap[16];
    private final Map<BpfMap, Integer> ids = new IdentityHashMap<>();
    private final Map<Integer, BpfMap> fds = new HashMap<>();
    private int nextId = 1;
    private int nextFd = 3;

    /** Installs {@code map} under a new fd (registering its ID too) and returns the fd. */
    public int open(BpfMap map) {
        if (map == null) {
            throw Errors.badArgument("map", "null", "a map to open");
        }
        synchronized (lock) {
            idLocked(map);
            int fd = nextFd++;
            fds.put(fd, map);
            return fd;
        }
    }

    /** The map open under {@code fd}, or null ({@code -EBADF} for the caller). */
    public BpfMap get(int fd) {
        synchronized (lock) {
            return fds.get(fd);
        }
    }

    /** Closes {@code fd}; true when it was open. The map keeps its ID. */
    public boolean close(int fd) {
        synchronized (lock) {
            return fds.remove(fd) != null;
        }
    }

    /** The map's ID, given on first use. */
    public int id(BpfMap map) {
        if (map == null) {
            throw Errors.badArgument("map", "null", "a map");
        }
        synchronized (lock) {
            return idLocked(map);
        }
    }

    private int idLocked(BpfMap map) {
        Integer id = ids.get(map);
        if (id != null) {
            return id;
        }
        int fresh = nextId++;
        BpfMap[] t = table;
        if (fresh >= t.length) {
            BpfMap[] grown = java.util.Arrays.copyOf(t, t.length * 2);
            grown[fresh] = map;
            // Release: the copied slots and the new one are visible to a reader that loads the new table.
            TABLE.setRelease(this, grown);
        } else {
            // Release: pairs with the acquire load of the slot in byId().
            SLOT.setRelease(t, fresh, map);
        }
        ids.put(map, fresh);
        return fresh;
    }

    /** The map with ID {@code id}, or null. Lock-free: acquire loads pair with the releases in {@link #id}. */
    public BpfMap byId(long id) {
        BpfMap[] t = (BpfMap[]) TABLE.getAcquire(this);
        if (id <= 0 || id >= t.length) {
            return null;
        }
        return (BpfMap) SLOT.getAcquire(t, (int) id);
    }
}
