package dev.patrol.lifecycle;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link ClusterLoad} judges readiness answers: as the chart's probe would act on them. */
class ReadinessAsTheChartProbesTest {

    final long period = ClusterLoad.READINESS_PROBE.periodSeconds() * 1000L;

    @Test
    void theChartTakesAPodOutAfterTwoFailedProbes() {
        assertTrue(ClusterLoad.READINESS_PROBE.failureThreshold() >= 2, ClusterLoad.READINESS_PROBE.toString());
    }

    @Test
    void oneRefusalLeavesTheInstanceInItsService() {
        assertFalse(ClusterLoad.outOfService(List.of(65_200L), 65_200L));
    }

    @Test
    void refusalsWithinOnePeriodLeaveItInItsService() {
        assertFalse(ClusterLoad.outOfService(List.of(1_000L, 1_300L, 1_000L + period / 2), 1_000L + period / 2));
    }

    @Test
    void refusalsAsFarApartAsTheProbesTakeItOut() {
        List<Long> refusals = new java.util.ArrayList<>();
        for (int k = 0; k < ClusterLoad.READINESS_PROBE.failureThreshold(); k++) {
            refusals.add(1_000L + k * period + 100);
        }
        assertTrue(ClusterLoad.outOfService(refusals, refusals.get(refusals.size() - 1)));
    }
}
