/**
 * The running kernel as the oracle (issue 8): a {@code bpf(2)} client and what is built on it.
 *
 * <ul>
 *   <li>{@link dev.maplab.kernel.Bpf} — the raw system call and the libc calls around it (JNA direct mapping,
 *       no native build); {@link dev.maplab.kernel.KernelInfo} — release, possible CPUs, capabilities, and
 *       whether bpf(2) works here (the reason tests and commands print when they skip).</li>
 *   <li>{@link dev.maplab.kernel.KernelMap} — a kernel map behind maplab's {@link dev.maplab.api.BpfMap}:
 *       element commands, batches, queue/stack, program-style lookups on the current logical CPU (the
 *       thread is pinned with {@code sched_setaffinity}); {@link dev.maplab.kernel.BpfAsm} and
 *       {@link dev.maplab.kernel.BpfProgram} — a tiny assembler and {@code BPF_PROG_LOAD} /
 *       {@code BPF_PROG_TEST_RUN}. Every fd is owned by an {@link java.lang.AutoCloseable}.</li>
 *   <li>{@link dev.maplab.kernel.DiffKernel} ({@code maplab diff-kernel}) — random replay traces on the kernel
 *       ({@link dev.maplab.kernel.KernelTrace}) and on maplab ({@code TraceReplayer}), compared line by line
 *       and key set by key set, mismatches shrunk; {@link dev.maplab.kernel.TraceGenerator} writes the
 *       traces.</li>
 *   <li>{@link dev.maplab.kernel.KernelBench} ({@code maplab bench kernel}) — the kernel's in-kernel lookup
 *       cost, with maplab's measured the same way beside it.</li>
 *   <li>{@link dev.maplab.kernel.ReplaceProbe} ({@code maplab probe kernel-replace}) — the replace-order
 *       lookup miss reproduced on the kernel, with its controls.</li>
 * </ul>
 */
package dev.maplab.kernel;
