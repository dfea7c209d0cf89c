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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * STACK (LIFO) push/pop throughput, maplab's {@code StackMap} beside {@code LinkedBlockingDeque} (LIFO end) and a
 * locked {@code ArrayDeque} ({@link QueueBench}), capacity 1024, starting half full.
 * <ul>
 *   <li>{@code pushPopT1} / {@code pushPopT2}: each thread pushes one value and pops one (the container
 *       stays about half full); with two threads both contend for the one lock;</li>
 *   <li>{@code producerConsumer}: one thread pushes, one pops (a group of two): each side's attempts per
 *       microsecond, failed attempts (-E2BIG on a full, -ENOENT on an empty container) included.</li>
 * </ul>
 * Score: operations per microsecond (a push-pop pair counts as one), higher is better.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StackPushPopBench {
    public static final int CAPACITY = 1024;

    @State(Scope.Benchmark)
    public static class Container {
        @Param({QueueBench.MAPLAB, QueueBench.LBD, QueueBench.DEQUE_LOCKED})
        public String impl;

        QueueBench.Ops ops;

        @Setup(Level.Iteration)
        public void setUp() {
            ops = QueueBench.create(impl, true, CAPACITY);
            QueueBench.fill(ops, CAPACITY / 2);
        }
    }

    @State(Scope.Thread)
    public static class Counter {
        int i;
    }

    @Benchmark
    @Threads(1)
    public long pushPopT1(Container c, Counter n) {
        c.ops.push(n.i++);
        return c.ops.pop();
    }

    @Benchmark
    @Threads(2)
    public long pushPopT2(Container c, Counter n) {
        c.ops.push(n.i++);
        return c.ops.pop();
    }

    @Benchmark
    @Group("producerConsumer")
    @GroupThreads(1)
    public int push(Container c, Counter n) {
        return c.ops.push(n.i++);
    }

    @Benchmark
    @Group("producerConsumer")
    @GroupThreads(1)
    public long pop(Container c) {
        return c.ops.pop();
    }
}
