package dev.maplab.kernel;

import java.io.ByteArrayOutputStream;

/**
 * A tiny eBPF assembler for the few instructions the client's programs use. Each instruction is the uapi
 * {@code struct bpf_insn}: {@code u8 code; u8 dst_reg:4, src_reg:4; s16 off; s32 imm}, little-endian, 8
 * bytes; {@code ld_imm64} takes two.
 *
 * <p>Registers: R0 return value / helper result, R1–R5 helper arguments (clobbered by calls), R6–R9
 * callee-saved, R10 the read-only frame pointer. Jumps count instructions after the jump; forward jumps
 * are emitted with a placeholder and {@link #patch patched} to the current position.
 */
public final class BpfAsm {
    public static final int R0 = 0;
    public static final int R1 = 1;
    public static final int R2 = 2;
    public static final int R3 = 3;
    public static final int R4 = 4;
    public static final int R5 = 5;
    public static final int R6 = 6;
    public static final int R7 = 7;
    public static final int R8 = 8;
    public static final int R9 = 9;
    public static final int R10 = 10;

    /** {@code src_reg} of an {@code ld_imm64} whose immediate is a map fd ({@code BPF_PSEUDO_MAP_FD}). */
    static final int PSEUDO_MAP_FD = 1;

    // Opcodes (class | op | source/size)
    static final int LD_IMM64 = 0x18; // BPF_LD | BPF_IMM | BPF_DW
    static final int ALU64_MOV_K = 0xb7;
    static final int ALU64_MOV_X = 0xbf;
    static final int ALU64_ADD_K = 0x07;
    static final int ALU64_ADD_X = 0x0f;
    static final int ALU64_AND_K = 0x57;
    static final int LDX_DW = 0x79; // BPF_LDX | BPF_MEM | BPF_DW
    static final int STX_DW = 0x7b; // BPF_STX | BPF_MEM | BPF_DW
    static final int ST_DW = 0x7a; // BPF_ST | BPF_MEM | BPF_DW
    static final int ST_W = 0x62; // BPF_ST | BPF_MEM | BPF_W
    static final int LDX_B = 0x71; // BPF_LDX | BPF_MEM | BPF_B
    static final int STX_B = 0x73; // BPF_STX | BPF_MEM | BPF_B
    static final int JMP_JA = 0x05;
    static final int JMP_JEQ_K = 0x15;
    static final int JMP_JNE_K = 0x55;
    static final int JMP_CALL = 0x85;
    static final int JMP_EXIT = 0x95;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int count;

    private BpfAsm emit(int code, int dst, int src, int off, int imm) {
        if (dst < 0 || dst > 10 || src < 0 || src > 10) {
            throw new IllegalArgumentException("register out of range: dst=" + dst + ", src=" + src);
        }
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + off + " does not fit s16");
        }
        out.write(code);
        out.write((src << 4) | dst);
        out.write(off & 0xff);
        out.write((off >>> 8) & 0xff);
        out.write(imm & 0xff);
        out.write((imm >>> 8) & 0xff);
        out.write((imm >>> 16) & 0xff);
        out.write((imm >>> 24) & 0xff);
        count++;
        return this;
    }

    /** The index of the next instruction. */
    public int pc() {
        return count;
    }

    /** {@code dst = map fd} as a map pointer ({@code ld_imm64} with {@code BPF_PSEUDO_MAP_FD}; 2 slots). */
    public BpfAsm ldMapFd(int dst, int fd) {
        emit(LD_IMM64, dst, PSEUDO_MAP_FD, 0, fd);
        return emit(0, 0, 0, 0, 0);
    }

    /** {@code dst = imm64} (2 slots). */
    public BpfAsm ldImm64(int dst, long imm) {
        emit(LD_IMM64, dst, 0, 0, (int) imm);
        return emit(0, 0, 0, 0, (int) (imm >>> 32));
    }

    /** {@code call helper}. */
    public BpfAsm call(int helper) {
        return emit(JMP_CALL, 0, 0, 0, helper);
    }

    public BpfAsm exit() {
        return emit(JMP_EXIT, 0, 0, 0, 0);
    }

    /** {@code dst = imm} (sign-extended to 64 bits). */
    public BpfAsm movImm(int dst, int imm) {
        return emit(ALU64_MOV_K, dst, 0, 0, imm);
    }

    /** {@code dst = src}. */
    public BpfAsm mov(int dst, int src) {
        return emit(ALU64_MOV_X, dst, src, 0, 0);
    }

    /** {@code dst += imm}. */
    public BpfAsm addImm(int dst, int imm) {
        return emit(ALU64_ADD_K, dst, 0, 0, imm);
    }

    /** {@code dst += src}. */
    public BpfAsm add(int dst, int src) {
        return emit(ALU64_ADD_X, dst, src, 0, 0);
    }

    /** {@code dst &= imm} (imm sign-extended; use non-negative masks). */
    public BpfAsm andImm(int dst, int imm) {
        return emit(ALU64_AND_K, dst, 0, 0, imm);
    }

    /** {@code dst = *(u64 *)(src + off)}. */
    public BpfAsm ldxDw(int dst, int src, int off) {
        return emit(LDX_DW, dst, src, off, 0);
    }

    /** {@code *(u64 *)(dst + off) = src}. */
    public BpfAsm stxDw(int dst, int off, int src) {
        return emit(STX_DW, dst, src, off, 0);
    }

    /** {@code dst = *(u8 *)(src + off)}. */
    public BpfAsm ldxB(int dst, int src, int off) {
        return emit(LDX_B, dst, src, off, 0);
    }

    /** {@code *(u8 *)(dst + off) = src}. */
    public BpfAsm stxB(int dst, int off, int src) {
        return emit(STX_B, dst, src, off, 0);
    }

    /** {@code *(u64 *)(dst + off) = imm}. */
    public BpfAsm stDw(int dst, int off, int imm) {
        return emit(ST_DW, dst, 0, off, imm);
    }

    /** {@code *(u32 *)(dst + off) = imm}. */
    public BpfAsm stW(int dst, int off, int imm) {
        return emit(ST_W, dst, 0, off, imm);
    }

    /** {@code if dst == imm goto +off}. */
    public BpfAsm jeqImm(int dst, int imm, int off) {
        return emit(JMP_JEQ_K, dst, 0, off, imm);
    }

    /** {@code if dst != imm goto +off}. */
    public BpfAsm jneImm(int dst, int imm, int off) {
        return emit(JMP_JNE_K, dst, 0, off, imm);
    }

    /** {@code goto +off}. */
    public BpfAsm ja(int off) {
        return emit(JMP_JA, 0, 0, off, 0);
    }

    /** Emits {@code if dst == imm goto <later>} and returns its index for {@link #patch}. */
    public int jeqImmForward(int dst, int imm) {
        int at = count;
        emit(JMP_JEQ_K, dst, 0, 0, imm);
        return at;
    }

    /** Makes the forward jump at {@code at} land on the next instruction to be emitted. */
    public BpfAsm patch(int at) {
        int off = count - at - 1;
        byte[] b = out.toByteArray();
        // rewrite the two offset bytes in place: rebuild the stream
        b[at * 8 + 2] = (byte) off;
        b[at * 8 + 3] = (byte) (off >>> 8);
        out.reset();
        out.write(b, 0, b.length);
        return this;
    }

    /** The program's bytes (8 per slot). */
    public byte[] code() {
        return out.toByteArray();
    }

    /** The number of instruction slots. */
    public int length() {
        return count;
    }
}
