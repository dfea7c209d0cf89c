package dev.maplab.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which subject a forked jcstress JVM builds for a package. */
class StressSubjectTest {
    @AfterEach
    void clear() {
        System.clearProperty("maplab.subject");
        System.clearProperty("maplab.subject.hash");
    }

    @Test
    @DisplayName("without any property the subject is production")
    void defaultIsProduction() {
        assertEquals("production", StressSubject.of("hash"));
    }

    @Test
    @DisplayName("the package's own property wins over the plain one, which applies to the other packages")
    void packagePropertyWins() {
        System.setProperty("maplab.subject", "mutant:a");
        System.setProperty("maplab.subject.hash", "mutant:b");
        assertEquals("mutant:b", StressSubject.of("hash"));
        assertEquals("mutant:a", StressSubject.of("lru"));
    }
}
