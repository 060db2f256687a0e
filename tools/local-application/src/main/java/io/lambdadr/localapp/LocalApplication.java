package io.lambdadr.localapp;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.ReplicaRecord;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.ReplicaCheck;
import io.lambdadr.testsupport.SampleFunctions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The SAM application working locally: its handlers run in this process against the emulator (a source and two target
 * regions), through a schedule tick, a change event, commands, and a failure that reaches a person as a readable alert
 * and is redriven once its cause is gone. Each step is checked as it goes (replicas read back from both sides, writes
 * counted in the emulator's request log, alerts read back from a queue subscribed to the alerts topic); a step that
 * does not behave as expected ends the run with status 1 and a message saying which.
 *
 * <p>Usage: {@code LocalApplication [--reset] ENDPOINT_URL}. {@code --reset} wipes the emulator first; without it the
 * emulator must not hold the application's resources yet. The handlers' own logs (JSON lines) and metrics go to a
 * file, named at the end, so that the narrative stays readable. Environment variable values of the functions are
 * never printed: any line holding one stops the run instead.
 */
public final class LocalApplication {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = LocalDeployment.SOURCE;
    private static final List<String> TARGETS = LocalDeployment.TARGETS;
    /**
     * What the handlers need from their environment outside Lambda, with the values to give: Powertools' metrics
     * namespace (template.yaml's Globals set it), and where metrics go (in Lambda, the function's log; elsewhere the
     * metrics library looks for an agent unless told to write to stdout).
     */
    private static final Map<String, String> REQUIRED_ENVIRONMENT = Map.of(
            "POWERTOOLS_METRICS_NAMESPACE", "lambda-dr", "AWS_EMF_ENVIRONMENT", "Local");
    private static final Set<String> READS_SENT_AS_POST = Set.of("Query", "GetItem", "BatchGetItem", "Scan",
            "GetResources", "ReceiveMessage", "GetQueueAttributes");

    private final PrintStream out;
    private final Emulator emulator;
    private final SampleFunctions samples;
    private final Set<String> secrets = new LinkedHashSet<>();
    private LocalDeployment application;

    private LocalApplication(PrintStream out, Emulator emulator, SampleFunctions samples) {
        this.out = out;
        this.emulator = emulator;
        this.samples = samples;
    }

    public static void main(String[] args) {
        boolean reset = args.length == 2 && args[0].equals("--reset");
        if (!(args.length == 1 || reset) || !args[args.length - 1].matches("https?://\\S+")) {
            System.err.println("usage: LocalApplication [--reset] ENDPOINT_URL (the emulator's, such as "
                    + "http://127.0.0.1:4566)");
            System.exit(2);
        }
        URI endpoint = URI.create(args[args.length - 1]);
        List<String> unset = REQUIRED_ENVIRONMENT.entrySet().stream()
                .filter(variable -> System.getenv(variable.getKey()) == null)
                .map(variable -> variable.getKey() + "=" + variable.getValue()).toList();
        if (!unset.isEmpty()) {
            System.err.println("local application: the handlers need these environment variables outside Lambda: "
                    + String.join(" ", unset) + " (bin/demo sets them)");
            System.exit(2);
        }
        PrintStream narrative = System.out;
        PrintStream errors = System.err;
        Path logs;
        try {
            logs = Files.createTempFile("lambda-dr-local-application-", ".log");
            // Before any handler or client exists: the logging and metrics libraries write to the standard streams
            // they find when they start.
            PrintStream handlerOutput = new PrintStream(Files.newOutputStream(logs), true, StandardCharsets.UTF_8);
            System.setOut(handlerOutput);
            System.setErr(handlerOutput);
        } catch (IOException e) {
            errors.println("local application: cannot create the log file: " + e.getMessage());
            System.exit(1);
            return;
        }
        int status = 0;
        LocalApplication run = null;
        try (SampleFunctions samples = new SampleFunctions(endpoint)) {
            run = new LocalApplication(narrative, Emulator.attach(endpoint), samples);
            run.run(reset);
            run.checkLogsHoldNoSecret(logs);
            narrative.println();
            narrative.println("== Done: every step behaved as expected. The handlers' logs (JSON lines): " + logs);
        } catch (StepFailed | RuntimeException e) {
            status = 1;
            errors.println();
            String why = run == null ? describe(e) : run.withoutSecrets(describe(e));
            errors.println("local application: FAILED: " + why);
            errors.println("The handlers' logs (JSON lines): " + logs);
        }
        System.exit(status);
    }

    private void run(boolean reset) throws StepFailed {
        deploy(reset);
        scheduleTick();
        changeEvent();
        commands();
        failureAndRedrive();
    }

    private void deploy(boolean reset) throws StepFailed {
        if (reset) {
            emulator.reset();
        }
        ApplicationFixture resources;
        try {
            resources = new ApplicationFixture(emulator.endpoint());
        } catch (ResourceInUseException e) {
            throw new StepFailed("the emulator at " + emulator.endpoint() + " already holds the table "
                    + ApplicationFixture.TABLE + " (an earlier run?): pass --reset to wipe it first");
        }
        application = new LocalDeployment(resources);
        section("The SAM application, in this process, against the emulator at " + emulator.endpoint()
                + (reset ? " (wiped first)" : ""));
        say("Source " + SOURCE + ", targets " + String.join(" and ", TARGETS) + ". The handlers run here; Lambda's "
                + "asynchronous invocation");
        say("(two retries, then the OnFailure destination) is played here too: the emulator stores functions and "
                + "runs none.");
        say("Created: state table " + ApplicationFixture.TABLE + ", alerts topic, failure archive queue (alerts of "
                + "kind=failure),");
        say("and an inbox queue subscribed to the alerts topic, standing in for the e-mail subscription.");
        samples.createVersionedSample(SOURCE, "orders", 0);
        samples.createFunction(SOURCE, "billing", SampleFunctions.zip("billing-v1", 0),
                Map.of("API_TOKEN", "s3cr3t-billing-token"), protectedTags());
        samples.createFunction(SOURCE, "scratch", SampleFunctions.zip("scratch", 0), Map.of(),
                Map.of("team", "sandbox"));
        rememberSecretsOf("orders", "billing");
        say("Seeded in " + SOURCE + ": orders (3 versions, aliases live and stable) and billing, tagged "
                + SampleFunctions.PROTECT_TAG + "=true; scratch, untagged.");
    }

    private void scheduleTick() throws StepFailed {
        section("1. A schedule tick (events/schedule/scheduler-tick.json)");
        Map<String, Object> tick = EventFixtures.schedule("schedule/scheduler-tick.json");
        int sent = application.worker().events().size();
        Map<String, Object> first = application.tick(tick);
        List<String> dispatched = workSentSince(sent);
        expect(List.of("billing", "orders").equals(dispatched.stream().sorted().toList()),
                "the tick should send the worker billing and orders, it sent " + dispatched);
        say("reconcile: " + first.get("protectedFunctions") + " protected functions, " + first.get("dispatched")
                + " sent to the worker: " + String.join(", ", dispatched));
        for (String function : dispatched) {
            say("worker: " + function + ": " + outcomes(function));
        }
        expectInLine("orders", "billing");
        expect(TARGETS.stream().noneMatch(region -> functionsIn(region).contains("scratch")),
                "scratch is not protected, yet it was replicated");
        say("replicas read back and compared with the source: 4 of 4 in line; scratch left alone");

        sent = application.worker().events().size();
        emulator.clearRequests();
        Map<String, Object> second = application.tick(tick);
        List<Emulator.RecordedRequest> requests = emulator.requests();
        List<String> writes = writes(requests);
        expect(workSentSince(sent).isEmpty() && writes.isEmpty(),
                "the second tick should send nothing and write nothing; it sent " + workSentSince(sent)
                        + " and wrote " + writes);
        say("second tick: " + second.get("dispatched") + " sent to the worker, " + second.get("skipped")
                + " skipped; 0 writes (emulator request log: " + requests.size() + " requests, all reads)");
    }

    private void changeEvent() throws StepFailed {
        section("2. A change event: billing gets new code in " + SOURCE);
        samples.lambda(SOURCE).updateFunctionCode(request -> request.functionName("billing")
                .zipFile(SdkBytes.fromByteArray(SampleFunctions.zip("billing-v2", 0))));
        Instant changedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long behind = TARGETS.stream().filter(region -> !problems(region, "billing").isEmpty()).count();
        expect(behind == TARGETS.size(), "both replicas of billing should now differ from the source");
        say("UpdateFunctionCode billing in " + SOURCE + " at " + changedAt + "; both replicas are now behind");
        String outcome = application.change(
                EventFixtures.cloudTrail("cloudtrail/update-function-code.json", "billing", changedAt));
        say("EventBridge delivers CloudTrail's record (events/cloudtrail/update-function-code.json, for billing)");
        expect("dispatched".equals(outcome), "change events should send billing to the worker, it answered "
                + outcome);
        say("change events: dispatched; the worker waits until 10 s after the change, for the rest of a burst of "
                + "changes");
        say("worker: billing: " + outcomes("billing"));
        expectInLine("billing");
        Map<String, ReplicaRecord> records = application.wiring().state().replicas("billing");
        expect(TARGETS.stream().allMatch(region -> "updated".equals(records.get(region).outcome())
                        && records.get(region).lag().compareTo(Duration.ZERO) > 0),
                "the state table should record billing updated, with its lag, in both regions");
        say("replicas read back and compared with the source: 2 of 2 in line");
    }

    private void commands() throws StepFailed {
        section("3. Commands on the SNS commands topic: status, then replicate");
        samples.lambda(TARGETS.get(1)).updateFunctionConfiguration(request -> request.functionName("orders")
                .memorySize(512));
        say("Someone edits the replica of orders in " + TARGETS.get(1) + " by hand: MemorySize 512");
        SNSEvent status = EventFixtures.sns("commands/sns-status.json");
        say("status: " + messageOf(status) + " (events/commands/sns-status.json)");
        application.command(status);
        Message report = onlyAlert("the status report");
        expect(report.body().startsWith("lambda-dr status: 3 in-sync, 1 drifted")
                        && report.body().contains("orders in " + TARGETS.get(1) + ": drifted (configuration "
                        + "[MemorySize])"),
                "the status report should show orders drifted in " + TARGETS.get(1) + ":\n" + report.body());
        say("the report, read back from the inbox queue (kind=" + kindOf(report) + "):");
        quote(report.body());

        SNSEvent replicate = EventFixtures.sns("commands/sns-replicate.json");
        int sent = application.worker().events().size();
        say("replicate: " + messageOf(replicate) + " (events/commands/sns-replicate.json)");
        application.command(replicate);
        expect(List.of("orders", "billing").equals(workSentSince(sent)),
                "replicate should send the worker orders and billing, it sent " + workSentSince(sent));
        say("worker: orders: " + outcomes("orders"));
        say("worker: billing: " + outcomes("billing"));
        expectInLine("orders", "billing");
        int memory = configuration(TARGETS.get(1), "orders").memorySize();
        int sourceMemory = configuration(SOURCE, "orders").memorySize();
        expect(memory == sourceMemory, "orders in " + TARGETS.get(1) + " should have MemorySize " + sourceMemory
                + " again, it has " + memory);
        expect(application.resources().alerts().isEmpty(), "a replicate that went well should alert nobody");
        say("replicas read back and compared with the source: 4 of 4 in line; orders in " + TARGETS.get(1)
                + " has MemorySize " + memory + " again");
    }

    private void failureAndRedrive() throws StepFailed {
        section("4. A failure reaches a person");
        String failing = TARGETS.get(1);
        samples.createFunction(SOURCE, "payments", SampleFunctions.zip("payments-v1", 0),
                Map.of("DB_PASSWORD", "s3cr3t-payments-password"), protectedTags());
        rememberSecretsOf("payments");
        say("payments, a new protected function, is created in " + SOURCE);
        emulator.injectFault(Map.of("operation", "CreateFunction", "region", failing, "functionName", "payments",
                "status", 503, "count", 1000));
        say("emulator fault: every CreateFunction of payments in " + failing + " answers 503 ServiceUnavailable");
        SNSEvent replicate = EventFixtures.sns("commands/sns-replicate.json",
                "{\"command\": \"replicate\", \"functions\": [\"payments\"]}");
        say("replicate: " + messageOf(replicate) + " (events/commands/sns-replicate.json, for payments)");
        application.command(replicate);
        List<String> records = application.worker().failureRecords();
        expect(records.size() == 1, "the worker should have failed payments for good once, failure records: "
                + records.size());
        int attempts = readTree(records.getFirst()).at("/requestContext/approximateInvokeCount").asInt();
        say("worker, last of " + attempts + " attempts: payments: " + outcomes("payments"));
        say("every attempt failed, so Lambda sent the failure record to the OnFailure destination, the "
                + "failure-alerts handler");
        Message alert = onlyAlert("the failure alert");
        expect("failure".equals(kindOf(alert))
                        && alert.body().startsWith("lambda-dr: replicating payments failed in " + failing)
                        && alert.body().contains("Will retrying help: probably")
                        && alert.body().contains("What to do: ")
                        && !alert.body().contains("requestPayload"),
                "the alert should say, in words, that payments failed in " + failing + ":\n" + alert.body());
        say("the alert, read back from the inbox queue (kind=failure), as the e-mail subscription receives it:");
        quote(alert.body());
        List<Message> archived = application.resources().archivedLeftInPlace();
        expect(archived.size() == 1 && readTree(archived.getFirst().messageAttributes().get("record").stringValue())
                        .equals(readTree(records.getFirst())),
                "the failure archive should hold the raw failure record, it holds " + archived.size()
                        + " message(s)");
        say("the raw failure record is archived in the failure archive queue (1 message, kind=failure), for "
                + "redrive");
        expect(problems(TARGETS.getFirst(), "payments").isEmpty()
                        && problems(failing, "payments").equals(List.of("payments: no replica")),
                "payments should be in line in " + TARGETS.getFirst() + " and missing in " + failing);

        section("5. Redrive, once the cause is gone");
        emulator.clearFaults();
        say("emulator fault cleared");
        SNSEvent redrive = EventFixtures.sns("commands/sns-redrive.json");
        int sent = application.worker().events().size();
        say("redrive: " + messageOf(redrive) + " (events/commands/sns-redrive.json)");
        application.command(redrive);
        expect(List.of("payments").equals(workSentSince(sent)),
                "redrive should send the archived work item for payments again, it sent " + workSentSince(sent));
        Message answer = onlyAlert("the redrive answer");
        expect(answer.body().startsWith("lambda-dr: redrive: 1 redriven"),
                "the redrive answer should count 1 redriven:\n" + answer.body());
        say("the answer, read back from the inbox queue (kind=" + kindOf(answer) + "):");
        quote(answer.body());
        say("worker: payments: " + outcomes("payments"));
        expectInLine("payments");
        expect(application.worker().failureRecords().size() == 1, "the redriven work item failed again");
        expect(application.resources().archivedLeftInPlace().isEmpty(), "the failure archive should be empty");
        say("replicas read back and compared with the source: 2 of 2 in line; the failure archive is empty");
    }

    private static Map<String, String> protectedTags() {
        return Map.of(SampleFunctions.PROTECT_TAG, "true");
    }

    /** The functions sent to the worker since its {@code from}-th event, in the order sent. */
    private List<String> workSentSince(int from) {
        List<String> events = application.worker().events();
        return events.subList(from, events.size()).stream().map(event -> WorkItem.fromJson(event).function())
                .toList();
    }

    /** What the state table holds of each replica of {@code function}: the outcome, and the lag when it changed. */
    private String outcomes(String function) {
        Map<String, ReplicaRecord> records = application.wiring().state().replicas(function);
        return TARGETS.stream().map(region -> {
            ReplicaRecord record = records.get(region);
            if (record == null) {
                return region + " no record";
            }
            boolean changed = record.lag().compareTo(Duration.ZERO) > 0;
            return region + " " + record.outcome() + (changed && record.lastError() == null
                    ? String.format(" (lag %.1f s)", record.lag().toMillis() / 1000.0) : "");
        }).collect(Collectors.joining(", "));
    }

    private void expectInLine(String... functions) throws StepFailed {
        List<String> problems = new ArrayList<>();
        for (String region : TARGETS) {
            for (String function : functions) {
                problems(region, function).forEach(problem -> problems.add(region + ": " + problem));
            }
        }
        expect(problems.isEmpty(), "replicas not in line: " + problems);
    }

    private List<String> problems(String region, String function) {
        return ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(region), function);
    }

    private List<String> functionsIn(String region) {
        return samples.lambda(region).listFunctions().functions().stream().map(FunctionConfiguration::functionName)
                .toList();
    }

    private FunctionConfiguration configuration(String region, String function) {
        return samples.lambda(region).getFunction(request -> request.functionName(function)).configuration();
    }

    /** Writes in the request log: requests that are not GET or HEAD, but for the reads some services send as POST. */
    private static List<String> writes(List<Emulator.RecordedRequest> requests) {
        return requests.stream().filter(Emulator.RecordedRequest::isWrite)
                .filter(request -> !READS_SENT_AS_POST.contains(request.operation()))
                .map(request -> request.operation() + " " + request.region()).toList();
    }

    private Message onlyAlert(String what) throws StepFailed {
        List<Message> alerts = application.resources().alerts();
        expect(alerts.size() == 1, what + " should be the one alert in the inbox, it holds " + alerts.size());
        return alerts.getFirst();
    }

    private static String kindOf(Message alert) {
        return alert.messageAttributes().containsKey("kind") ? alert.messageAttributes().get("kind").stringValue()
                : "none";
    }

    private static String messageOf(SNSEvent event) {
        return event.getRecords().getFirst().getSNS().getMessage();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Environment variable values of these source functions: no line of the run may hold one. */
    private void rememberSecretsOf(String... functions) {
        LambdaClient lambda = samples.lambda(SOURCE);
        for (String function : functions) {
            FunctionConfiguration configuration = lambda.getFunction(request -> request.functionName(function))
                    .configuration();
            if (configuration.environment() != null && configuration.environment().variables() != null) {
                // Values under 4 characters occur in ordinary words; lambda-dr does not mask them either.
                configuration.environment().variables().values().stream().filter(value -> value.length() >= 4)
                        .forEach(secrets::add);
            }
        }
    }

    private void checkLogsHoldNoSecret(Path logs) throws StepFailed {
        String text;
        try {
            text = Files.readString(logs, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        expect(secrets.stream().noneMatch(text::contains),
                "the handlers' logs hold an environment variable value of a replicated function");
    }

    private String withoutSecrets(String text) {
        return secrets.stream().anyMatch(text::contains)
                ? "(withheld: the message holds an environment variable value of a replicated function)" : text;
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    private void say(String line) throws StepFailed {
        expect(secrets.stream().noneMatch(line::contains),
                "a line to print holds an environment variable value of a replicated function; it was not printed");
        out.println(line);
    }

    /** An alert body, as a person reads it, set off from the narrative. */
    private void quote(String body) throws StepFailed {
        for (String line : body.strip().split("\n", -1)) {
            say(line.isEmpty() ? "  |" : "  | " + line);
        }
    }

    private static void expect(boolean condition, String failure) throws StepFailed {
        if (!condition) {
            throw new StepFailed(failure);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof StepFailed) {
            return e.getMessage();
        }
        return "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** A step that did not behave as expected; the run stops with its message. */
    private static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message);
        }
    }
}
