package dev.maplab.mapinmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.maplab.api.BatchResult;
import dev.maplab.api.BpfMap;
import dev.maplab.api.Errno;
import dev.maplab.api.MapFlags;
import dev.maplab.api.MapSpec;
import dev.maplab.api.MapType;
import dev.maplab.api.UpdateFlags;
import dev.maplab.hash.HashTable;
import dev.maplab.lpm.LpmTrie;
import dev.maplab.mapinmap.mutant.MismatchedInnerArrayOfMaps;
import dev.maplab.queue.QueueMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The map-in-map cases of the kernel's selftests (kernel-selftests.md §5: M-01, M-02, M-03 with the
 * holes variant) on {@link ArrayOfMaps} and {@link HashOfMaps}, the template rule
 * ({@code map_meta_equal}), and what replacement does to a program that already holds an inner map.
 */
class MapInMapSelftestsTest {

    static byte[] u32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static int u32(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    /** An int -> int HASH of {@code maxEntries} (the M-01 inner map). */
    static HashTable intHash(int maxEntries) {
        return HashTable.kernel(MapSpec.builder(MapType.HASH).keySize(4).valueSize(4).maxEntries(maxEntries).build());
    }

    static ArrayOfMaps arrayOfMaps(int maxEntries, BpfMap template, MapRegistry reg) {
        return new ArrayOfMaps(MapSpec.builder(MapType.ARRAY_OF_MAPS).keySize(4).valueSize(4).maxEntries(maxEntries).build(),
                template, reg);
    }

    static HashOfMaps hashOfMaps(int keySize, int maxEntries, BpfMap template, MapRegistry reg) {
        return new HashOfMaps(MapSpec.builder(MapType.HASH_OF_MAPS).keySize(keySize).valueSize(4).maxEntries(maxEntries).build(),
                template, reg);
    }

    @Test
    @DisplayName("M-01 test_map_in_map: an int->int HASH template; update(outer, 0, inner fd) -> 0 for both outer types")
    void m01UpdateWithInnerFd() {
        MapRegistry reg = new MapRegistry();
        HashTable inner = intHash(2);
        int fd = reg.open(inner);
        ArrayOfMaps aom = arrayOfMaps(1, inner, reg);
        HashOfMaps hom = hashOfMaps(4, 1, inner, reg);
        assertEquals(0, aom.update(u32(0), u32(fd), UpdateFlags.ANY));
        assertEquals(0, hom.update(u32(0), u32(fd), UpdateFlags.ANY));
        assertSame(inner, aom.lookupMap(0));
        assertSame(inner, hom.lookupMap(u32(0)));
    }

    @Test
    @DisplayName("M-02 creation: value_size must be 4, key_size 4 for arrays, a template is required, one nesting level")
    void m02CreationRules() {
        MapRegistry reg = new MapRegistry();
        HashTable inner = intHash(2);
        assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(MapType.ARRAY_OF_MAPS).keySize(4).valueSize(8).maxEntries(4).build());
        assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(MapType.HASH_OF_MAPS).keySize(4).valueSize(8).maxEntries(4).build());
        assertThrows(IllegalArgumentException.class,
                () -> MapSpec.builder(MapType.ARRAY_OF_MAPS).keySize(8).valueSize(4).maxEntries(4).build());
        assertThrows(IllegalArgumentException.class, () -> arrayOfMaps(4, null, reg));
        ArrayOfMaps outer = arrayOfMaps(4, inner, reg);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arrayOfMaps(4, outer, reg));
        assertTrue(e.getMessage().contains("one level"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> hashOfMaps(4, 4, hashOfMaps(4, 4, inner, reg), reg));
    }

    @Test
    @DisplayName("M-02 the template: same type and sizes accepted (a HASH of other max_entries too); other value size or type -EINVAL")
    void m02TemplateMatching() {
        MapRegistry reg = new MapRegistry();
        HashTable template = intHash(2);
        ArrayOfMaps aom = arrayOfMaps(4, template, reg);
        HashOfMaps hom = hashOfMaps(4, 4, template, reg);
        int sameShape = reg.open(intHash(2));
        int moreEntries = reg.open(intHash(64));
        int otherValue = reg.open(HashTable.kernel(MapSpec.builder(MapType.HASH).keySize(4).valueSize(8).maxEntries(2).build()));
        int otherType = reg.open(QueueMap.ofLongs(2));
        int otherFlags = reg.open(HashTable.kernel(MapSpec.builder(MapType.HASH).keySize(4).valueSize(4).maxEntries(2)
                .flags(MapFlags.ZERO_SEED).build()));
        for (BpfMap outer : List.of(aom, hom)) {
            assertEquals(0, outer.update(u32(0), u32(sameShape), UpdateFlags.ANY), outer.toString());
            assertEquals(0, outer.update(u32(1), u32(moreEntries), UpdateFlags.ANY), "a HASH inner may have other max_entries");
            assertEquals(-Errno.EINVAL, outer.update(u32(2), u32(otherValue), UpdateFlags.ANY), "other value size");
            assertEquals(-Errno.EINVAL, outer.update(u32(2), u32(otherType), UpdateFlags.ANY), "other type");
            assertEquals(-Errno.EINVAL, outer.update(u32(2), u32(otherFlags), UpdateFlags.ANY), "other map flags");
            assertEquals(-MapRegistry.EBADF, outer.update(u32(2), u32(999), UpdateFlags.ANY), "a bad fd");
        }
        assertEquals("value size 8 != 4", aom.meta().mismatch(reg.get(otherValue)));
    }

    @Test
    @DisplayName("M-02 the template: an ARRAY inner map must also have the template's max_entries (unless BPF_F_INNER_MAP)")
    void m02ArrayTemplateChecksMaxEntries() {
        MapRegistry reg = new MapRegistry();
        LpmTrie lpm = LpmTrie.create(4, 8, 16);
        ArrayOfMaps outer = arrayOfMaps(4, lpm, reg);
        assertEquals(0, outer.updateMap(0, LpmTrie.create(4, 8, 1000), UpdateFlags.ANY), "an LPM inner map: max_entries free");
        InnerMapMeta meta = InnerMapMeta.of(lpm);
        assertNull(meta.mismatch(LpmTrie.create(4, 8, 3)));
        assertTrue(meta.mismatch(LpmTrie.create(16, 8, 16)).startsWith("key size"));
    }

    /** A stand-in ARRAY map (only its spec matters to the template rule). */
    static BpfMap arrayStub(int maxEntries, int flags) {
        MapSpec spec = MapSpec.builder(MapType.ARRAY).keySize(4).valueSize(4).maxEntries(maxEntries).flags(flags).build();
        return new BpfMap() {
            @Override
            public MapSpec spec() {
                return spec;
            }

            @Override
            public java.util.Set<dev.maplab.api.MapOperation> operations() {
                return java.util.EnumSet.noneOf(dev.maplab.api.MapOperation.class);
            }
        };
    }

    @Test
    @DisplayName("M-02 the template: ARRAY inner maps must match max_entries too (array_map_meta_equal), unless BPF_F_INNER_MAP")
    void m02ArrayInnerMapsMatchMaxEntries() {
        InnerMapMeta meta = InnerMapMeta.of(arrayStub(8, 0));
        assertNull(meta.mismatch(arrayStub(8, 0)));
        assertEquals("max_entries 9 != 8 (an array template without BPF_F_INNER_MAP)", meta.mismatch(arrayStub(9, 0)));
        BpfMap innerMapTemplate;
        try {
            innerMapTemplate = arrayStub(8, InnerMapMeta.F_INNER_MAP);
        } catch (IllegalArgumentException e) {
            org.junit.jupiter.api.Assumptions.abort("MapSpec does not accept BPF_F_INNER_MAP on ARRAY: " + e.getMessage());
            return;
        }
        InnerMapMeta free = InnerMapMeta.of(innerMapTemplate);
        assertNull(free.mismatch(arrayStub(9, InnerMapMeta.F_INNER_MAP)), "BPF_F_INNER_MAP: any max_entries");
    }

    @Test
    @DisplayName("M-02 ARRAY_OF_MAPS: only BPF_ANY; empty and out-of-range lookups -ENOENT; delete supported; get_next_key(NULL) 0")
    void m02ArrayOfMapsRules() {
        MapRegistry reg = new MapRegistry();
        HashTable inner = intHash(2);
        int fd = reg.open(inner);
        ArrayOfMaps aom = arrayOfMaps(4, inner, reg);
        byte[] out = new byte[4];
        assertEquals(-Errno.EINVAL, aom.update(u32(0), u32(fd), UpdateFlags.NOEXIST));
        assertEquals(-Errno.EINVAL, aom.update(u32(0), u32(fd), UpdateFlags.EXIST));
        assertEquals(-Errno.E2BIG, aom.update(u32(4), u32(fd), UpdateFlags.ANY));
        assertEquals(-Errno.ENOENT, aom.lookup(u32(0), out), "empty slot");
        assertEquals(-Errno.ENOENT, aom.lookup(u32(9), out), "out of range");
        assertEquals(0, aom.update(u32(0), u32(fd), UpdateFlags.ANY));
        assertEquals(0, aom.lookup(u32(0), out));
        assertEquals(reg.id(inner), u32(out), "the syscall lookup returns the inner map's ID, not an fd");
        assertEquals(0, aom.delete(u32(0)));
        assertEquals(-Errno.ENOENT, aom.lookup(u32(0), out));
        assertEquals(-Errno.ENOENT, aom.delete(u32(0)), "a second delete");
        assertEquals(-Errno.E2BIG, aom.delete(u32(4)));
        assertEquals(0, aom.getNextKey(null, out));
        assertEquals(0, u32(out));
        assertEquals(0, aom.getNextKey(u32(2), out));
        assertEquals(3, u32(out));
        assertEquals(-Errno.ENOENT, aom.getNextKey(u32(3), out));
        assertEquals(-Errno.ENOTSUPP, aom.lookupAndDelete(u32(0), out));
    }

    @Test
    @DisplayName("M-02 HASH_OF_MAPS: the hash flag rules (EEXIST, ENOENT, E2BIG); lookup_and_delete -ENOTSUPP")
    void m02HashOfMapsRules() {
        MapRegistry reg = new MapRegistry();
        HashTable inner = intHash(2);
        int fd = reg.open(inner);
        HashOfMaps hom = hashOfMaps(4, 2, inner, reg);
        byte[] out = new byte[4];
        assertEquals(-Errno.ENOENT, hom.update(u32(1), u32(fd), UpdateFlags.EXIST));
        assertEquals(0, hom.update(u32(1), u32(fd), UpdateFlags.NOEXIST));
        assertEquals(-Errno.EEXIST, hom.update(u32(1), u32(fd), UpdateFlags.NOEXIST));
        assertEquals(0, hom.update(u32(1), u32(fd), UpdateFlags.EXIST));
        assertEquals(0, hom.update(u32(2), u32(fd), UpdateFlags.ANY));
        assertEquals(-Errno.E2BIG, hom.update(u32(3), u32(fd), UpdateFlags.ANY), "a new key in a full map");
        assertEquals(-Errno.EINVAL, hom.update(u32(1), u32(fd), 5), "bad flags");
        assertEquals(0, hom.lookup(u32(2), out));
        assertEquals(reg.id(inner), u32(out));
        assertEquals(-Errno.ENOTSUPP, hom.lookupAndDelete(u32(1), out));
        assertEquals(0, hom.delete(u32(1)));
        assertEquals(-Errno.ENOENT, hom.lookup(u32(1), out));
        assertEquals(-Errno.ENOENT, hom.delete(u32(1)));
    }

    @Test
    @DisplayName("M-03 map_in_map_batch_ops: 10 inner maps; lookup_batch of 5 and 10 returns 10 IDs; HASH lookup_and_delete_batch")
    void m03BatchOps() {
        for (MapType innerType : new MapType[] {MapType.HASH, MapType.LPM_TRIE}) {
            for (int batch : new int[] {5, 10}) {
                MapRegistry reg = new MapRegistry();
                List<BpfMap> inners = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    BpfMap m = innerType == MapType.HASH ? intHash(1) : LpmTrie.create(4, 4, 1);
                    inners.add(m);
                }
                ArrayOfMaps aom = arrayOfMaps(10, inners.get(0), reg);
                HashOfMaps hom = hashOfMaps(4, 10, inners.get(0), reg);
                List<byte[]> aKeys = new ArrayList<>();
                List<byte[]> hKeys = new ArrayList<>();
                List<byte[]> fds = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    aKeys.add(u32(9 - i));
                    hKeys.add(u32(1000 - i));
                    fds.add(u32(reg.open(inners.get(i))));
                }
                assertEquals(10, aom.updateBatch(aKeys, fds, 0).count());
                assertEquals(10, hom.updateBatch(hKeys, fds, 0).count());
                for (BpfMap outer : List.of(aom, hom)) {
                    int total = 0;
                    int step = batch;
                    byte[] cursor = null;
                    for (;;) {
                        BatchResult r = outer.lookupBatch(cursor, step);
                        if (r.result() == -Errno.ENOSPC) {
                            // A bucket holds more entries than the step: whether that happens depends
                            // on the hash seed. The selftest retries with a larger step, as here.
                            assertSame(hom, outer, "only a hash-of-maps copies whole buckets");
                            assertEquals(0, r.count(), "-ENOSPC copies nothing");
                            step++;
                            continue;
                        }
                        for (byte[] id : r.values()) {
                            assertTrue(inners.contains(reg.byId(u32(id))), "each value is an inner map's ID");
                        }
                        total += r.count();
                        cursor = r.outBatch();
                        if (r.result() == -Errno.ENOENT) {
                            break;
                        }
                        assertEquals(0, r.result());
                    }
                    assertEquals(10, total, outer + " batch " + batch);
                }
                BatchResult del = hom.lookupAndDeleteBatch(null, 10);
                assertEquals(10, del.count());
                assertEquals(0, hom.size());
            }
        }
    }

    @Test
    @DisplayName("M-03 holes: an ARRAY_OF_MAPS with slot 1 empty returns 9 entries from lookup_batch, skipping the hole")
    void m03BatchSkipsHoles() {
        MapRegistry reg = new MapRegistry();
        HashTable template = intHash(1);
        ArrayOfMaps aom = arrayOfMaps(10, template, reg);
        for (int k : new int[] {9, 8, 7, 6, 5, 4, 3, 2, 0}) {
            assertEquals(0, aom.update(u32(k), u32(reg.open(intHash(1))), UpdateFlags.ANY));
        }
        int total = 0;
        byte[] cursor = null;
        BatchResult r;
        do {
            r = aom.lookupBatch(cursor, 5);
            total += r.count();
            cursor = r.outBatch();
        } while (r.result() == 0);
        assertEquals(-Errno.ENOENT, r.result());
        assertEquals(9, total);
    }

    @Test
    @DisplayName("a program holding an inner map keeps it whole after the slot is replaced or deleted")
    void replacementDoesNotDisturbAHolder() {
        MapRegistry reg = new MapRegistry();
        HashTable m1 = HashTable.kernel(MapSpec.longs(MapType.HASH, 4, 2));
        HashTable m2 = HashTable.kernel(MapSpec.longs(MapType.HASH, 4, 2));
        m1.update(1, 11, 0);
        m2.update(1, 21, 0);
        ArrayOfMaps aom = ArrayOfMaps.create(2, m1, reg);
        HashOfMaps hom = HashOfMaps.create(2, m1, reg);
        assertEquals(0, aom.updateMap(0, m1, 0));
        assertEquals(0, hom.updateMap(7, m1, 0));
        HashTable heldA = (HashTable) aom.lookupMap(0);
        HashTable heldH = (HashTable) hom.lookupMap(7);
        assertEquals(0, aom.updateMap(0, m2, 0));
        assertEquals(0, hom.updateMap(7, m2, 0));
        assertEquals(11, heldA.lookup(1, -1));
        assertEquals(11, heldH.lookup(1, -1));
        assertSame(m2, aom.lookupMap(0));
        assertEquals(0, aom.deleteMap(0));
        assertEquals(0, hom.deleteMap(7));
        assertEquals(11, heldA.lookup(1, -1), "deleting the slot leaves the held map as it was");
        assertNull(aom.lookupMap(0));
        assertNull(hom.lookupMap(7));
    }

    @Test
    @DisplayName("the template check can fail: the mutant accepts a map of another value size (this check catches it)")
    void mutantAcceptingAMismatchedInnerMapIsCaught() {
        MapRegistry reg = new MapRegistry();
        HashTable template = intHash(2);
        HashTable wide = HashTable.kernel(MapSpec.builder(MapType.HASH).keySize(4).valueSize(8).maxEntries(2).build());
        ArrayOfMaps production = arrayOfMaps(2, template, reg);
        ArrayOfMaps mutant = new MismatchedInnerArrayOfMaps(production.spec(), template, reg);
        assertEquals(-Errno.EINVAL, production.updateMap(0, wide, 0));
        assertEquals(0, mutant.updateMap(0, wide, 0), "the mutant takes it");
        assertEquals(8, mutant.lookupMap(0).spec().valueSize(), "and hands a program a map of the wrong shape");
    }

    @Test
    @DisplayName("concurrent replacement: every inner map a reader gets is a template-shaped map it can read whole")
    void concurrentReplacementKeepsHeldMapsWhole() throws Exception {
        MapRegistry reg = new MapRegistry();
        int maps = 8;
        HashTable[] inner = new HashTable[maps];
        for (int i = 0; i < maps; i++) {
            inner[i] = HashTable.kernel(MapSpec.longs(MapType.HASH, 4, 2));
            inner[i].update(1, 100 + i, 0);
            inner[i].update(2, 100 + i, 0);
        }
        HashOfMaps hom = HashOfMaps.create(4, inner[0], reg);
        ArrayOfMaps aom = ArrayOfMaps.create(4, inner[0], reg);
        hom.updateMap(0, inner[0], 0);
        aom.updateMap(0, inner[0], 0);
        AtomicReference<String> bad = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int n = 0; n < 20_000; n++) {
                HashTable m = inner[n % maps];
                hom.updateMap(0, m, 0);
                aom.updateMap(0, m, 0);
            }
        });
        Thread reader = new Thread(() -> {
            for (int n = 0; n < 20_000; n++) {
                for (BpfMap got : new BpfMap[] {aom.lookupMap(0), hom.lookupMap(0)}) {
                    if (got == null) {
                        continue; // HASH_OF_MAPS: the kernel's replace window (a key behind another) cannot happen with one key
                    }
                    HashTable h = (HashTable) got;
                    long a = h.lookup(1, -1);
                    long b = h.lookup(2, -1);
                    if (a != b || a < 100) {
                        bad.compareAndSet(null, "held inner map read " + a + ", " + b);
                    }
                }
            }
        });
        writer.start();
        reader.start();
        writer.join();
        reader.join();
        assertNull(bad.get());
    }
}
