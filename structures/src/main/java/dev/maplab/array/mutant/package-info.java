/**
 * Deliberately broken arrays: each class is {@link dev.maplab.array.ArrayMap} with exactly one defect, made
 * by overriding one protected store step. The checks in the {@code lincheck} and {@code stress} modules must
 * catch every one of them.
 *
 * <table>
 *   <caption>Mutants, the step each overrides, and the checks that catch it</caption>
 *   <tr><th>class</th><th>step</th><th>defect</th><th>caught by</th></tr>
 *   <tr><td>LockNotTakenArrayMap</td><td>{@code storeLocked}</td><td>a {@code BPF_F_LOCK} update that does
 *       not take the element's spin lock</td><td>Lincheck (F_LOCK lookup ‖ F_LOCK update of a two-word
 *       value), jcstress {@code TornValueTest}</td></tr>
 *   <tr><td>ProgramUpdateWritesAllCpusArrayMap</td><td>{@code storeProgram}</td><td>a program's update of a
 *       PERCPU_ARRAY element zeroes the other CPUs' slots</td><td>Lincheck (update on CPU 0 ‖ update on CPU 1;
 *       then the syscall lookup), jcstress {@code PercpuSlotsTest}</td></tr>
 * </table>
 */
package dev.maplab.array.mutant;
