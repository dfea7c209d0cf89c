package dev.maplab.ringbuf;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Scenarios for {@link RingBufOperations}: targeted ones, one per window a defect needs, and random ones
 * with the fixed shape "producer 0 ‖ producer 1 ‖ consumer" (Lincheck's own generator may put two
 * groups on one thread; these always run both producers and the consumer in parallel). In the texts,
 * {@code r0(v,k)} is reserve0, {@code s0} submit0, {@code d0} discard0, {@code c} consume.
 */
public final class RingBufScenarios {
    private static final Method[] RESERVE = {method("reserve0", int.class, int.class), method("reserve1", int.class, int.class)};
    private static final Method[] SUBMIT = {method("submit0"), method("submit1")};
    private static final Method[] DISCARD = {method("discard0"), method("discard1")};
    private static final Method CONSUME = method("consume");

    public enum Name {
        /** An earlier reservation committed later holds back a later committed record. */
        HEAD_OF_LINE("r0(1,1); s0 || r1(2,1), s1 || c, c"),
        /** A record read right after its reservation is published. */
        FIRST_RECORD("- ; r0(1,2), s0 || r1(2,1), s1 || c, c"),
        /** A discarded record beside a submitted one. */
        DISCARD("- ; r0(1,1), d0 || r1(2,1), s1 || c, c"),
        /** A nearly full ring: reservations race the consumer freeing space. */
        FULL("r0(1,3), s0, r1(2,2), s1; r0(3,2), s0 || r1(1,1), s1 || c, c"),
        /** The consumer reads a record whose space the next reservation reuses (offset 0 again). */
        REUSE_WHILE_READING("r0(1,1), s0, c, r0(1,3), s0, r1(2,1), s1; r0(3,3), s0 || - || c");

        public final String text;

        Name(String text) {
            this.text = text;
        }
    }

    private RingBufScenarios() {
    }

    public static ExecutionScenario of(Name name) {
        switch (name) {
            case HEAD_OF_LINE:
                return scenario(List.of(r(0, 1, 1)), List.of(s(0)), List.of(r(1, 2, 1), s(1)), List.of(c(), c()));
            case FIRST_RECORD:
                return scenario(List.of(), List.of(r(0, 1, 2), s(0)), List.of(r(1, 2, 1), s(1)), List.of(c(), c()));
            case DISCARD:
                return scenario(List.of(), List.of(r(0, 1, 1), d(0)), List.of(r(1, 2, 1), s(1)), List.of(c(), c()));
            case FULL:
                return scenario(List.of(r(0, 1, 3), s(0), r(1, 2, 2), s(1)), List.of(r(0, 3, 2), s(0)),
                        List.of(r(1, 1, 1), s(1)), List.of(c(), c()));
            case REUSE_WHILE_READING:
                return scenario(List.of(r(0, 1, 1), s(0), c(), r(0, 1, 3), s(0), r(1, 2, 1), s(1)),
                        List.of(r(0, 3, 3), s(0)), List.of(), List.of(c()));
            default:
                throw new IllegalArgumentException("scenario = " + name);
        }
    }

    /** A random scenario of the fixed shape: up to 3 setup operations, then 3 operations per producer and 2 consumes. */
    public static ExecutionScenario random(long seed) {
        Random rnd = new Random(seed);
        List<Actor> init = new ArrayList<>();
        int setup = rnd.nextInt(4);
        for (int i = 0; i < setup; i++) {
            int who = rnd.nextInt(3);
            init.add(who == 2 ? c() : producerOp(rnd, who));
        }
        List<Actor> p0 = new ArrayList<>();
        List<Actor> p1 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            p0.add(producerOp(rnd, 0));
            p1.add(producerOp(rnd, 1));
        }
        return scenario(init, p0, p1, List.of(c(), c()));
    }

    private static Actor producerOp(Random rnd, int p) {
        int x = rnd.nextInt(5);
        if (x < 2) {
            return r(p, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3));
        }
        return x < 4 ? s(p) : d(p);
    }

    private static ExecutionScenario scenario(List<Actor> init, List<Actor> t0, List<Actor> t1, List<Actor> t2) {
        List<List<Actor>> parallel = new ArrayList<>();
        parallel.add(t0);
        parallel.add(t1);
        parallel.add(t2);
        return new ExecutionScenario(init, parallel, List.of(), null);
    }

    private static Actor r(int p, int v, int k) {
        return new Actor(RESERVE[p], List.of(v, k), false, true, false, false, false);
    }

    private static Actor s(int p) {
        return new Actor(SUBMIT[p], List.of(), false, false, false, false, false);
    }

    private static Actor d(int p) {
        return new Actor(DISCARD[p], List.of(), false, false, false, false, false);
    }

    private static Actor c() {
        return new Actor(CONSUME, List.of(), false, false, false, false, false);
    }

    private static Method method(String name, Class<?>... types) {
        try {
            return RingBufOperations.class.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
