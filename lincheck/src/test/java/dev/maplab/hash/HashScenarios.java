package dev.maplab.hash;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Targeted scenarios: a reader parked on an element that the other thread frees, reuses or replaces.
 * Random scenarios find these defects only by luck (and Lincheck's generator is deterministic, so
 * "luck" depends on the shape), so each known window has its own scenario. Keys 1 and 3 share a
 * bucket, 2 is in another ({@link HashOperations#SEED}).
 */
public final class HashScenarios {
    private static final Method LOOKUP = method("lookup", int.class);
    private static final Method UPDATE = method("update", int.class, int.class, int.class);
    private static final Method DELETE = method("delete", int.class);

    /** Names the scenarios for records; each is {@code setup; thread 1 ‖ thread 2}. */
    public enum Name {
        /** Reuse in another bucket under a parked reader (mutant a). */
        REUSE_IN_OTHER_BUCKET("update 1, update 3; lookup 1 || delete 3, update 2"),
        /** The kernel's replace window: the replaced key is behind another key (the kernel variant's finding). */
        REPLACE_BEHIND_HEAD("update 1, update 3; lookup 1 || update 1"),
        /** A replace of the key at the head (mutant b; the kernel variant passes it). */
        REPLACE_AT_HEAD("update 3, update 1; lookup 1 || update 1"),
        /** A freed element reused under a reader (mutant c). */
        REUSE_BEFORE_WRITE("update 1, delete 1; lookup 1 || update 3"),
        /** Freeing the element a reader stands on (mutant d). */
        FREE_UNDER_READER("update 1, update 3, delete 1; lookup 1 || delete 3"),
        /** Reuse between match and value copy (mutant e). */
        REUSE_BEFORE_COPY("update 3; lookup 3 || delete 3, update 2"),
        /** Replace at the old position, defeated by reuse further down the same chain (mutant f). */
        REUSE_DOWN_SAME_CHAIN("update 3, update 1, update 1; lookup 1 || update 1, update 3");

        public final String text;

        Name(String text) {
            this.text = text;
        }
    }

    private HashScenarios() {
    }

    public static ExecutionScenario of(Name name) {
        switch (name) {
            case REUSE_IN_OTHER_BUCKET:
                return scenario(List.of(update(1, 1), update(3, 1)), List.of(lookup(1)), List.of(delete(3), update(2, 1)));
            case REPLACE_BEHIND_HEAD:
                return scenario(List.of(update(1, 1), update(3, 1)), List.of(lookup(1)), List.of(update(1, 2)));
            case REPLACE_AT_HEAD:
                return scenario(List.of(update(3, 1), update(1, 1)), List.of(lookup(1)), List.of(update(1, 2)));
            case REUSE_BEFORE_WRITE:
                return scenario(List.of(update(1, 1), delete(1)), List.of(lookup(1)), List.of(update(3, 1)));
            case FREE_UNDER_READER:
                return scenario(List.of(update(1, 1), update(3, 1), delete(1)), List.of(lookup(1)), List.of(delete(3)));
            case REUSE_BEFORE_COPY:
                return scenario(List.of(update(3, 1)), List.of(lookup(3)), List.of(delete(3), update(2, 2)));
            case REUSE_DOWN_SAME_CHAIN:
                return scenario(List.of(update(3, 1), update(1, 3), update(1, 2)), List.of(lookup(1)),
                        List.of(update(1, 1), update(3, 2)));
            default:
                throw new IllegalArgumentException("scenario = " + name);
        }
    }

    private static ExecutionScenario scenario(List<Actor> init, List<Actor> t1, List<Actor> t2) {
        List<List<Actor>> parallel = new ArrayList<>();
        parallel.add(t1);
        parallel.add(t2);
        return new ExecutionScenario(init, parallel, List.of(), null);
    }

    private static Actor lookup(int key) {
        return actor(LOOKUP, key);
    }

    private static Actor update(int key, int v) {
        return actor(UPDATE, key, v, 0);
    }

    private static Actor delete(int key) {
        return actor(DELETE, key);
    }

    private static Actor actor(Method m, Object... args) {
        return new Actor(m, List.of(args), false, false, false, false, false);
    }

    private static Method method(String name, Class<?>... types) {
        try {
            return HashOperations.class.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
