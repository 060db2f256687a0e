package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Environment variable values are secrets. Here they hold quotes, backslashes, non-ASCII letters, newlines, JSON and
 * URLs with passwords, and the emulator puts them into error messages, raw, JSON-escaped and URL-encoded, on reads of
 * the source and on writes to the targets, including a value that exists only on a replica. Whatever path the error
 * takes, none of those forms may reach stdout or stderr, in JSON or in the table.
 */
@ExtendWith(EmulatorExtension.class)
class SecretsIT {

    private static final Map<String, String> SOURCE_SECRETS = new LinkedHashMap<>();

    static {
        SOURCE_SECRETS.put("QUOTED", "pa\"ss\\word-q1");
        SOURCE_SECRETS.put("UNICODE", "clé-secrète-ü-λ-u2");
        SOURCE_SECRETS.put("LINES", "first line of l3\nsecond line of l3");
        SOURCE_SECRETS.put("JSON", "{\"user\":\"admin\",\"password\":\"hunter2-j4\"}");
        SOURCE_SECRETS.put("DB_URL", "postgres://app:s3cr%2Ft-p5@db.example.com:5432/orders?sslmode=require");
    }

    /** Set by hand on the replica in DR2 only. */
    private static final String TARGET_ONLY = "target-only \"t6\" \\ value\nwith a second line";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper ASCII_JSON = new ObjectMapper()
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);

    private final Emulator emulator;
    private final SampleFunctions samples;

    SecretsIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void createSourceAndAReplicaWithAValueOfItsOwn() {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 0), SOURCE_SECRETS, Map.of());
        assertThat(CliRun.json(emulator.endpoint().toString(), "replicate", "--source-region", SOURCE,
                "--target-region", DR2, "--function", "orders").exitCode()).isZero();
        Map<String, String> replicaEnvironment = new LinkedHashMap<>(SOURCE_SECRETS);
        replicaEnvironment.put("HAND_SET", TARGET_ONLY);
        samples.lambda(DR2).updateFunctionConfiguration(r -> r.functionName("orders")
                .environment(e -> e.variables(replicaEnvironment)));
        // A change in the source, so that DR2 needs an update.
        samples.lambda(SOURCE).updateFunctionConfiguration(r -> r.functionName("orders").memorySize(1024));
    }

    /** A run into DR2 (where the replica exists) and DR1 (where it does not). */
    private CliRun run(String command, String output) {
        return CliRun.of(command, "--source-region", SOURCE, "--target-region", DR2, "--target-region", DR1,
                "--function", "orders", "--endpoint-url", emulator.endpoint().toString(), "--output", output);
    }

    private void fault(String region, String operation, String message) {
        emulator.injectFault(Map.of("operation", operation, "region", region, "status", 400,
                "errorType", "InvalidParameterValueException", "message", message, "count", 10));
    }

    /** A message carrying a value in several encodings, as services and proxies quote them. */
    private static String echoing(String value) {
        return "rejected " + value + " / as JSON " + json(JSON, value) + " / " + json(ASCII_JSON, value)
                + " / in a URL ?v=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void replicate_whenReadingTheSourceFailsWithAMessageEchoingValues_printsNoneOfThem() {
        fault(SOURCE, "GetFunction", echoing(SOURCE_SECRETS.get("JSON")) + echoing(SOURCE_SECRETS.get("QUOTED")));
        assertPrintsNoSecret(run("replicate", "json"), run("replicate", "table"), run("status", "table"));

        emulator.clearFaults();
        fault(SOURCE, "ListAliases", echoing(SOURCE_SECRETS.get("LINES")) + echoing(SOURCE_SECRETS.get("UNICODE")));
        CliRun aliasesFailed = run("replicate", "json");
        assertThat(aliasesFailed.exitCode()).isEqualTo(LambdaDrCommand.EXIT_FAILED);
        assertThat(aliasesFailed.result("orders", DR2).get("error").asText())
                .contains("ListAliases failed: InvalidParameterValueException");
        assertPrintsNoSecret(aliasesFailed, run("status", "table"));
    }

    @Test
    void replicate_whenWritingTheTargetsFailsWithMessagesEchoingValues_printsNoneOfThem() {
        fault(DR1, "CreateFunction", echoing(SOURCE_SECRETS.get("UNICODE")) + echoing(SOURCE_SECRETS.get("DB_URL")));
        fault(DR2, "UpdateFunctionConfiguration", echoing(TARGET_ONLY) + echoing(SOURCE_SECRETS.get("LINES")));

        CliRun json = run("replicate", "json");
        CliRun table = run("replicate", "table");

        assertThat(json.exitCode()).isEqualTo(LambdaDrCommand.EXIT_FAILED);
        assertThat(json.result("orders", DR1).get("error").asText()).as(json.stdout())
                .contains("CreateFunction failed: InvalidParameterValueException: rejected ****");
        assertThat(json.result("orders", DR2).get("error").asText())
                .contains("UpdateFunctionConfiguration failed: InvalidParameterValueException: rejected ****");
        assertPrintsNoSecret(json, table);
    }

    private static void assertPrintsNoSecret(CliRun... runs) {
        List<String> values = new ArrayList<>(SOURCE_SECRETS.values());
        values.add(TARGET_ONLY);
        for (CliRun run : runs) {
            String printed = run.stdout() + "\n" + run.stderr();
            for (String value : values) {
                for (String form : formsOf(value)) {
                    assertThat(printed).as("printed output holds a form of a secret: " + form).doesNotContain(form);
                }
            }
        }
    }

    /** The encodings checked, computed here independently of lambda-dr's masking. */
    private static Set<String> formsOf(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        forms.add(unquoted(json(JSON, value)));
        forms.add(unquoted(json(ASCII_JSON, value)));
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        for (String line : value.split("\n")) {
            forms.add(line);
        }
        return forms;
    }

    private static String json(ObjectMapper mapper, String value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unquoted(String jsonString) {
        return jsonString.substring(1, jsonString.length() - 1);
    }
}
