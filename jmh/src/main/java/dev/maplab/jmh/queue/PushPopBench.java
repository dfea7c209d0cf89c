package dev.maplab.jmh.queue;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Push/pop throughput of a bounded container ({@link QueueBench}), capacity {@value #CAPACITY}, starting
 * half full: the benchmarks that {@link QueuePushPopBench} (FIFO) and {@link StackPushPopBench} (LIFO)
 * run, each with its own implementations ({@code @Param("impl")}).
 * <ul>
 *   <li>{@code pushPopT1} / {@code pushPopT2}: each thread pushes one value and pops one (the container
 *       stays about half full); with two threads both contend for the one lock;</li>
 *   <li>{@code producerConsumer}: one thread pushes, one pops (a group of two): each side's attempts per
 *       microsecond, failed attempts (-E2BIG on a full, -ENOENT on an empty container) included.</li>
 * </ul>
 * The benchmark object is the container's state, shared by the threads ({@code Scope.Benchmark}).
 * Score: operations per microsecond (a push-pop pair counts as one), higher is better.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public abstract class PushPopBench {
    public static final int CAPACITY = 1024;

    QueueBench.Ops ops;

    /** The implementation under test (the subclass's {@code @Param}). */
    abstract String impl();

    /** True for last-in-first-out containers. */
    abstract boolean lifo();

    @Setup(Level.Iteration)
    public void setUp() {
        ops = QueueBench.create(impl(), lifo(), CAPACITY);
        QueueBench.fill(ops, CAPACITY / 2);
    }

    @State(Scope.Thread)
    public static class Counter {
        int i;
    }

    @Benchmark
    @Threads(1)
    public long pushPopT1(Counter n) {
        ops.push(n.i++);
        return ops.pop();
    }

    @Benchmark
    @Threads(2)
    public long pushPopT2(Counter n) {
        ops.push(n.i++);
        return ops.pop();
    }

    @Benchmark
    @Group("producerConsumer")
    @GroupThreads(1)
    public int push(Counter n) {
        return ops.push(n.i++);
    }

    @Benchmark
    @Group("producerConsumer")
    @GroupThreads(1)
    public long pop() {
        return ops.pop();
    }
}
