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

/** Provisioned concurrency end to end, read back with the test's own SDK clients per alias and version. */
@ExtendWith(EmulatorExtension.class)
class ProvisionedConcurrencyIT {

    private final Emulator emulator;
    private final SampleFunctions samples;

    ProvisionedConcurrencyIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private CliRun run(String command) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), command, "orders");
    }

    @Test
    void replicate_requestsTheSourcesProvisionedConcurrencyOnTheReplicasAliasAndVersion() {
        List<String> versions = samples.createVersionedSample(SOURCE, "orders", 0);
        LambdaClient source = samples.lambda(SOURCE);
        source.putProvisionedConcurrencyConfig(request -> request.functionName("orders").qualifier("live")
                .provisionedConcurrentExecutions(5));
        source.putProvisionedConcurrencyConfig(request -> request.functionName("orders").qualifier(versions.getFirst())
                .provisionedConcurrentExecutions(2));

        CliRun replicate = run("replicate");

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            LambdaClient replica = samples.lambda(region);
            assertThat(replica.getProvisionedConcurrencyConfig(request -> request.functionName("orders")
                    .qualifier("live")).requestedProvisionedConcurrentExecutions()).isEqualTo(5);
            String stable = replica.getAlias(request -> request.functionName("orders").name("stable"))
                    .functionVersion();
            assertThat(replica.getProvisionedConcurrencyConfig(request -> request.functionName("orders")
                    .qualifier(stable)).requestedProvisionedConcurrentExecutions()).isEqualTo(2);
        }
        emulator.clearRequests();
        assertThat(run("replicate").exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
    }
}
