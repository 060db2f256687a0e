package io.lambdadr.functions.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Invokes the worker's stream handler as the Lambda runtime does: the event's bytes in, the answer's bytes out. */
final class WorkerInvocation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerInvocation() {
    }

    /** An event loaded from a fixture, as the bytes Lambda would hand the worker. */
    static String json(Map<String, Object> event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Invokes the handler with {@code event}; returns its answer. */
    static Map<String, Object> invoke(ReplicationWorkerHandler handler, String event, Context context) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, context);
            return JSON.readValue(output.toByteArray(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
