package io.lambdadr.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.usecase.ReplicationRequest.Selection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Command messages read against command.schema.json, and the words a person gets for a bad one. */
class CommandParserTest {

    private final CommandParser parser = new CommandParser();

    private static String resource(String path) throws IOException {
        try (InputStream in = CommandParserTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<String> problemsOf(String message) {
        try {
            parser.parse(message);
        } catch (MalformedCommandException e) {
            return e.problems();
        }
        throw new AssertionError("accepted: " + message);
    }

    @Test
    void parse_whenTheCommandBodiesOfTheFixtures_readsEachIntoItsRecord() throws IOException {
        assertThat(parser.parse(resource("/commands/replicate.json")))
                .isEqualTo(new Command.Replicate(new Selection.Functions(List.of("orders", "billing"))));
        assertThat(parser.parse(resource("/commands/replicate-all.json")))
                .isEqualTo(new Command.Replicate(new Selection.AllProtected()));
        assertThat(parser.parse(resource("/commands/reconcile.json"))).isEqualTo(new Command.Reconcile());
        assertThat(parser.parse(resource("/commands/status.json")))
                .isEqualTo(new Command.Status(new Selection.Functions(List.of("orders", "billing"))));
        assertThat(parser.parse(resource("/commands/status-all.json")))
                .isEqualTo(new Command.Status(new Selection.AllProtected()));
        assertThat(parser.parse(resource("/commands/redrive.json"))).isEqualTo(new Command.Redrive(10));
        assertThat(parser.parse(resource("/commands/validate-config.json")))
                .isInstanceOfSatisfying(Command.ValidateConfig.class,
                        command -> assertThat(command.yaml()).startsWith("protectTag:\n  key: lambda-dr:protect\n"));
    }

    @Test
    void parse_whenTheSchemasOwnExamples_acceptsEveryOne() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(resource(CommandParser.SCHEMA_RESOURCE));
        List<JsonNode> examples = new java.util.ArrayList<>();
        schema.path("examples").forEach(examples::add);
        schema.path("$defs").forEach(definition -> definition.path("examples").forEach(example -> {
            if (example.isObject()) {
                examples.add(example);
            }
        }));

        assertThat(examples).hasSizeGreaterThan(10);
        examples.forEach(example -> assertThat(parser.parse(example.toString())).as(example.toString()).isNotNull());
    }

    @Test
    void parse_whenRedriveHasNoMax_takesTen() {
        assertThat(parser.parse("{\"command\": \"redrive\"}")).isEqualTo(new Command.Redrive(10));
    }

    @Test
    void parse_whenNotJson_saysSoWithWhere() {
        assertThat(problemsOf("replicate orders please")).singleElement().asString()
                .startsWith("the message is not JSON: Unrecognized token 'replicate'")
                .contains("(line 1, column ")
                .endsWith("send one JSON object such as {\"command\": \"reconcile\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void parse_whenEmpty_saysSo(String message) {
        assertThat(problemsOf(message)).containsExactly(
                "the message is empty; send one JSON object such as {\"command\": \"reconcile\"}");
    }

    @Test
    void parse_whenJsonButNotAnObject_saysWhatItIs() {
        assertThat(problemsOf("[\"replicate\"]")).containsExactly("the message is a list, not a JSON object; send "
                + "one JSON object such as {\"command\": \"reconcile\"}");
    }

    @Test
    void parse_whenTheCommandIsUnknown_namesItAndTheKnownOnes() {
        assertThat(problemsOf("{\"command\": \"failover\", \"functions\": [\"orders\"]}")).containsExactly(
                "command = 'failover': not a command lambda-dr knows; the commands are replicate, reconcile, "
                        + "status, redrive and validate-config");
    }

    @Test
    void parse_whenTheCommandFieldIsMissing_saysWhatItNames() {
        assertThat(problemsOf("{\"functions\": [\"orders\"]}")).containsExactly("the message: the field "
                + "\"command\" is missing; it names what to do: replicate, reconcile, status, redrive or "
                + "validate-config");
    }

    @Test
    void parse_whenAFieldIsMisspelt_namesItAndTheFieldsTheCommandTakes() {
        assertThat(problemsOf("{\"command\": \"replicate\", \"function\": [\"orders\"]}")).containsExactly(
                "the message: unknown field \"function\"; the replicate command takes \"command\", \"functions\", "
                        + "\"all\"",
                "the message: name the functions in \"functions\", or set \"all\": true; one of the two, not both");
    }

    @Test
    void parse_whenFunctionsAndAllAreBothGiven_asksForOneOfTheTwo() {
        assertThat(problemsOf("{\"command\": \"status\", \"functions\": [\"orders\"], \"all\": true}"))
                .containsExactly("the message: name the functions in \"functions\", or set \"all\": true; one of "
                        + "the two, not both");
    }

    @Test
    void parse_whenFieldsHaveWrongValues_namesEachWithWhatIsThere() {
        assertThat(problemsOf("{\"command\": \"replicate\", \"functions\": [\"arn:aws:lambda:x\", 7]}"))
                .containsExactly(
                        "functions[0] = 'arn:aws:lambda:x': not a function name (a plain name, not an ARN: letters, "
                                + "digits, hyphens and underscores, at most 64)",
                        "functions[1] = 7: integer found, string expected");
        assertThat(problemsOf("{\"command\": \"redrive\", \"max\": 500}"))
                .containsExactly("max = 500: must have a maximum value of 100");
        assertThat(problemsOf("{\"command\": \"replicate\", \"all\": false}")).containsExactly(
                "all = false: must be true when present; to take named functions, leave \"all\" out and list them "
                        + "in \"functions\"");
    }

    @Test
    void parse_whenARequiredFieldIsMissing_namesItAndTheFieldsTheCommandTakes() {
        assertThat(problemsOf("{\"command\": \"validate-config\"}")).containsExactly("the message: the field "
                + "\"yaml\" is missing; the validate-config command takes \"command\", \"yaml\"");
    }

    @Test
    void parse_whenAFieldIsRepeated_refusesIt() {
        assertThat(problemsOf("{\"command\": \"status\", \"command\": \"replicate\", \"all\": true}"))
                .singleElement().asString().contains("Duplicate field 'command'");
    }
}
