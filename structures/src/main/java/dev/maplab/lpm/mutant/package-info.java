/**
 * Deliberately broken LPM tries: each class is the production {@link dev.maplab.lpm.LpmTrie} with exactly
 * one defect, made by overriding one protected step. The LPM checks (Lincheck in module {@code lincheck},
 * jcstress in module {@code stress}) must catch every one of them.
 *
 * <table>
 *   <caption>Mutants and the checks that catch each</caption>
 *   <tr><th>class</th><th>defect</th><th>caught by</th></tr>
 *   <tr><td>EarlyPublishLpmTrie</td><td>a node published before its children are set</td>
 *       <td>Lincheck model checking, three targeted windows (an intermediate node, a covering prefix, a
 *       replacement: setup 0x00/3; lookup 0x00/8 || update 0x20/3 sees the intermediate /2 without children
 *       and misses 0x00/3, present throughout) and jcstress PublicationTest (lookups under a writer that
 *       pushes intermediate nodes in above a prefix and replaces a node that has a child)</td></tr>
 * </table>
 */
package dev.maplab.lpm.mutant;
