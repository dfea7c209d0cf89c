/**
 * Deliberately broken hash tables: each class is the production {@link dev.maplab.hash.HashTable}
 * with exactly one defect, made by overriding one protected step. The checks in the {@code lincheck}
 * and {@code stress} modules must catch every one of them (or, for {@link
 * dev.maplab.hash.mutant.PlainPublishHashTable}, record that x86 cannot show it). A check that no
 * mutant fails proves nothing.
 *
 * <table>
 *   <caption>Mutants and the scenario that exposes each (keys 1 and 3 share a bucket, 2 is elsewhere)</caption>
 *   <tr><th>class</th><th>defect</th><th>exposing scenario: setup; thread 1 ‖ thread 2</th></tr>
 *   <tr><td>NoNullsRestartHashTable</td><td>(a) no restart at a foreign nulls marker</td>
 *       <td>update 1, update 3; lookup 1 ‖ delete 3, update 2</td></tr>
 *   <tr><td>UnlinkBeforeLinkHashTable</td><td>(b) kernel replace that unlinks the old element first</td>
 *       <td>update 1, update 3; lookup 1 ‖ update 1</td></tr>
 *   <tr><td>LinkBeforeWriteHashTable</td><td>(c) linked before its key and value are written</td>
 *       <td>update 1, delete 1; lookup 1 ‖ update 3</td></tr>
 *   <tr><td>PlainPublishHashTable</td><td>(c') published with a plain store, right program order</td>
 *       <td>none on x86 (TSO) or under sequentially consistent model checking</td></tr>
 *   <tr><td>FreelistOverwritesNextHashTable</td><td>(d) the freelist link overwrites {@code next}</td>
 *       <td>update 1, update 3, delete 1; lookup 1 ‖ delete 3</td></tr>
 *   <tr><td>UnvalidatedReadHashTable</td><td>(e) value copied without re-checking the version</td>
 *       <td>update 3; lookup 3 ‖ delete 3, update 2</td></tr>
 *   <tr><td>CompareOutsideVersionHashTable</td><td>(g) hash-matching element compared outside its version window (kernel order)</td>
 *       <td>update 3, update 1, update 1; lookup 1 ‖ update 1, update 3</td></tr>
 *   <tr><td>ReplaceAtOldPositionHashTable</td><td>(f) new element put at the old one's position</td>
 *       <td>update 3, update 1, update 1; lookup 1 ‖ update 1, update 3</td></tr>
 * </table>
 */
package dev.maplab.hash.mutant;
