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
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;

/**
 * Function URLs end to end: the command line against the emulator, the replicas' URLs read back with the test's own
 * SDK clients, and the report giving each replica's own address.
 */
@ExtendWith(EmulatorExtension.class)
class FunctionUrlReplicationIT {

    private final Emulator emulator;
    private final SampleFunctions samples;

    FunctionUrlReplicationIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private CliRun run(String command) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), command, "orders");
    }

    @Test
    void replicate_createsEachUrlWithItsSettings_andReportsTheReplicasOwnAddresses() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        LambdaClient source = samples.lambda(SOURCE);
        String sourceUrl = source.createFunctionUrlConfig(request -> request.functionName("orders").qualifier("live")
                .authType("NONE").invokeMode("RESPONSE_STREAM").cors(cors -> cors.allowOrigins("https://shop.example.com")
                        .allowMethods("GET").maxAge(300))).functionUrl();

        CliRun replicate = run("replicate");

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            GetFunctionUrlConfigResponse url = samples.lambda(region).getFunctionUrlConfig(request -> request
                    .functionName("orders").qualifier("live"));
            assertThat(url.authTypeAsString()).isEqualTo("NONE");
            assertThat(url.invokeModeAsString()).isEqualTo("RESPONSE_STREAM");
            assertThat(url.cors().allowOrigins()).containsExactly("https://shop.example.com");
            assertThat(url.cors().maxAge()).isEqualTo(300);
            assertThat(url.functionUrl()).contains(region).isNotEqualTo(sourceUrl);
            assertThat(replicate.result("orders", region).get("notes").toString())
                    .contains("function URL of alias live in " + region + ": " + url.functionUrl());
        }

        emulator.clearRequests();
        assertThat(run("replicate").exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();

        source.updateFunctionUrlConfig(request -> request.functionName("orders").qualifier("live").authType("AWS_IAM"));
        CliRun status = run("status");
        assertThat(status.result("orders", DR1).get("drift").toString()).contains("function URL alias live");
        assertThat(run("replicate").exitCode()).isZero();
        assertThat(samples.lambda(DR1).getFunctionUrlConfig(request -> request.functionName("orders")
                .qualifier("live")).authTypeAsString()).isEqualTo("AWS_IAM");
    }
}
