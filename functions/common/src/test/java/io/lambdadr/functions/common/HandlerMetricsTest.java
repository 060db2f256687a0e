package io.lambdadr.functions.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.SourceResult;
import io.lambdadr.core.engine.TargetResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics as the handlers write them: embedded metric format on stdout (AWS_EMF_ENVIRONMENT=Local in tests). */
class HandlerMetricsTest {

    private static String captured(Runnable work) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void recordReportAndLag_writeTheMetricsTheAlarmsAndDashboardRead() {
        ReplicationReport report = new ReplicationReport(
                List.of(new SourceResult("orders", null, null, 3, 1000, "sha=", "fingerprint")),
                List.of(new TargetResult("orders", "eu-west-1", TargetResult.Outcome.UPDATED,
                                TargetResult.SyncStatus.DRIFTED, List.of(), List.of(), List.of(), List.of(), null, null,
                                3, 2, 1000),
                        new TargetResult("orders", "us-west-2", TargetResult.Outcome.FAILED,
                                TargetResult.SyncStatus.ERROR, List.of(), List.of(), List.of(), List.of(), "boom",
                                FailureKind.PERMANENT, 1, 0, 0)));
        HandlerMetrics metrics = new HandlerMetrics();

        String emf = captured(() -> assertThatCode(() -> {
            metrics.recordReport(report);
            metrics.recordLag("eu-west-1", Duration.ofSeconds(7));
            metrics.count("WorkDispatched", 3);
            metrics.flush();
        }).doesNotThrowAnyException());

        assertThat(emf).contains("\"Replications\"", "\"Failures\"", "\"Writes\"", "\"CodeBytes\"",
                "\"ReplicationLag\"", "\"WorkDispatched\"", "\"TargetRegion\":\"eu-west-1\"", "\"Kind\":\"permanent\"",
                "\"Namespace\":\"lambda-dr-tests\"");
    }

    @Test
    void namespace_whenTheEnvironmentSetsNone_isLambdaDr() {
        assertThat(HandlerMetrics.namespace(Map.of())).isEqualTo("lambda-dr");
        assertThat(HandlerMetrics.namespace(Map.of("POWERTOOLS_METRICS_NAMESPACE", "custom"))).isEqualTo("custom");
    }
}
