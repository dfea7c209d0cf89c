package dev.maplab.api;

/** Builds the kit's misuse messages: the parameter, the value given and what is allowed. */
public final class Errors {
    private Errors() {
    }

    public static IllegalArgumentException badArgument(String parameter, Object value, String allowed) {
        return new IllegalArgumentException(parameter + " = " + value + ": " + allowed);
    }

    public static void requireLength(String parameter, byte[] bytes, int expected) {
        if (bytes == null) {
            throw badArgument(parameter, "null", "a byte array of length " + expected + " is required");
        }
        if (bytes.length != expected) {
            throw badArgument(parameter + ".length", bytes.length, "must be " + expected);
        }
    }
}
