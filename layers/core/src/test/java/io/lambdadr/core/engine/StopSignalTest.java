package io.lambdadr.core.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StopSignalTest {

    @Test
    void pause_whenStopIsRequestedMeanwhile_endsEarly() {
        StopSignal stop = StopSignal.untilRequested();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.schedule(() -> stop.requestStop("test"), 100, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            stop.pause(Duration.ofSeconds(30));
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(waitedMillis < 10_000, "waited " + waitedMillis + " ms after the stop");
            assertTrue(stop.isSet());
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void pause_withoutStop_waitsTheWholePause() {
        StopSignal stop = StopSignal.untilRequested();
        long started = System.nanoTime();
        stop.pause(Duration.ofMillis(120));
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 120);
        assertFalse(stop.isSet());
    }

    @Test
    void conflictBackoff_growsWithFruitlessPassesAndStaysBounded() {
        for (int i = 0; i < 200; i++) {
            Duration first = ReplicationEngine.conflictBackoff(0);
            Duration later = ReplicationEngine.conflictBackoff(10);
            assertTrue(first.toMillis() >= 62 && first.toMillis() <= 250, "first pause " + first);
            assertTrue(later.toMillis() >= 500 && later.toMillis() <= 2_000, "later pause " + later);
        }
    }
}
