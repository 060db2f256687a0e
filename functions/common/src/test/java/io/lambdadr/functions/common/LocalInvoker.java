package io.lambdadr.functions.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Lambda's asynchronous invocation, played in-process for tests (the emulator accepts an asynchronous Invoke and runs
 * nothing). It follows what AWS documents for an event invoke configuration:
 * <ul>
 *   <li>the event is handed to the function; when the function throws, Lambda tries again, up to
 *       {@code maximumRetryAttempts} more times (0 to 2, default 2; AWS waits about a minute, then two, between them:
 *       here, no wait);</li>
 *   <li>when every attempt failed, Lambda sends an invocation record to the OnFailure destination: {@code version},
 *       {@code timestamp}, {@code requestContext} ({@code requestId}, {@code functionArn}, {@code condition}
 *       {@code RetriesExhausted}, {@code approximateInvokeCount}), {@code requestPayload} (the event as sent),
 *       {@code responseContext} ({@code statusCode} 200, {@code executedVersion}, {@code functionError}
 *       {@code Unhandled}) and {@code responsePayload} ({@code errorMessage}, {@code errorType},
 *       {@code stackTrace});</li>
 *   <li>a successful attempt ends it (OnSuccess destinations are not used by lambda-dr).</li>
 * </ul>
 * Used as the {@link WorkDispatcher} of the flows that send work to the worker, it runs the worker at once.
 */
public final class LocalInvoker implements WorkDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String functionArn;
    private final Function<String, Object> function;
    private final int maximumRetryAttempts;
    private final Consumer<String> onFailure;
    private final List<String> events = new ArrayList<>();
    private final List<String> failureRecords = new ArrayList<>();

    /**
     * @param functionArn          the function as the records name it
     * @param function             runs one attempt with the event's JSON
     * @param maximumRetryAttempts retries after the first attempt, as in the event invoke configuration
     * @param onFailure            receives the failure record's JSON (the OnFailure destination)
     */
    public LocalInvoker(String functionArn, Function<String, Object> function, int maximumRetryAttempts,
                        Consumer<String> onFailure) {
        this.functionArn = functionArn;
        this.function = function;
        this.maximumRetryAttempts = maximumRetryAttempts;
        this.onFailure = onFailure;
    }

    @Override
    public void dispatch(WorkItem item) {
        invokeAsync(item.toJson());
    }

    /** Invokes asynchronously with this event, through retries and the failure destination. */
    public synchronized void invokeAsync(String event) {
        events.add(event);
        RuntimeException last = null;
        int attempts = 0;
        for (int attempt = 0; attempt <= maximumRetryAttempts; attempt++) {
            attempts++;
            try {
                function.apply(event);
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        String record = failureRecord(event, last, attempts);
        failureRecords.add(record);
        onFailure.accept(record);
    }

    /** Every event this invoker was sent, in order. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Every failure record sent to the destination, in order. */
    public synchronized List<String> failureRecords() {
        return List.copyOf(failureRecords);
    }

    private String failureRecord(String event, RuntimeException error, int attempts) {
        ObjectNode record = JSON.createObjectNode();
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().toString());
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", functionArn + ":$LATEST");
        request.put("condition", "RetriesExhausted");
        request.put("approximateInvokeCount", attempts);
        try {
            record.set("requestPayload", JSON.readTree(event));
        } catch (java.io.IOException e) {
            record.put("requestPayload", event);
        }
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        response.put("functionError", "Unhandled");
        ObjectNode payload = record.putObject("responsePayload");
        payload.put("errorMessage", error.getMessage());
        payload.put("errorType", error.getClass().getName());
        payload.putArray("stackTrace");
        return record.toString();
    }
}
