/**
 * Deliberately broken per-CPU counters: each class is {@link dev.maplab.percpu.PercpuCounter} with exactly
 * one defect, made by overriding one protected step. The checks in the {@code lincheck} and {@code stress}
 * modules must catch every one of them.
 *
 * <table>
 *   <caption>Mutants, the step each overrides, and the checks that catch it</caption>
 *   <tr><th>class</th><th>step</th><th>defect</th><th>caught by</th></tr>
 *   <tr><td>FoldLosesDeltaCounter</td><td>{@code fold}</td><td>read the cell, then reset it with a
 *       separate store: an add landing in between is lost</td><td>Lincheck (setup add +1 on CPU 0;
 *       add +1 on CPU 0, which folds, ‖ add -1 on CPU 0; then sum), jcstress {@code FoldVsAddSameCpuTest}</td></tr>
 *   <tr><td>NonAtomicAddCounter</td><td>{@code addFast}</td><td>plain read-modify-write of a cell that two
 *       threads share</td><td>Lincheck (add 1 on CPU 0 ‖ add 1 on CPU 0; then sum), jcstress
 *       {@code AddVsAddSameCpuTest}</td></tr>
 *   <tr><td>SkipFoldWhenBusyCounter</td><td>{@code addSlow}</td><td>add to the cell when the lock is
 *       busy instead of folding: {@code read()} leaves its error bound</td><td>Lincheck read-bound check
 *       (sum ‖ add 2, add 2, add 2, read on another CPU, batch 2)</td></tr>
 *   <tr><td>FoldWithoutLockCounter</td><td>{@code addSlow}</td><td>fold without the lock: a concurrent
 *       {@code sum()} misses (or doubles) the delta in flight</td><td>Lincheck (setup inc on CPU 0; sum ‖
 *       inc on CPU 0, which folds), jcstress {@code SumVsFoldTest}; with owned cells, Lincheck (the same
 *       scenario through claims) and jcstress {@code SumVsOwnedFoldTest}</td></tr>
 *   <tr><td>ClaimNotExclusiveCounter</td><td>{@code takeClaim}</td><td>owned cells: a second claim of a
 *       CPU also holds, and two plain read-modify-writes of its cell overwrite each other</td><td>jcstress
 *       {@code ClaimVsClaimSameCpuTest}</td></tr>
 * </table>
 */
package dev.maplab.percpu.mutant;
