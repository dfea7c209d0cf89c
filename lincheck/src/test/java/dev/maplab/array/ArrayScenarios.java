package dev.maplab.array;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/** Targeted scenarios ({@code setup; thread 1 || thread 2; then post}). */
public final class ArrayScenarios {

    public enum Name {
        /** A lookup copying the two words while an update copies a new value in. */
        LOOKUP_DURING_UPDATE("update 1; lookup || update 2"),
        /** Two CPUs update their own slots; then a syscall lookup. */
        UPDATES_ON_TWO_CPUS("update cpu0 1 || update cpu1 2; then lookup all"),
        /** A syscall lookup while one thread updates CPU 0's slot and then CPU 1's. */
        LOOKUP_ALL_DURING_UPDATES("lookup all || update cpu0 1, update cpu1 2");

        public final String text;

        Name(String text) {
            this.text = text;
        }
    }

    private ArrayScenarios() {
    }

    public static ExecutionScenario of(Name name) {
        switch (name) {
            case LOOKUP_DURING_UPDATE:
                return scenario(List.of(wideUpdate(1)), List.of(wideLookup()), List.of(wideUpdate(2)), List.of());
            case UPDATES_ON_TWO_CPUS:
                return scenario(List.of(), List.of(slotUpdate(0, 1)), List.of(slotUpdate(1, 2)), List.of(lookupAll()));
            case LOOKUP_ALL_DURING_UPDATES:
                return scenario(List.of(), List.of(lookupAll()), List.of(slotUpdate(0, 1), slotUpdate(1, 2)), List.of());
            default:
                throw new IllegalArgumentException("scenario = " + name);
        }
    }

    private static ExecutionScenario scenario(List<Actor> init, List<Actor> t1, List<Actor> t2, List<Actor> post) {
        List<List<Actor>> parallel = new ArrayList<>();
        parallel.add(t1);
        parallel.add(t2);
        return new ExecutionScenario(init, parallel, post, null);
    }

    private static Actor wideUpdate(int v) {
        return actor(method(WideValueOperations.class, "update", int.class), v);
    }

    private static Actor wideLookup() {
        return actor(method(WideValueOperations.class, "lookup"));
    }

    private static Actor slotUpdate(int cpu, int v) {
        return actor(method(PercpuSlotOperations.class, "update", int.class, int.class), cpu, v);
    }

    private static Actor lookupAll() {
        return actor(method(PercpuSlotOperations.class, "lookupAll"));
    }

    private static Actor actor(Method m, Object... args) {
        return new Actor(m, List.of(args), false, false, false, false, false);
    }

    private static Method method(Class<?> c, String name, Class<?>... types) {
        try {
            return c.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
