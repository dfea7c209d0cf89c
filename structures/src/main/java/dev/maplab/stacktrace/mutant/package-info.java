/**
 * Deliberately broken stack trace maps: each class is the production {@link
 * dev.maplab.stacktrace.StackTraceMap} with exactly one defect, made by overriding one protected step. The
 * stack map's jcstress suite (module {@code stress}, {@code dev.maplab.stress.stacktrace}) must catch every
 * one of them.
 *
 * <table>
 *   <caption>Mutants and the check that catches each</caption>
 *   <tr><th>class</th><th>defect</th><th>caught by</th></tr>
 *   <tr><td>InPlaceReplaceStackTraceMap</td><td>REUSE_STACKID rewrites the bucket in its slot instead of
 *       swapping a fresh one in</td>
 *       <td>jcstress BorrowedCopyTest: a syscall read of an id while a program replaces its stack must
 *       return the old stack or the new one whole, never a mix</td></tr>
 * </table>
 */
package dev.maplab.stacktrace.mutant;
