package dev.maplab.jmh.ringbuf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The study's command line: a bad count is refused before anything runs, naming the parameter and the value. */
class RingBufRegimeStudyTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"producers, 'maplab, x, 2', x, 1", "producers, 'maplab, 0, 2', 0, 1", "seconds, 'maplab, 1, -3', -3, 1",
            "emptyPollSpins, 'maplab, 1, 2, many', many, 1", "wakeupSampleRate, 'maplab, 1, 2, 1, -1', -1, 0"})
    void badCountIsRefusedNamingParameterAndValue(String parameter, String args, String value, int min) {
        String[] argv = args.split(", ");
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IllegalArgumentException.class, () -> RingBufRegimeStudy.main(argv)));
        assertTrue(e.getMessage().contains(parameter + " = " + value) && e.getMessage().contains("at least " + min), e.getMessage());
    }
}
