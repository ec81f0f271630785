package org.kvmlab.conformance.suite;

import static com.google.common.truth.Truth.assertThat;

import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kvmlab.conformance.reference.ReferenceAdapter;

/** The churn reports what it did: the cycles it completed and the time it actually ran. */
@Tag("stress")
class SlotChurnStressTest {

    @Test
    void aLongRun_stopsAtTheCycleLimit_andSaysHowLongItTook() throws InterruptedException {
        SlotChurnStress.Outcome outcome = new SlotChurnStress(new ReferenceAdapter().createVm(509), 1, 600_000).run();
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.cycles()).isEqualTo(SlotChurnStress.MAX_CYCLES);
        assertThat(outcome.elapsedMillis()).isLessThan(600_000L);
        assertThat(outcome.elapsedNanos()).isGreaterThan(0L);
    }

    @Test
    void aShortRun_endsOnTime_beforeTheCycleLimit() throws InterruptedException {
        long start = System.nanoTime();
        SlotChurnStress.Outcome outcome = new SlotChurnStress(new ReferenceAdapter().createVm(509), 2, 50).run();
        long wall = (System.nanoTime() - start) / 1_000_000;
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.cycles()).isIn(com.google.common.collect.Range.closed(1, SlotChurnStress.MAX_CYCLES - 1));
        assertThat(outcome.elapsedMillis()).isAtLeast(50L);
        assertThat(outcome.elapsedMillis()).isAtMost(wall);
    }

    @Test
    void stop_endsTheChurnEarly() throws Exception {
        SlotChurnStress stress = new SlotChurnStress(new ReferenceAdapter().createVm(509), 1, 600_000);
        FutureTask<SlotChurnStress.Outcome> run = new FutureTask<>(stress::run);
        Thread.ofPlatform().start(run);
        Thread.sleep(100);
        stress.stop();
        SlotChurnStress.Outcome outcome = run.get();
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.elapsedMillis()).isLessThan(600_000L);
    }

    @Test
    void awaitChurning_returnsOnceACycleIsDone_soThatWhatFollowsRunsAlongsideTheChurn() throws Exception {
        SlotChurnStress stress = new SlotChurnStress(new ReferenceAdapter().createVm(509), 1, 600_000);
        FutureTask<SlotChurnStress.Outcome> run = new FutureTask<>(stress::run);
        Thread.ofPlatform().start(run);
        stress.awaitChurning();
        stress.stop();
        SlotChurnStress.Outcome outcome = run.get();
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.cycles()).isAtLeast(1);
    }

    @Test
    void awaitChurning_returnsWhenTheRunEndsWithoutACycle() throws Exception {
        // Stopped before it starts, the churn completes no cycle; a caller waiting for it is let go.
        SlotChurnStress stress = new SlotChurnStress(new ReferenceAdapter().createVm(509), 1, 600_000);
        stress.stop();
        SlotChurnStress.Outcome outcome = stress.run();
        stress.awaitChurning();
        assertThat(outcome.cycles()).isEqualTo(0);
    }
}
