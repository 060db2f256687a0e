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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * {@code --all}: which functions count as protected (the protect tag with exactly its value, default or configured),
 * what happens when none does, and the status table over the selection.
 */
@ExtendWith(EmulatorExtension.class)
class ProtectedSelectionIT {

    private final Emulator emulator;
    private final SampleFunctions samples;

    ProtectedSelectionIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @TempDir
    Path tempDir;

    void createTagged(String name, Map<String, String> tags) {
        samples.createFunction(SOURCE, name, SampleFunctions.zip(name, 0), Map.of(), tags);
    }

    /** {@code command --all} from the source into both DR regions, with any extra arguments. */
    CliRun runAll(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--all", "--source-region", SOURCE,
                "--target-region", DR1, "--target-region", DR2, "--endpoint-url", emulator.endpoint().toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    List<String> functionsIn(String region) {
        return samples.lambda(region).listFunctions().functions().stream()
                .map(FunctionConfiguration::functionName).toList();
    }

    static List<String> reportedFunctions(CliRun run) {
        List<String> names = new ArrayList<>();
        for (JsonNode result : run.document().get("results")) {
            names.add(result.get("function").asText() + " " + result.get("targetRegion").asText());
        }
        return names;
    }

    @Test
    void replicate_whenAllIsGiven_selectsOnlyFunctionsTaggedProtectTrue() {
        createTagged("guarded", Map.of(SampleFunctions.PROTECT_TAG, "true"));
        createTagged("untagged", Map.of("team", "payments"));
        createTagged("declined", Map.of(SampleFunctions.PROTECT_TAG, "false"));

        CliRun run = runAll("replicate", "--output", "json");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(reportedFunctions(run)).containsExactlyInAnyOrder("guarded " + DR1, "guarded " + DR2);
        for (String region : List.of(DR1, DR2)) {
            assertThat(run.result("guarded", region).get("outcome").asText()).isEqualTo("created");
            assertThat(functionsIn(region)).containsExactly("guarded");
        }
    }

    @Test
    void replicate_whenConfigNamesAnotherProtectTag_selectsByThatTagOnly() throws IOException {
        createTagged("custom", Map.of("dr", "yes"));
        createTagged("default-tagged", Map.of(SampleFunctions.PROTECT_TAG, "true"));
        createTagged("custom-no", Map.of("dr", "no"));
        Path config = Files.writeString(tempDir.resolve("dr.yaml"), "protectTag:\n  key: dr\n  value: \"yes\"\n");

        CliRun run = runAll("replicate", "--config", config.toString(), "--output", "json");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(reportedFunctions(run)).containsExactlyInAnyOrder("custom " + DR1, "custom " + DR2);
        for (String region : List.of(DR1, DR2)) {
            assertThat(functionsIn(region)).containsExactly("custom");
        }
    }

    @Test
    void replicate_whenNoFunctionIsProtected_exitsZeroSayingThereIsNothingToDo() {
        createTagged("untagged", Map.of());
        createTagged("declined", Map.of(SampleFunctions.PROTECT_TAG, "false"));
        emulator.clearRequests();

        CliRun run = runAll("replicate", "--output", "json");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stderr()).contains("no function in " + SOURCE, SampleFunctions.PROTECT_TAG + "=true",
                "nothing to do");
        assertThat(run.document().get("results")).isEmpty();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
        for (String region : List.of(DR1, DR2)) {
            assertThat(functionsIn(region)).isEmpty();
        }
    }

    @Test
    void status_whenOutputIsTable_printsAHeaderAndOneRowPerFunctionAndRegion() {
        createTagged("alpha", Map.of(SampleFunctions.PROTECT_TAG, "true"));
        createTagged("beta", Map.of(SampleFunctions.PROTECT_TAG, "true"));
        createTagged("untagged", Map.of());
        CliRun replicated = CliRun.of("replicate", "--all", "--source-region", SOURCE, "--target-region", DR1,
                "--endpoint-url", emulator.endpoint().toString());
        assertThat(replicated.exitCode()).as(replicated.stdout() + replicated.stderr()).isZero();

        CliRun status = runAll("status", "--output", "table");

        assertThat(status.exitCode()).as(status.stdout() + status.stderr()).isZero();
        List<String> lines = status.stdout().lines().toList();
        assertThat(lines.getFirst().split("\\s+"))
                .containsExactly("FUNCTION", "REGION", "STATUS", "READS", "WRITES", "CODE", "BYTES", "DETAIL");
        List<List<String>> rows = lines.subList(1, lines.indexOf("")).stream()
                .map(line -> List.of(line.split("\\s+")).subList(0, 3))
                .toList();
        assertThat(rows).containsExactlyInAnyOrder(
                List.of("alpha", DR1, "in-sync"),
                List.of("alpha", DR2, "missing"),
                List.of("beta", DR1, "in-sync"),
                List.of("beta", DR2, "missing"));
        assertThat(status.stdout()).doesNotContain("untagged");
        assertThat(functionsIn(DR2)).isEmpty();
    }
}
