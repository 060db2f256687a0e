package io.lambdadr.testsupport;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests the local emulator: one emulator process for the whole test run, started on first use on a
 * free loopback port and stopped when the run ends, wiped before every test. Test classes take an {@link Emulator}
 * and a {@link SampleFunctions} (fresh per test, closed after it) as constructor parameters.
 */
public final class EmulatorExtension implements BeforeEachCallback, ParameterResolver {

    /** The regions every integration test uses: one source and two DR regions. */
    public static final String SOURCE = "us-east-1";
    public static final String DR1 = "eu-west-1";
    public static final String DR2 = "us-west-2";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmulatorExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Emulator.class || type == SampleFunctions.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Emulator.class) {
            return emulator(context);
        }
        SampleFunctions samples = new SampleFunctions(emulator(context).endpoint());
        // Closed with the context that asked for it, when its test ends.
        context.getStore(NAMESPACE).put(samples, samples);
        return samples;
    }

    private static Emulator emulator(ExtensionContext context) {
        // Stored in the root context, so that every test class shares one process, closed when the run ends.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Emulator.class, type -> Emulator.start(), Emulator.class);
    }
}
