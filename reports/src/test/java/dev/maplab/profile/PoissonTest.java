package dev.maplab.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoissonTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.0625, 0.5, 1.0, 3.0})
    void pmfIsADistributionWithMeanLoad(double load) {
        double sum = 0;
        double mean = 0;
        double[] p = Poisson.pmfs(load, 60);
        for (int k = 0; k <= 60; k++) {
            assertEquals(Poisson.pmf(load, k), p[k], 1e-15 + 1e-12 * p[k], "k = " + k);
            sum += p[k];
            mean += k * p[k];
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(load, mean, 1e-12);
    }

    @Test
    void knownValues() {
        assertEquals(Math.exp(-1), Poisson.pmf(1, 0), 1e-15);
        assertEquals(Math.exp(-1), Poisson.pmf(1, 1), 1e-15);
        assertEquals(Math.exp(-1) / 2, Poisson.pmf(1, 2), 1e-15);
        assertEquals(Math.exp(-0.5) * 0.125 / 6, Poisson.pmf(0.5, 3), 1e-15);
        assertEquals(1.0, Poisson.pmf(0, 0));
        assertEquals(0.0, Poisson.pmf(0, 1));
        assertEquals(0.0, Poisson.pmf(1, -1));
        assertEquals(1.5, Poisson.successful(1.0));
        assertEquals(1.0, Poisson.unsuccessful(1.0));
        assertThrows(IllegalArgumentException.class, () -> Poisson.pmf(-1, 0));
    }

    @Test
    void upperTailIsOneMinusTheCdf() {
        for (double load : new double[] {0.25, 1.0, 2.5}) {
            double cdf = 0;
            for (int k = 0; k < 12; k++) {
                cdf += Poisson.pmf(load, k);
                assertEquals(1 - cdf, Poisson.upperTail(load, k), 1e-12, "load " + load + " k " + k);
            }
            assertEquals(1.0, Poisson.upperTail(load, -1));
        }
        // far in the tail the direct sum keeps its relative precision where 1 - cdf would be 0
        double t = Poisson.upperTail(1.0, 25);
        assertTrue(t > 0 && t < 1e-25, "tail " + t);
        assertEquals(Poisson.pmf(1.0, 26), t, t * 0.05);
    }

    @Test
    void expectedMaxOfOneChainIsTheLoad() {
        assertEquals(1.0, Poisson.expectedMax(1.0, 1), 1e-12);
        assertEquals(0.25, Poisson.expectedMax(0.25, 1), 1e-12);
        assertEquals(0.0, Poisson.expectedMax(0.0, 1000));
    }

    @Test
    void expectedMaxMatchesTheCdfFormulaAndGrowsSlowly() {
        // E[max] = sum over m of 1 - F(m)^n, with F from the pmf (fine here: n small enough for no cancellation)
        for (long n : new long[] {2, 64, 4096}) {
            double direct = 0;
            double f = 0;
            for (int m = 0; m < 40; m++) {
                f += Poisson.pmf(1.0, m);
                direct += 1 - Math.pow(f, n);
            }
            assertEquals(direct, Poisson.expectedMax(1.0, n), 1e-9, "n = " + n);
        }
        double m16 = Poisson.expectedMax(1.0, 1 << 16);
        double m22 = Poisson.expectedMax(1.0, 1 << 22);
        assertTrue(m16 > 6 && m16 < 9, "E[max] 2^16 buckets at load 1: " + m16);
        assertTrue(m22 > m16 && m22 < 11, "E[max] 2^22 buckets at load 1: " + m22);
    }

    @Test
    void successfulSdIsTheSpreadOfTheMeanWalk() {
        assertEquals(Math.sqrt(63.0 * 63 / 128) / 64, Poisson.successfulSd(64, 64), 1e-12);
        assertEquals(1 / Math.sqrt(2 << 20), Poisson.successfulSd(1 << 20, 1 << 20), 1e-6);
        assertEquals(0.0, Poisson.successfulSd(1, 64));
        // a simulation of 64 keys hashed uniformly into 64 buckets
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int runs = 4000;
        double sum = 0;
        double sumSq = 0;
        for (int run = 0; run < runs; run++) {
            int[] len = new int[64];
            for (int k = 0; k < 64; k++) {
                len[r.nextInt(64)]++;
            }
            double walk = 0;
            for (int l : len) {
                walk += l * (l + 1) / 2.0;
            }
            walk /= 64;
            sum += walk;
            sumSq += walk * walk;
        }
        double mean = sum / runs;
        double sd = Math.sqrt(sumSq / runs - mean * mean);
        assertEquals(1 + 63 / 128.0, mean, 0.02);
        assertEquals(Poisson.successfulSd(64, 64), sd, 0.1 * sd, "simulated sd");
    }

    @Test
    void totalVariationIsZeroForTheModelAndOneForADisjointHistogram() {
        long n = 1_000_000;
        double load = 0.5;
        long[] model = new long[12];
        for (int k = 0; k < model.length; k++) {
            model[k] = Math.round(Poisson.pmf(load, k) * n);
        }
        assertTrue(Poisson.totalVariation(model, n, load) < 1e-5);
        long[] allInOne = new long[1001];
        allInOne[0] = n - 1;
        allInOne[1000] = 1;
        // n - 1 empty buckets and one of length 1000 against Poisson(0.001): far apart only in the few percent
        assertTrue(Poisson.totalVariation(allInOne, n, 0.001) < 0.002);
        long[] disjoint = new long[40];
        disjoint[30] = n;
        assertEquals(1.0, Poisson.totalVariation(disjoint, n, 0.5), 1e-9);
    }
}
