/**
 * Deliberately broken LRU hash tables: each class is the production {@link dev.maplab.lru.LruHashTable}
 * with exactly one defect, made by overriding one protected step (of the table or of its
 * {@link dev.maplab.lru.BpfLru}). Each is caught by a check of the lru suite.
 *
 * <table>
 *   <caption>Mutants and the check that catches each</caption>
 *   <tr><th>class</th><th>defect</th><th>caught by</th></tr>
 *   <tr><td>RefIgnoredByShrinkLruHashTable</td><td>the shrink ignores the ref bit</td>
 *       <td>the selftest cases L-02, L-04, L-05, L-08 (JUnit, {@code LruSelftestsTest}) and the jcstress
 *       test {@code RefBitRacesRotationTest}</td></tr>
 *   <tr><td>StealWithoutOwnerLockLruHashTable</td><td>a steal without the victim CPU's lock</td>
 *       <td>jcstress {@code StealRacesOwnerPopTest}</td></tr>
 *   <tr><td>PendingToGlobalFreeLruHashTable</td><td>a freed pending node goes to the global free list</td>
 *       <td>Lincheck model checking with {@code @Validate} (a delete from another CPU racing the owner's
 *       insert) and the LA-8 semantics test</td></tr>
 *   <tr><td>FlagsBeforeAcquireLruHashTable</td><td>flags checked before the node is acquired</td>
 *       <td>the selftest case L-03 (JUnit)</td></tr>
 *   <tr><td>EvictDespiteFailedRemovalLruHashTable</td><td>a node freed although its removal failed</td>
 *       <td>jcstress {@code DeleteRacesShrinkTest}</td></tr>
 * </table>
 */
package dev.maplab.lru.mutant;
