package dev.maplab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The instruction encoding, checked against hand-assembled uapi {@code struct bpf_insn} bytes (no kernel needed). */
class BpfAsmTest {

    @Test
    void encodesTheUapiLayout() {
        BpfAsm a = new BpfAsm();
        a.ldMapFd(BpfAsm.R1, 7).call(Bpf.FN_MAP_LOOKUP_ELEM).stxDw(BpfAsm.R10, -8, BpfAsm.R0).exit();
        byte[] expected = {
            0x18, 0x11, 0, 0, 7, 0, 0, 0, // ld_imm64 r1, map fd 7 (src_reg 1 = BPF_PSEUDO_MAP_FD)
            0, 0, 0, 0, 0, 0, 0, 0, // its second half
            (byte) 0x85, 0, 0, 0, 1, 0, 0, 0, // call 1
            0x7b, (byte) 0x0a, (byte) 0xf8, (byte) 0xff, 0, 0, 0, 0, // *(u64 *)(r10 - 8) = r0
            (byte) 0x95, 0, 0, 0, 0, 0, 0, 0}; // exit
        assertArrayEquals(expected, a.code());
        assertEquals(5, a.length());
    }

    @Test
    void patchesForwardJumps() {
        BpfAsm a = new BpfAsm();
        int j = a.jeqImmForward(BpfAsm.R0, 0);
        a.movImm(BpfAsm.R0, 1).exit();
        a.patch(j);
        a.movImm(BpfAsm.R0, 2).exit();
        byte[] code = a.code();
        assertEquals(2, code[2]); // skips mov and exit
        assertEquals(0, code[3]);
    }

    @Test
    void rejectsBadOperands() {
        assertThrows(IllegalArgumentException.class, () -> new BpfAsm().mov(11, 0));
        assertThrows(IllegalArgumentException.class, () -> new BpfAsm().ldxDw(0, 1, 40000));
    }

    @Test
    void countsCpuLists() {
        assertEquals(2, KernelInfo.countCpuList("0-1"));
        assertEquals(6, KernelInfo.countCpuList("0-3,5,7"));
        assertEquals(1, KernelInfo.countCpuList("0"));
    }
}
