package io.lambdadr.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Asynchronous invocations through Lambda's Invoke, in the region the function lives in, over the emulator. */
@ExtendWith(EmulatorExtension.class)
class LambdaAsyncInvokerIT {

    private final Emulator emulator;
    private final SampleFunctions samples;
    private AsyncInvoker invoker;

    LambdaAsyncInvokerIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void createTheApplicationsResources() {
        Wiring wiring = new ApplicationFixture(emulator).wiring();
        invoker = CommandService.invokerOver(wiring);
    }

    @Test
    void invoke_whenTheArnNamesAnotherRegion_invokesThere() {
        samples.createFunction(EmulatorExtension.DR1, "orders", SampleFunctions.zip("orders", 0), Map.of(),
                Map.of());
        String arn = samples.lambda(EmulatorExtension.DR1).getFunction(request -> request.functionName("orders"))
                .configuration().functionArn();

        emulator.clearRequests();

        assertThatCode(() -> invoker.invoke(arn, "{\"function\": \"orders\"}")).doesNotThrowAnyException();
        invoker.invoke("billing", "{\"function\": \"billing\"}");

        assertThat(emulator.requests()).filteredOn(request -> request.operation().equals("Invoke"))
                .extracting(Emulator.RecordedRequest::region, request -> request.path().contains("orders"),
                        request -> request.path().contains("billing"), Emulator.RecordedRequest::status)
                .as("a plain name goes to the home region")
                .containsExactly(tuple(EmulatorExtension.DR1, true, false, 202),
                        tuple(ApplicationFixture.HOME, false, true, 202));
    }
}
