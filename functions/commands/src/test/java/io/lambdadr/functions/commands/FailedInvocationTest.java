package io.lambdadr.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Failure records read for redrive: which function runs again, with which event. */
class FailedInvocationTest {

    private static final String WORKER = "arn:aws:lambda:us-east-1:123456789012:function:"
            + "lambda-dr-ReplicationWorkerFunction-Xk2M9pQ4rT1a";

    private static String fixture(String path) throws IOException {
        try (InputStream in = FailedInvocationTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void from_whenAWorkerRecord_takesTheFunctionWithItsAliasAndTheWorkItem() throws IOException {
        FailedInvocation invocation = FailedInvocation.from(fixture("/destinations/worker-retries-exhausted.json"));

        assertThat(invocation.function()).isEqualTo(WORKER + ":live");
        assertThat(invocation.payload()).isEqualTo("{\"function\":\"orders\",\"reason\":\"change\","
                + "\"requestedAt\":\"2026-11-22T20:58:41.205Z\"}");
        assertThat(invocation.replicatedFunction()).contains("orders");
    }

    @ParameterizedTest
    @CsvSource({"$LATEST", "7"})
    void from_whenTheArnEndsWithAVersion_dropsIt(String version) throws IOException {
        String record = fixture("/destinations/worker-retries-exhausted.json").replace(WORKER + ":live",
                WORKER + ":" + version);

        assertThat(FailedInvocation.from(record).function()).isEqualTo(WORKER);
    }

    @Test
    void from_whenNotAWorkItem_hasNoReplicatedFunction() throws IOException {
        FailedInvocation invocation = FailedInvocation.from(fixture("/destinations/reconcile-failure.json"));

        assertThat(invocation.replicatedFunction()).isEqualTo(Optional.empty());
        assertThat(invocation.payload()).contains("\"source\":\"aws.scheduler\"");
    }

    @Test
    void from_whenTheRecordNamesNoFunction_saysSo() throws IOException {
        String record = fixture("/destinations/unreadable-record.json");

        assertThatThrownBy(() -> FailedInvocation.from(record)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requestContext.functionArn '' is not a function ARN");
        assertThatThrownBy(() -> FailedInvocation.from("lambda-dr: orders failed"))
                .hasMessage("the record is not JSON");
    }
}
