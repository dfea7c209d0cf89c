package dev.maplab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The result codes are Linux's errno numbers (x86-64), ENOTSUPP the kernel-internal 524 (kernel-selftests.md §0). */
@DisplayName("Errno: Linux errno values and their names")
class ErrnoTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "EPERM, 1", "ENOENT, 2", "E2BIG, 7", "EAGAIN, 11", "ENOMEM, 12", "EFAULT, 14", "EBUSY, 16",
        "EEXIST, 17", "EINVAL, 22", "ENOSPC, 28", "EDEADLK, 35", "ENOTSUPP, 524",
    })
    @DisplayName("every code has Linux's number, and name and parse are inverse")
    void codesHaveLinuxNumbersAndNamesRoundTrip(String name, int number) {
        assertEquals(name, Errno.name(number));
        assertEquals(number, Errno.parse(name));
        assertEquals(number, Errno.parse("-" + name));
    }

    @Test
    @DisplayName("the constants hold Linux's numbers")
    void constantsHoldLinuxNumbers() {
        assertEquals(1, Errno.EPERM);
        assertEquals(2, Errno.ENOENT);
        assertEquals(7, Errno.E2BIG);
        assertEquals(11, Errno.EAGAIN);
        assertEquals(12, Errno.ENOMEM);
        assertEquals(14, Errno.EFAULT);
        assertEquals(16, Errno.EBUSY);
        assertEquals(17, Errno.EEXIST);
        assertEquals(22, Errno.EINVAL);
        assertEquals(28, Errno.ENOSPC);
        assertEquals(35, Errno.EDEADLK);
        assertEquals(524, Errno.ENOTSUPP);
    }

    @Test
    @DisplayName("describe prints a negative result as -NAME and a non-negative one as its number")
    void describePrintsErrorsByNameAndValuesAsNumbers() {
        assertEquals("-ENOENT", Errno.describe(-Errno.ENOENT));
        assertEquals("-ENOTSUPP", Errno.describe(-524));
        assertEquals("0", Errno.describe(0));
        assertEquals("1234", Errno.describe(1234));
    }

    @Test
    @DisplayName("an unknown errno is named E<number>; an unknown name parses to -1")
    void unknownCodesAndNames() {
        assertEquals("E99", Errno.name(99));
        assertEquals(-1, Errno.parse("EWHATEVER"));
    }
}
