/**
 * The per-CPU benchmarks ({@code maplab bench percpu}): maplab's per-CPU counter and arrays beside
 * {@code LongAdder}, {@code AtomicLong} / {@code AtomicLongArray} and {@code ConcurrentHashMap} in the same run,
 * compared through {@code @Param("impl")}. Claims C5 (per-CPU values avoid contention; what reading them
 * costs) and C7 (an array lookup against a hash lookup).
 *
 * <table>
 *   <caption>Benchmarks and their default parameters (47 configurations)</caption>
 *   <tr><th>class.method</th><th>measures</th><th>impl</th><th>other</th></tr>
 *   <tr><td>{@link dev.maplab.jmh.percpu.CounterAddBench CounterAddBench}.addT1/T2</td>
 *       <td>counter add(1), one shared counter, 1 and 2 threads</td>
 *       <td>maplab, longadder, atomiclong</td><td>cpus 2</td></tr>
 *   <tr><td>{@link dev.maplab.jmh.percpu.CounterReadBench CounterReadBench}.read, sum</td>
 *       <td>maplab read() / sum() against logical CPUs; LongAdder.sum(); AtomicLong.get(); 1 thread</td>
 *       <td>maplab, longadder, atomiclong</td><td>cpus 2, 8, 64</td></tr>
 *   <tr><td>{@link dev.maplab.jmh.percpu.PercpuArrayUpdateBench PercpuArrayUpdateBench}.updateT1/T2</td>
 *       <td>every thread increments the same element: PERCPU_ARRAY own slot vs shared atomics</td>
 *       <td>maplab, maplab-array-atomic, atomiclong, longadder</td><td>cpus 2</td></tr>
 *   <tr><td>{@link dev.maplab.jmh.percpu.PercpuArrayReadBench PercpuArrayReadBench}.readTotal</td>
 *       <td>the total of a per-CPU element (every CPU's slot) against logical CPUs; 1 thread</td>
 *       <td>maplab, atomiclong, longadder</td><td>cpus 2, 8, 64</td></tr>
 *   <tr><td>{@link dev.maplab.jmh.percpu.ArrayLookupBench ArrayLookupBench}.lookup</td>
 *       <td>random lookups of present keys in a full map of the same size; 1 thread</td>
 *       <td>maplab (ARRAY), maplab-hash, chm</td><td>entries 2^10, 2^20</td></tr>
 * </table>
 *
 * <p>Targets (same run, same machine): {@code CounterAddBench} maplab at least 0.9x longadder at 1 and 2
 * threads and at least 3x atomiclong at 2 threads; {@code CounterReadBench} maplab read at cpus=64 at least 10x
 * maplab sum at cpus=64 and at least 1.0x longadder sum; 0 B/op ({@code gc.alloc.rate.norm}) for maplab.
 *
 * <p>Full (about 28 minutes on a quiet machine: 47 configurations x 2 forks x (3 x 2 s warm-up + 5 x 2 s
 * measured) plus fork and setup; what {@code ./maplab bench percpu} runs):
 * <pre>
 * java -jar jmh/target/benchmarks.jar 'dev\.maplab\.jmh\.percpu\..*' -foe true -prof gc \
 *     -f 2 -wi 3 -w 2s -i 5 -r 2s -jvmArgsAppend --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -rf json -rff reports/out/bench/percpu.json
 * </pre>
 * Quick (about 5 minutes; {@code ./maplab bench percpu --quick}): the same with {@code -f 1 -wi 2 -w 1s -i 3 -r 1s}.
 * The benchmarks bind their threads to logical CPUs {@code threadIndex % cpus}; more threads than {@code cpus}
 * ({@code -t}) would share CPU ids, and so cells and slots. The scaling curve (1, 2, 4, 8, 16 threads on a
 * 16-core machine) is {@code jmh/scaling.sh}.
 */
package dev.maplab.jmh.percpu;
