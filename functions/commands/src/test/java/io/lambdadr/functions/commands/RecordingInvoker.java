package io.lambdadr.functions.commands;

import java.util.ArrayList;
import java.util.List;

/** An {@link AsyncInvoker} that records what it was asked to invoke (the emulator would accept it and run nothing). */
final class RecordingInvoker implements AsyncInvoker {

    /** One asynchronous invocation. */
    record Invocation(String function, String payload) {
    }

    private final List<Invocation> invocations = new ArrayList<>();

    @Override
    public synchronized void invoke(String function, String payload) {
        invocations.add(new Invocation(function, payload));
    }

    synchronized List<Invocation> invocations() {
        return List.copyOf(invocations);
    }
}
