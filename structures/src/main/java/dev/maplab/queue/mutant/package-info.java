/**
 * Deliberately broken queue maps: each class is the production {@link dev.maplab.queue.QueueMap} with
 * exactly one defect, made by overriding one protected step. The Lincheck suite of the queue (module
 * {@code lincheck}, {@code dev.maplab.queue}) must catch every one of them.
 *
 * <table>
 *   <caption>Mutants and the check that catches each</caption>
 *   <tr><th>class</th><th>defect</th><th>caught by</th></tr>
 *   <tr><td>FullOffByOneQueueMap</td><td>full check off by one: max_entries + 1 pushes accepted, the
 *       ring wraps onto its tail and reads empty</td>
 *       <td>Lincheck against the bounded FIFO specification (a push that must give -E2BIG succeeds,
 *       a pop that must return a value finds the queue empty)</td></tr>
 * </table>
 */
package dev.maplab.queue.mutant;
