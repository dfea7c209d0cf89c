/**
 * Deliberately broken map-in-map outer maps: each class is a production outer map with exactly one
 * defect, made by overriding one protected step. The map-in-map jcstress suite (module {@code stress},
 * {@code dev.maplab.stress.mapinmap}) must catch every one of them.
 *
 * <table>
 *   <caption>Mutants and the check that catches each</caption>
 *   <tr><th>class</th><th>defect</th><th>caught by</th></tr>
 *   <tr><td>MismatchedInnerArrayOfMaps</td><td>accepts an inner map that does not match the template</td>
 *       <td>jcstress ReplaceTest: the writer's update with a map of another value size must
 *       give -EINVAL, and a reader must never get a map of another shape from its lookup</td></tr>
 * </table>
 */
package dev.maplab.mapinmap.mutant;
