package io.lambdadr.functions.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.lambdadr.core.domain.DisplayText;
import io.lambdadr.core.usecase.ReplicationRequest.Selection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one message into a {@link Command}: the text must be one JSON object that {@code command.schema.json} allows
 * (checked first, so that every problem is reported at once, in words), which is then read into the command's
 * record. Thread-safe; build it once.
 */
public final class CommandParser {

    /** Where the schema lives on the classpath; the README and the operators read the same file. */
    public static final String SCHEMA_RESOURCE = "/command.schema.json";

    private static final String ROOT = "the message";
    private static final String COMMANDS = "replicate, reconcile, status, redrive or validate-config";

    // Strict: a repeated field or text after the object is a mistake to report, not something to guess about.
    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final JsonNode schemaTree;
    private final JsonSchema schema;

    public CommandParser() {
        try (InputStream in = CommandParser.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the function's package");
            }
            schemaTree = json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_PATH)
                // The schema's own words for the problems whose default wording would not help a person.
                .errorMessageKeyword("errorMessage")
                .build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaTree, config);
    }

    /**
     * Reads a message.
     *
     * @throws MalformedCommandException saying every way in which the message is not a command
     */
    public Command parse(String message) {
        JsonNode tree = readJson(message);
        List<String> problems = problems(tree);
        if (!problems.isEmpty()) {
            throw new MalformedCommandException(problems);
        }
        String name = tree.get("command").asText();
        return switch (name) {
            case "replicate" -> new Command.Replicate(selection(tree));
            case "reconcile" -> new Command.Reconcile();
            case "status" -> new Command.Status(selection(tree));
            case "redrive" -> new Command.Redrive(tree.path("max").asInt(Command.Redrive.DEFAULT));
            case "validate-config" -> new Command.ValidateConfig(tree.get("yaml").asText());
            // The schema's enum lists the same names: only a schema edited without this switch gets here.
            default -> throw new MalformedCommandException(List.of("command = " + DisplayText.quoted(name)
                    + ": not a command this release can run"));
        };
    }

    private JsonNode readJson(String message) {
        if (message == null || message.isBlank()) {
            throw new MalformedCommandException(List.of(ROOT + " is empty; send one JSON object such as "
                    + "{\"command\": \"reconcile\"}"));
        }
        try {
            return json.readTree(message);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            String problem = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
            throw new MalformedCommandException(List.of(ROOT + " is not JSON: " + problem + where
                    + "; send one JSON object such as {\"command\": \"reconcile\"}"));
        }
    }

    private List<String> problems(JsonNode tree) {
        if (!tree.isObject()) {
            return List.of(ROOT + " is " + kindOf(tree) + ", not a JSON object; send one JSON object such as "
                    + "{\"command\": \"reconcile\"}");
        }
        Set<ValidationMessage> messages = schema.validate(tree);
        // A failed oneOf reports why each branch failed as well; its own message (the schema's words) says it all.
        List<String> failedChoices = messages.stream().filter(m -> "oneOf".equals(m.getType()))
                .map(m -> m.getEvaluationPath().toString() + "[").toList();
        return messages.stream()
                .filter(m -> failedChoices.stream().noneMatch(m.getEvaluationPath().toString()::startsWith))
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .map(m -> inWords(m, tree))
                .distinct()
                .toList();
    }

    /** One problem as a person reads it: where, what is there, and what it should be. */
    private String inWords(ValidationMessage message, JsonNode tree) {
        String location = message.getInstanceLocation().toString();
        String where = location.equals("$") ? ROOT : location.substring(2);
        return switch (message.getType()) {
            case "required" -> where + ": the field \"" + message.getProperty() + "\" is missing"
                    + ("command".equals(message.getProperty()) ? "; it names what to do: " + COMMANDS : fieldsOf(tree));
            case "additionalProperties" -> where + ": unknown field \"" + message.getProperty() + "\""
                    + fieldsOf(tree);
            default -> where + shown(message.getInstanceNode()) + ": " + withoutLocation(message, location);
        };
    }

    /** The fields the message's command takes, from the schema, for a message that has an unknown or missing one. */
    private String fieldsOf(JsonNode tree) {
        JsonNode definition = schemaTree.path("$defs").path(tree.path("command").asText());
        if (!definition.isObject()) {
            return "";
        }
        List<String> fields = new ArrayList<>();
        definition.path("properties").fieldNames().forEachRemaining(fields::add);
        return "; the " + tree.path("command").asText() + " command takes " + fields.stream()
                .map(field -> "\"" + field + "\"").collect(Collectors.joining(", "));
    }

    private static String withoutLocation(ValidationMessage message, String location) {
        String text = message.getMessage();
        String prefix = location + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    /** What the message holds at a problem, {@code " = 'x'"}; nothing for an object or a list, named by its place. */
    private static String shown(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isContainerNode()) {
            return "";
        }
        if (node.isTextual()) {
            return " = " + DisplayText.quoted(node.asText());
        }
        String text = node.toString();
        return " = " + (text.length() > DisplayText.MAX_CHARACTERS ? kindOf(node) : text);
    }

    private static String kindOf(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "true or false";
        }
        return node.isNull() ? "null" : "not a value";
    }

    private static Selection selection(JsonNode tree) {
        if (tree.path("all").asBoolean(false)) {
            return new Selection.AllProtected();
        }
        List<String> names = new ArrayList<>();
        for (Iterator<JsonNode> it = tree.get("functions").elements(); it.hasNext(); ) {
            names.add(it.next().asText());
        }
        return new Selection.Functions(names);
    }
}
