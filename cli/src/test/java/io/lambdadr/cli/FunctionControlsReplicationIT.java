package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetRuntimeManagementConfigResponse;

/**
 * What guards a function (code signing, recursive loop detection, runtime updates) and the newer settings of its
 * configuration (durable execution), end to end: the command line against the emulator, each replica read back with
 * the test's own SDK calls.
 */
@ExtendWith(EmulatorExtension.class)
class FunctionControlsReplicationIT {

    private static final String ACCOUNT = "123456789012";
    private static final String SIGNING_ID = "csc-0a1b2c3d4e5f60718";
    private static final String RUNTIME_ID = "8eeff65f6809a3ce81507fe733fe09b835899b99481ba22fd75b5a7338290ec1";

    private final Emulator emulator;
    private final SampleFunctions samples;
    @TempDir
    Path dir;

    FunctionControlsReplicationIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private static String signing(String region, String id) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":code-signing-config:" + id;
    }

    private static String runtime(String region, String id) {
        return "arn:aws:lambda:" + region + "::runtime:" + id;
    }

    /** Maps the source's code signing configuration and runtime version to each region's own. */
    private Path mappings() throws Exception {
        StringBuilder yaml = new StringBuilder("targets:\n");
        for (String region : List.of(DR1, DR2)) {
            yaml.append("  ").append(region).append(":\n    arns:\n")
                    .append("      \"").append(signing(SOURCE, SIGNING_ID)).append("\": \"")
                    .append(signing(region, "csc-" + region.replace("-", "").substring(0, 6) + "00000000000"))
                    .append("\"\n      \"").append(runtime(SOURCE, RUNTIME_ID)).append("\": \"")
                    .append(runtime(region, region.replace("-", "") + RUNTIME_ID.substring(10))).append("\"\n");
        }
        return Files.writeString(dir.resolve("dr.yaml"), yaml.toString());
    }

    private CliRun run(String command, String function, String... extra) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), command, function, extra);
    }

    private void guard(LambdaClient lambda, String function) {
        lambda.putFunctionCodeSigningConfig(r -> r.functionName(function)
                .codeSigningConfigArn(signing(SOURCE, SIGNING_ID)));
        lambda.putFunctionRecursionConfig(r -> r.functionName(function).recursiveLoop("Allow"));
        lambda.putRuntimeManagementConfig(r -> r.functionName(function).updateRuntimeOn("Manual")
                .runtimeVersionArn(runtime(SOURCE, RUNTIME_ID)));
    }

    @Test
    void replicate_attachesEachRegionsOwnSigningConfigurationAndRuntime_andCarriesRecursionAndDurableExecution()
            throws Exception {
        samples.createVersionedSample(SOURCE, "orders", 0);
        LambdaClient source = samples.lambda(SOURCE);
        source.updateFunctionConfiguration(r -> r.functionName("orders")
                .durableConfig(d -> d.retentionPeriodInDays(7).executionTimeout(900)));
        guard(source, "orders");
        String config = mappings().toString();

        CliRun replicate = run("replicate", "orders", "--config", config);

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            LambdaClient replica = samples.lambda(region);
            assertThat(replica.getFunctionCodeSigningConfig(r -> r.functionName("orders")).codeSigningConfigArn())
                    .startsWith("arn:aws:lambda:" + region + ":").endsWith("00000000000");
            assertThat(replica.getFunctionRecursionConfig(r -> r.functionName("orders")).recursiveLoopAsString())
                    .isEqualTo("Allow");
            GetRuntimeManagementConfigResponse runtime = replica.getRuntimeManagementConfig(r ->
                    r.functionName("orders"));
            assertThat(runtime.updateRuntimeOnAsString()).isEqualTo("Manual");
            assertThat(runtime.runtimeVersionArn()).startsWith("arn:aws:lambda:" + region + "::runtime:");
            GetFunctionConfigurationResponse configuration = replica.getFunctionConfiguration(r ->
                    r.functionName("orders"));
            assertThat(configuration.durableConfig().retentionPeriodInDays()).isEqualTo(7);
            assertThat(configuration.durableConfig().executionTimeout()).isEqualTo(900);
        }

        emulator.clearRequests();
        assertThat(run("replicate", "orders", "--config", config).exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();

        samples.lambda(DR2).putFunctionRecursionConfig(r -> r.functionName("orders").recursiveLoop("Terminate"));
        CliRun status = run("status", "orders", "--config", config);
        assertThat(status.result("orders", DR1).get("status").asText()).isEqualTo("in-sync");
        assertThat(status.result("orders", DR2).get("status").asText()).isEqualTo("drifted");
        assertThat(status.result("orders", DR2).get("drift").toString()).contains("recursion");
        assertThat(run("replicate", "orders", "--config", config).exitCode()).isZero();
        assertThat(samples.lambda(DR2).getFunctionRecursionConfig(r -> r.functionName("orders"))
                .recursiveLoopAsString()).isEqualTo("Allow");
    }

    @Test
    void replicate_followsEachControlChangedInTheSource_andStatusReportsEachOneChangedByHandInATarget()
            throws Exception {
        samples.createVersionedSample(SOURCE, "ledger", 0);
        LambdaClient source = samples.lambda(SOURCE);
        guard(source, "ledger");
        String config = mappings().toString();
        assertThat(run("replicate", "ledger", "--config", config).exitCode()).isZero();

        // Each control changed in the source: signing detached, runtime updates automatic, loops stopped.
        source.deleteFunctionCodeSigningConfig(r -> r.functionName("ledger"));
        source.putRuntimeManagementConfig(r -> r.functionName("ledger").updateRuntimeOn("Auto"));
        source.putFunctionRecursionConfig(r -> r.functionName("ledger").recursiveLoop("Terminate"));
        CliRun follow = run("replicate", "ledger", "--config", config);

        assertThat(follow.exitCode()).as(follow.stdout() + follow.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            LambdaClient replica = samples.lambda(region);
            assertThat(replica.getFunctionCodeSigningConfig(r -> r.functionName("ledger")).codeSigningConfigArn())
                    .as(region).isNullOrEmpty();
            GetRuntimeManagementConfigResponse runtime = replica.getRuntimeManagementConfig(r ->
                    r.functionName("ledger"));
            assertThat(runtime.updateRuntimeOnAsString()).as(region).isEqualTo("Auto");
            assertThat(replica.getFunctionRecursionConfig(r -> r.functionName("ledger")).recursiveLoopAsString())
                    .as(region).isEqualTo("Terminate");
        }

        // By hand: eu-west-1 pins a runtime version, us-west-2 gets a code signing configuration attached.
        samples.lambda(DR1).putRuntimeManagementConfig(r -> r.functionName("ledger").updateRuntimeOn("Manual")
                .runtimeVersionArn(runtime(DR1, RUNTIME_ID)));
        samples.lambda(DR2).putFunctionCodeSigningConfig(r -> r.functionName("ledger")
                .codeSigningConfigArn(signing(DR2, SIGNING_ID)));
        CliRun status = run("status", "ledger", "--config", config);

        assertThat(status.result("ledger", DR1).get("status").asText()).isEqualTo("drifted");
        assertThat(status.result("ledger", DR1).get("drift").toString()).contains("runtime management")
                .doesNotContain("code signing");
        assertThat(status.result("ledger", DR2).get("status").asText()).isEqualTo("drifted");
        assertThat(status.result("ledger", DR2).get("drift").toString()).contains("code signing")
                .doesNotContain("runtime management");
        assertThat(run("replicate", "ledger", "--config", config).exitCode()).isZero();
        assertThat(samples.lambda(DR1).getRuntimeManagementConfig(r -> r.functionName("ledger"))
                .updateRuntimeOnAsString()).isEqualTo("Auto");
        assertThat(samples.lambda(DR2).getFunctionCodeSigningConfig(r -> r.functionName("ledger"))
                .codeSigningConfigArn()).isNullOrEmpty();
    }

    @Test
    void replicate_whenAManualRuntimeVersionIsNotMapped_failsNamingItAndWhatToDo_andWritesNothing() {
        samples.createVersionedSample(SOURCE, "payroll", 0);
        samples.lambda(SOURCE).putRuntimeManagementConfig(r -> r.functionName("payroll").updateRuntimeOn("Manual")
                .runtimeVersionArn(runtime(SOURCE, RUNTIME_ID)));
        emulator.clearRequests();

        CliRun replicate = run("replicate", "payroll");

        assertFailedInBothRegionsWritingNothing(replicate, "payroll", region -> List.of(
                "RuntimeManagementConfig.RuntimeVersionArn = " + runtime(SOURCE, RUNTIME_ID),
                "targets." + region + ".arns", "Auto"));
    }

    @Test
    void replicate_whenTheSigningConfigurationIsNotMapped_failsNamingItAndWhatToMap_andWritesNothing() {
        samples.createVersionedSample(SOURCE, "billing", 0);
        guard(samples.lambda(SOURCE), "billing");
        emulator.clearRequests();

        CliRun replicate = run("replicate", "billing");

        assertFailedInBothRegionsWritingNothing(replicate, "billing", region -> List.of(
                "CodeSigningConfigArn = " + signing(SOURCE, SIGNING_ID), "targets." + region + ".arns"));
    }

    /**
     * {@code run} failed {@code function} in both DR regions as permanent, with errors naming what
     * {@code named.apply(region)} lists, and nothing was written anywhere (the emulator's request log, cleared before).
     */
    private void assertFailedInBothRegionsWritingNothing(CliRun run, String function,
                                                         Function<String, List<String>> named) {
        assertThat(run.exitCode()).isEqualTo(1);
        for (String region : List.of(DR1, DR2)) {
            JsonNode failed = run.result(function, region);
            assertThat(failed.get("failureKind").asText()).isEqualTo("permanent");
            assertThat(failed.get("error").asText()).contains(named.apply(region));
            assertThat(samples.lambda(region).listFunctions().functions()).isEmpty();
        }
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
    }
}
