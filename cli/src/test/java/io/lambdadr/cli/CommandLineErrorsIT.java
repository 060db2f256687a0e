package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * How the command line refuses what it cannot do: usage and configuration errors exit 2 before any AWS call and print
 * no report; a function missing from the source fails alone (exit 1) while the others are still replicated.
 */
@ExtendWith(EmulatorExtension.class)
class CommandLineErrorsIT {

    private final Emulator emulator;
    private final SampleFunctions samples;

    CommandLineErrorsIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @TempDir
    Path tempDir;

    @BeforeEach
    void createSourceFunction() {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 0), Map.of(),
                Map.of(SampleFunctions.PROTECT_TAG, "true"));
        emulator.clearRequests();
    }

    /** Runs against the emulator with the given arguments, {@code --endpoint-url} appended. */
    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", emulator.endpoint().toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Exit 2, a message on stderr, nothing on stdout, and not one request reached the emulator. */
    void assertRefusedBeforeAnyCall(CliRun run, String... messageParts) {
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(LambdaDrCommand.EXIT_USAGE);
        assertThat(run.stderr()).contains(messageParts);
        assertThat(run.stdout()).as("stdout must hold no partial report").isBlank();
        assertThat(emulator.requests()).isEmpty();
        assertThat(samples.lambda(DR1).listFunctions().functions()).isEmpty();
    }

    Path configFile(String yaml) {
        try {
            return Files.writeString(tempDir.resolve("dr.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void replicate_whenSourceRegionIsUnknown_exitsTwoNamingTheOptionAndValueBeforeAnyCall() {
        CliRun run = run("replicate", "--source-region", "us-east-9", "--target-region", DR1,
                "--function", "orders", "--output", "json");

        assertRefusedBeforeAnyCall(run, "--source-region", "'us-east-9'");
    }

    @Test
    void replicate_whenOneOfSeveralTargetRegionsIsUnknown_exitsTwoNamingTheOptionAndValueBeforeAnyCall() {
        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--target-region", "eu-wset-1",
                "--function", "orders", "--output", "json");

        assertRefusedBeforeAnyCall(run, "--target-region", "'eu-wset-1'");
    }

    @Test
    void replicate_whenTargetRegionIsTheSourceRegion_exitsTwoBeforeAnyCall() {
        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--target-region", SOURCE,
                "--function", "orders", "--output", "json");

        assertRefusedBeforeAnyCall(run, "--target-region " + SOURCE, "source region");
    }

    @Test
    void replicate_whenATargetRegionIsInAnotherPartition_exitsTwoNamingBothPartitionsBeforeAnyCall() {
        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--target-region",
                "cn-north-1", "--function", "orders", "--output", "json");

        assertRefusedBeforeAnyCall(run, "--target-region cn-north-1 is in the aws-cn partition", "us-east-1 in aws");
    }

    @Test
    void replicate_whenConfigIsNotYamlAtAll_exitsTwoNamingTheFileBeforeAnyCall() {
        Path config = configFile("@@@ lambda-dr settings\n");

        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", "orders",
                "--config", config.toString(), "--output", "json");

        assertRefusedBeforeAnyCall(run, config.toString(), "not valid YAML");
    }

    @Test
    void replicate_whenConfigHasAYamlSyntaxErrorInsideASection_exitsTwoCallingItInvalidYamlBeforeAnyCall() {
        // An unclosed quote: a syntax error, not a wrong value for protectTag.
        Path config = configFile("protectTag: {key: \"dr, value: yes}\nparallelism: 4\n");

        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", "orders",
                "--config", config.toString(), "--output", "json");

        assertRefusedBeforeAnyCall(run, config.toString(), "not valid YAML");
    }

    @Test
    void replicate_whenConfigHasAnUnknownSetting_exitsTwoNamingTheFileAndTheSettingBeforeAnyCall() {
        Path config = configFile("targets:\n  eu-west-1:\n    subnet:\n      subnet-0abc1234: subnet-0def5678\n");

        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", "orders",
                "--config", config.toString(), "--output", "json");

        assertRefusedBeforeAnyCall(run, config.toString(), "unknown setting 'subnet'", "targets.eu-west-1");
    }

    @Test
    void replicate_whenConfigMapsAnArnToSomethingElse_exitsTwoNamingTheMappingBeforeAnyCall() {
        Path config = configFile("targets:\n  eu-west-1:\n    arns:\n"
                + "      \"arn:aws:sns:us-east-1:123456789012:orders\": \"orders-topic-in-ireland\"\n");

        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", "orders",
                "--config", config.toString(), "--output", "json");

        assertRefusedBeforeAnyCall(run, config.toString(), "targets.eu-west-1.arns", "orders-topic-in-ireland",
                "not an ARN mapping");
    }

    @Test
    void replicate_whenEndpointPortIsClosed_exitsTwoQuicklySayingItCannotReachLambda() {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        long started = System.nanoTime();

        CliRun run = CliRun.of("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", "orders",
                "--endpoint-url", endpoint, "--output", "json");

        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(LambdaDrCommand.EXIT_USAGE);
        assertThat(run.stderr()).contains("cannot reach Lambda", endpoint, "--endpoint-url");
        assertThat(run.stdout()).isBlank();
        // One refused connection takes milliseconds; retrying it with backoff only delays the same answer.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void replicate_whenOutputFormatIsUnknown_exitsTwoNamingTheFormatBeforeAnyCall() {
        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", "orders",
                "--output", "yaml");

        assertRefusedBeforeAnyCall(run, "--output", "'yaml'");
    }

    @Test
    void replicate_whenNeitherFunctionNorAllIsGiven_exitsTwoNamingBothOptionsBeforeAnyCall() {
        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--output", "json");

        assertRefusedBeforeAnyCall(run, "--function", "--all");
    }

    @Test
    void replicate_whenOneFunctionIsMissingFromTheSource_failsItAloneAndStillReplicatesTheOthers() {
        CliRun run = CliRun.json(emulator.endpoint().toString(), "replicate", "--source-region", SOURCE,
                "--target-region", DR1, "--target-region", DR2, "--function", "ghost", "--function", "orders");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(LambdaDrCommand.EXIT_FAILED);
        for (String region : List.of(DR1, DR2)) {
            JsonNode missing = run.result("ghost", region);
            assertThat(missing.get("outcome").asText()).isEqualTo("failed");
            assertThat(missing.get("error").asText()).contains("ghost", "not found in " + SOURCE);
            assertThat(missing.at("/apiCalls/writes").asLong()).isZero();
            assertThat(run.result("orders", region).get("outcome").asText()).isEqualTo("created");
            assertThat(samples.lambda(region).listFunctions().functions())
                    .extracting(FunctionConfiguration::functionName).containsExactly("orders");
        }
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite)
                .isNotEmpty()
                .noneMatch(request -> request.path().contains("ghost"));
    }

    @Test
    void replicate_whenTheEndpointIsAWebServerButNotAws_exitsTwoSayingSo() throws IOException {
        HttpServer notAws = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        notAws.createContext("/", exchange -> {
            byte[] page = "<html><body><h1>404 Not Found</h1></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        notAws.start();
        try {
            String endpoint = "http://127.0.0.1:" + notAws.getAddress().getPort();

            CliRun run = CliRun.of("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function",
                    "orders", "--endpoint-url", endpoint, "--output", "json");

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(LambdaDrCommand.EXIT_USAGE);
            assertThat(run.stderr()).contains("is not an AWS endpoint", "HTTP 404", endpoint, "--endpoint-url");
            assertThat(run.stdout()).isBlank();
        } finally {
            notAws.stop(0);
        }
    }

    @Test
    void replicate_whenTheConfigurationFileNeverEnds_exitsTwoNamingTheSizeLimitBeforeAnyCall() {
        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", "orders",
                "--config", "/dev/zero", "--output", "json");

        assertRefusedBeforeAnyCall(run, "/dev/zero", "1 MiB");
    }

    @Test
    void replicate_whenAFunctionNameIsOverlong_exitsTwoShowingItShortened() {
        String name = "f".repeat(5000);

        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", name,
                "--output", "json");

        assertRefusedBeforeAnyCall(run, "--function", "(5000 characters)", "not a function name");
        assertThat(run.stderr().length()).isLessThan(400);
    }

    @Test
    void replicate_whenTheDeadlineIsNotADuration_exitsTwoSayingHowToWriteOne() {
        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", "orders",
                "--deadline", "10x", "--output", "json");

        assertRefusedBeforeAnyCall(run, "--deadline", "'10x'", "90s, 15m or 1h30m");
    }

    @Test
    void replicate_whenTheConfigurationMapsARegionThisRunDoesNotReplicateInto_warnsAndCarriesOn() {
        Path config = configFile("targets:\n  ap-south-1:\n    subnets:\n      subnet-0abc1234: subnet-0def5678\n");

        CliRun run = run("replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", "orders",
                "--config", config.toString(), "--output", "json");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stderr()).contains("warning", "targets.ap-south-1", "not a target region of this run");
        assertThat(run.result("orders", DR1).get("outcome").asText()).isEqualTo("created");
    }

    @Test
    void replicate_whenTheEnvironmentOutgrowsFourKilobytesInTheTargetRegion_failsItBeforeAnyWrite() {
        // Forty queue ARNs: us-east-1 becomes the longer ap-southeast-2 in each, taking 4000 bytes past 4096.
        Map<String, String> environment = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            environment.put(String.format("QUEUE_%02d", i),
                    "arn:aws:sqs:us-east-1:123456789012:queue-" + "x".repeat(43) + i);
        }
        samples.createFunction(SOURCE, "queues", SampleFunctions.zip("queues", 0), environment, Map.of());
        emulator.clearRequests();

        CliRun run = CliRun.json(emulator.endpoint().toString(), "replicate", "--source-region", SOURCE,
                "--target-region", "ap-southeast-2", "--function", "queues");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(LambdaDrCommand.EXIT_FAILED);
        assertThat(run.result("queues", "ap-southeast-2").get("error").asText())
                .contains("Environment", "after translation for ap-southeast-2", "4096")
                .doesNotContain("queue-xxx");
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
    }
}
