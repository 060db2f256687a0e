package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InlineUploadBudgetTest {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    /**
     * Two uploads of {@code bytes} each, started together; each holds its place until both are inside or
     * {@code holdMillis} pass.
     */
    private void twoUploadsOf(InlineUploadBudget budget, long bytes, long holdMillis) throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> upload(budget, bytes, bothInside, holdMillis));
            Future<?> second = pool.submit(() -> upload(budget, bytes, bothInside, holdMillis));
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private Object upload(InlineUploadBudget budget, long bytes, CountDownLatch bothInside, long holdMillis) {
        return budget.withinBudget(bytes, () -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            bothInside.countDown();
            try {
                bothInside.await(holdMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return null;
        });
    }

    @Test
    void withinBudget_whenTwoPackagesTogetherExceedTheBudget_runsThemOneAfterTheOther() throws Exception {
        twoUploadsOf(new InlineUploadBudget(50L * 1024 * 1024), 30L * 1024 * 1024, 300);

        assertThat(mostInFlight.get()).isEqualTo(1);
    }

    @Test
    void withinBudget_whenTwoPackagesFitTogether_runsThemAtOnce() throws Exception {
        // Ends as soon as both are inside; the long hold only guards against a slow machine.
        twoUploadsOf(new InlineUploadBudget(50L * 1024 * 1024), 20L * 1024 * 1024, 5_000);

        assertThat(mostInFlight.get()).isEqualTo(2);
    }

    @Test
    void withinBudget_whenOnePackageIsLargerThanTheWholeBudget_stillRunsIt() {
        InlineUploadBudget budget = new InlineUploadBudget(1024);

        assertThat(budget.withinBudget(10L * 1024 * 1024, () -> "uploaded")).isEqualTo("uploaded");
    }
}
