/**
 * The hash-table benchmarks ({@code maplab bench hash}): maplab's {@code HashTable} beside
 * {@code ConcurrentHashMap<Long, Long>} in the same run, compared through {@code @Param("impl")}.
 *
 * <table>
 *   <caption>Benchmarks and their default parameters (44 configurations)</caption>
 *   <tr><th>class.method</th><th>measures</th><th>impl</th><th>entries</th></tr>
 *   <tr><td>{@link dev.maplab.jmh.hash.HashLookupBench HashLookupBench}.lookupHitT1/T2, lookupMissT1/T2</td>
 *       <td>lock-free lookups of present / absent random keys in a full map, 1 and 2 threads</td>
 *       <td>maplab, chm</td><td>2^10, 2^20</td></tr>
 *   <tr><td>{@link dev.maplab.jmh.hash.HashUpdateBench HashUpdateBench}.updateReplaceT1/T2</td>
 *       <td>update (BPF_ANY) of present keys in a full map, 1 and 2 threads</td>
 *       <td>maplab, maplab-linearizable, chm</td><td>2^10, 2^20</td></tr>
 *   <tr><td>{@link dev.maplab.jmh.hash.HashFillBench HashFillBench}.lookupHit</td>
 *       <td>lookup hits against fill (6, 25, 50, 75, 100%), 1 thread, the kernel's bpf-hashmap-lookup</td>
 *       <td>maplab, chm</td><td>2^16</td></tr>
 *   <tr><td>{@link dev.maplab.jmh.hash.HashFullMapBench HashFullMapBench}.insertFullT1, churnT1/T2</td>
 *       <td>insert into a full map (-E2BIG); delete+insert churn</td>
 *       <td>maplab, chm</td><td>2^16</td></tr>
 * </table>
 *
 * <p>Quick (about 4.5 minutes on a quiet machine: 44 configurations of 5 s measured plus about 1 s of fork
 * and setup; what {@code ./maplab bench hash --quick} runs):
 * <pre>
 * java -jar jmh/target/benchmarks.jar 'dev\.maplab\.jmh\.hash\..*' -f 1 -wi 2 -w 1s -i 3 -r 1s \
 *     -foe true -prof gc -rf json -rff reports/out/bench/hash.json
 * </pre>
 * Full (about 25 minutes; {@code ./maplab bench hash}): the same with {@code -f 2 -wi 3 -w 2s -i 5 -r 2s}.
 * All sixteen fill points of the kernel's table, in addition (32 configurations, about 3.5 minutes quick):
 * <pre>
 * java -jar jmh/target/benchmarks.jar 'dev\.maplab\.jmh\.hash\.HashFillBench' -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc \
 *     -p fillPct=6,12,18,25,31,37,43,50,56,62,68,75,81,87,93,100 -rf json -rff reports/out/bench/hash-fill.json
 * </pre>
 * The benchmarks bind their threads to the maps' two logical CPUs; more than two threads ({@code -t})
 * would share CPU ids, and a replace in a full map could then find no spare element. The JFR-traced
 * lookup benchmark lives in {@code dev.maplab.jmh.profile} (not part of this suite).
 */
package dev.maplab.jmh.hash;
