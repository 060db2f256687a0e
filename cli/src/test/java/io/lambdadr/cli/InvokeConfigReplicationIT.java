package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;

/**
 * Event invoke configurations end to end: the command line against the emulator, the replicas' configurations read
 * back with the test's own SDK clients (GetFunctionEventInvokeConfig per qualifier).
 */
@ExtendWith(EmulatorExtension.class)
class InvokeConfigReplicationIT {

    private final Emulator emulator;
    private final SampleFunctions samples;

    InvokeConfigReplicationIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private CliRun run(String command) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), command, "orders");
    }

    private static GetFunctionEventInvokeConfigResponse config(LambdaClient lambda, String qualifier) {
        return lambda.getFunctionEventInvokeConfig(request -> request.functionName("orders").qualifier(qualifier));
    }

    @Test
    void replicate_copiesEachQualifiersRetriesAndDestinations_inTheTargetRegion_andStatusComparesThem() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        LambdaClient source = samples.lambda(SOURCE);
        source.putFunctionEventInvokeConfig(request -> request.functionName("orders").maximumRetryAttempts(1)
                .maximumEventAgeInSeconds(3600).destinationConfig(d -> d.onFailure(f -> f.destination(
                        "arn:aws:sqs:us-east-1:123456789012:orders-failures"))));
        source.putFunctionEventInvokeConfig(request -> request.functionName("orders").qualifier("live")
                .maximumRetryAttempts(0).destinationConfig(d -> d.onSuccess(f -> f.destination(
                        "arn:aws:sns:us-east-1:123456789012:orders-done"))));

        CliRun replicate = run("replicate");

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            LambdaClient replica = samples.lambda(region);
            GetFunctionEventInvokeConfigResponse function = config(replica, null);
            assertThat(function.maximumRetryAttempts()).isEqualTo(1);
            assertThat(function.maximumEventAgeInSeconds()).isEqualTo(3600);
            assertThat(function.destinationConfig().onFailure().destination())
                    .isEqualTo("arn:aws:sqs:" + region + ":123456789012:orders-failures");
            GetFunctionEventInvokeConfigResponse live = config(replica, "live");
            assertThat(live.maximumRetryAttempts()).isZero();
            assertThat(live.destinationConfig().onSuccess().destination())
                    .isEqualTo("arn:aws:sns:" + region + ":123456789012:orders-done");
        }

        emulator.clearRequests();
        assertThat(run("replicate").exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();

        samples.lambda(DR2).putFunctionEventInvokeConfig(request -> request.functionName("orders").qualifier("live")
                .maximumRetryAttempts(2));
        CliRun status = run("status");
        assertThat(status.result("orders", DR2).get("status").asText()).isEqualTo("drifted");
        assertThat(status.result("orders", DR2).get("drift").toString())
                .contains("event invoke configuration alias live");
        assertThat(status.result("orders", DR1).get("status").asText()).isEqualTo("in-sync");

        assertThat(run("replicate").exitCode()).isZero();
        assertThat(config(samples.lambda(DR2), "live").maximumRetryAttempts()).isZero();
    }
}
