package dev.maplab.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How {@link StressRunner} packs the runs of several structures into jcstress invocations (rounds). */
class StressRunnerRoundsTest {
    private static final List<String> ALL = new ArrayList<>(StressSuites.structures());

    private static List<StressRunner.Planned> flatten(List<List<StressRunner.Group>> rounds) {
        List<StressRunner.Planned> runs = new ArrayList<>();
        rounds.forEach(r -> r.forEach(g -> runs.addAll(g.runs())));
        return runs;
    }

    @Test
    @DisplayName("every run of every structure is in exactly one round")
    void everyRunIsPlannedOnce() {
        List<StressRunner.Planned> planned = flatten(StressRunner.rounds(ALL));
        int expected = ALL.stream().mapToInt(s -> StressSuites.of(s).size()).sum();
        assertEquals(expected, planned.size());
        for (String s : ALL) {
            for (StressRun r : StressSuites.of(s)) {
                assertEquals(1, planned.stream().filter(p -> p.structure().equals(s) && p.run().equals(r)).count(), s + " " + r);
            }
        }
    }

    @Test
    @DisplayName("a round passes one subject per package and names each test class at most once")
    void aRoundIsUnambiguous() {
        for (List<StressRunner.Group> round : StressRunner.rounds(ALL)) {
            Set<String> packages = new HashSet<>();
            Set<String> classes = new HashSet<>();
            for (StressRunner.Group g : round) {
                assertTrue(packages.add(g.pkg()), "two subjects for package " + g.pkg() + " in one round");
                for (StressRunner.Planned p : g.runs()) {
                    assertEquals(g.pkg(), p.run().pkg());
                    assertEquals(g.subject(), p.run().subject());
                    assertTrue(classes.add(p.run().className()), p.run().className() + " twice in one round");
                }
            }
        }
    }

    @Test
    @DisplayName("the rounds are as few as the package with the most subjects allows, production first")
    void roundsAreAsFewAsThePackagesAllow() {
        List<List<StressRunner.Group>> rounds = StressRunner.rounds(ALL);
        long mostSubjects = ALL.stream().flatMap(s -> StressSuites.of(s).stream())
                .collect(java.util.stream.Collectors.groupingBy(StressRun::pkg,
                        java.util.stream.Collectors.mapping(StressRun::subject, java.util.stream.Collectors.toSet())))
                .values().stream().mapToLong(Set::size).max().orElseThrow();
        assertEquals(mostSubjects, rounds.size());
        assertTrue(rounds.get(0).stream().allMatch(g -> g.subject().equals("production")));
    }

    @Test
    @DisplayName("a run is judged by what it expected: a forbidden outcome fails production and catches a mutant")
    void judgement() {
        assertEquals("pass", StressRunner.judge("pass", false));
        assertEquals("fail", StressRunner.judge("pass", true));
        assertEquals("caught", StressRunner.judge("caught", true));
        assertEquals("missed", StressRunner.judge("caught", false));
        assertEquals("unobserved", StressRunner.judge("unobservable-on-x86", false));
        assertEquals("caught", StressRunner.judge("unobservable-on-x86", true));
    }

    @Test
    @DisplayName("a round runs as many iterations as its most demanding run asks for when quick, at least 3 when full")
    void roundIterations() {
        StressRunner.Planned plain = new StressRunner.Planned("hash", new StressRun("hash", "A", "production", "pass"));
        StressRunner.Planned rare = new StressRunner.Planned("hash", new StressRun("hash", "B", "mutant:x", "caught", 4));
        assertEquals(2, StressRunner.iterations(List.of(plain), true));
        assertEquals(4, StressRunner.iterations(List.of(plain, rare), true));
        assertEquals(3, StressRunner.iterations(List.of(plain), false));
        assertEquals(4, StressRunner.iterations(List.of(plain, rare), false));
    }

    @Test
    @DisplayName("a run cannot ask for fewer quick iterations than the default")
    void tooFewIterationsAreRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new StressRun("hash", "A", "production", "pass", 1));
        assertTrue(e.getMessage().contains("quickIterations = 1"), e.getMessage());
    }
}
