package dev.maplab.ringbuf;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Scenarios for {@link PerfBufOperations}: targeted ones, one per property, and random ones of the fixed
 * shape "CPU 0 ‖ CPU 1 ‖ consumer". In the texts, {@code o0(v,k)} is output0, {@code c0} consume0; the
 * part after the last {@code ;} runs after the parallel part.
 */
public final class PerfBufScenarios {
    private static final Method[] OUTPUT = {method("output0", int.class, int.class), method("output1", int.class, int.class)};
    private static final Method[] CONSUME = {method("consume0"), method("consume1")};

    public enum Name {
        /** A sample read while it is written: the consumer must not see it before data_head passes it. */
        SAMPLE_VISIBLE("- ; o0(1,1), o0(2,2) || - || c0, c0 ; c0, c0"),
        /**
         * A drop, then a sample that fits only without its LOST record, then one that fits with it: the LOST
         * record must precede the next sample that fits, with the count of both drops.
         */
        LOST_BEFORE_NEXT("o0(1,2) ; o0(2,2), o0(3,1), o0(4,1) || - || c0, c0 ; c0, c0, c0"),
        /** Both CPUs write and are drained: each CPU's records in its own order, no order across CPUs. */
        TWO_CPUS("- ; o0(1,1), o0(2,1) || o1(1,1), o1(2,1) || c1, c0 ; c0, c0, c1, c1");

        public final String text;

        Name(String text) {
            this.text = text;
        }
    }

    private PerfBufScenarios() {
    }

    public static ExecutionScenario of(Name name) {
        switch (name) {
            case SAMPLE_VISIBLE:
                return scenario(List.of(), List.of(o(0, 1, 1), o(0, 2, 2)), List.of(), List.of(c(0), c(0)), List.of(c(0), c(0)));
            case LOST_BEFORE_NEXT:
                return scenario(List.of(o(0, 1, 2)), List.of(o(0, 2, 2), o(0, 3, 1), o(0, 4, 1)), List.of(),
                        List.of(c(0), c(0)), List.of(c(0), c(0), c(0)));
            case TWO_CPUS:
                return scenario(List.of(), List.of(o(0, 1, 1), o(0, 2, 1)), List.of(o(1, 1, 1), o(1, 2, 1)),
                        List.of(c(1), c(0)), List.of(c(0), c(0), c(1), c(1)));
            default:
                throw new IllegalArgumentException("scenario = " + name);
        }
    }

    /** A random scenario of the fixed shape: up to 2 setup outputs, 3 outputs per CPU, 3 consumes, then two consumes of each CPU. */
    public static ExecutionScenario random(long seed) {
        Random rnd = new Random(seed);
        List<Actor> init = new ArrayList<>();
        int setup = rnd.nextInt(3);
        for (int i = 0; i < setup; i++) {
            init.add(o(rnd.nextInt(2), 1 + rnd.nextInt(3), 1 + rnd.nextInt(3)));
        }
        List<Actor> cpu0 = new ArrayList<>();
        List<Actor> cpu1 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cpu0.add(o(0, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3)));
            cpu1.add(o(1, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3)));
        }
        return scenario(init, cpu0, cpu1, List.of(c(rnd.nextInt(2)), c(rnd.nextInt(2)), c(rnd.nextInt(2))),
                List.of(c(0), c(0), c(1), c(1)));
    }

    private static ExecutionScenario scenario(List<Actor> init, List<Actor> t0, List<Actor> t1, List<Actor> t2, List<Actor> post) {
        List<List<Actor>> parallel = new ArrayList<>();
        parallel.add(t0);
        parallel.add(t1);
        parallel.add(t2);
        return new ExecutionScenario(init, parallel, post, null);
    }

    private static Actor o(int cpu, int v, int k) {
        return new Actor(OUTPUT[cpu], List.of(v, k), false, false, false, false, false);
    }

    private static Actor c(int cpu) {
        return new Actor(CONSUME[cpu], List.of(), false, false, false, false, false);
    }

    private static Method method(String name, Class<?>... types) {
        try {
            return PerfBufOperations.class.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
