package io.lambdadr.functions.common;

import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.TargetResult;
import java.time.Duration;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The application's metrics, written as CloudWatch embedded metric format through Powertools' functional API (no
 * AspectJ): replications by outcome, failures by kind, writes, code bytes, and replication lag per target region.
 * Each handler calls {@link #flush()} in a {@code finally}.
 */
public final class HandlerMetrics {

    /** The namespace when POWERTOOLS_METRICS_NAMESPACE is not set (the template sets it to this). */
    static final String DEFAULT_NAMESPACE = "lambda-dr";

    private final Metrics metrics = MetricsFactory.getMetricsInstance();
    /** Single metrics are flushed on their own and need the namespace spelled out (Powertools refuses null). */
    private final String namespace = namespace(System.getenv());

    public HandlerMetrics() {
        // flush() refuses to write without a namespace, and Powertools reads only POWERTOOLS_METRICS_NAMESPACE.
        metrics.setNamespace(namespace);
    }

    static String namespace(Map<String, String> env) {
        String configured = env.get("POWERTOOLS_METRICS_NAMESPACE");
        return configured == null || configured.isBlank() ? DEFAULT_NAMESPACE : configured;
    }

    /** Counts what one run did, per target region. */
    public void recordReport(ReplicationReport report) {
        for (TargetResult result : report.targets()) {
            metrics.flushSingleMetric("Replications", 1, MetricUnit.COUNT, namespace,
                    DimensionSet.of("TargetRegion", result.targetRegion(), "Outcome", result.outcome().label()));
            if (result.failed() && result.failureKind() != null) {
                metrics.flushSingleMetric("Failures", 1, MetricUnit.COUNT, namespace,
                        DimensionSet.of("TargetRegion", result.targetRegion(), "Kind", result.failureKind().label()));
            }
        }
        metrics.addMetric("Writes", report.totalWrites(), MetricUnit.COUNT);
        metrics.addMetric("CodeBytes", report.totalCodeBytes(), MetricUnit.BYTES);
    }

    /**
     * How far one replica was behind its source when it was brought in line: per target region, and once more
     * without the region, so that one alarm watches them all.
     */
    public void recordLag(String targetRegion, Duration lag) {
        double seconds = lag.toMillis() / 1000.0;
        metrics.flushSingleMetric("ReplicationLag", seconds, MetricUnit.SECONDS, namespace,
                DimensionSet.of("TargetRegion", targetRegion));
        metrics.flushSingleMetric("ReplicationLag", seconds, MetricUnit.SECONDS, namespace,
                DimensionSet.of(Map.of()));
    }

    /** Counts an event of {@code name}. */
    public void count(String name) {
        count(name, 1);
    }

    /** Counts {@code amount} events of {@code name} at once (one value, not {@code amount} values of 1). */
    public void count(String name, long amount) {
        metrics.addMetric(name, amount, MetricUnit.COUNT);
    }

    /** Writes the metrics gathered in this invocation; every handler calls it in a {@code finally}. */
    public void flush() {
        metrics.flush();
    }
}
