package dev.maplab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Update flags as in uapi: ANY 0, NOEXIST 1, EXIST 2, F_LOCK 4; (flags &amp; ~F_LOCK) &gt; EXIST is invalid. */
@DisplayName("UpdateFlags: uapi values and the kernel's validity check")
class UpdateFlagsTest {

    @Test
    @DisplayName("the flag values are the uapi's")
    void flagValuesAreTheUapis() {
        assertEquals(0, UpdateFlags.ANY);
        assertEquals(1, UpdateFlags.NOEXIST);
        assertEquals(2, UpdateFlags.EXIST);
        assertEquals(4, UpdateFlags.F_LOCK);
    }

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(longs = {0, 1, 2, 4, 5, 6})
    @DisplayName("ANY, NOEXIST, EXIST, each with or without F_LOCK, pass the first check")
    void knownFlagsAreValid(long flags) {
        assertTrue(UpdateFlags.isValid(flags));
    }

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(longs = {3, 7, 8, 16, 1L << 32, -1, Long.MIN_VALUE})
    @DisplayName("anything above EXIST apart from F_LOCK is invalid (-EINVAL), including -1 read as unsigned")
    void otherFlagsAreInvalid(long flags) {
        assertFalse(UpdateFlags.isValid(flags));
    }

    @Test
    @DisplayName("parse takes the names and decimal numbers")
    void parseTakesNamesAndNumbers() {
        assertEquals(UpdateFlags.ANY, UpdateFlags.parse("ANY"));
        assertEquals(UpdateFlags.NOEXIST, UpdateFlags.parse("NOEXIST"));
        assertEquals(UpdateFlags.EXIST, UpdateFlags.parse("EXIST"));
        assertEquals(-1, UpdateFlags.parse("-1"));
        assertEquals(7, UpdateFlags.parse("7"));
    }

    @Test
    @DisplayName("parse of anything else is misuse, naming the text and what is allowed")
    void parseOfGarbageThrowsNamingTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateFlags.parse("SOMETIMES"));
        assertTrue(e.getMessage().contains("SOMETIMES") && e.getMessage().contains("NOEXIST"), e.getMessage());
    }
}
