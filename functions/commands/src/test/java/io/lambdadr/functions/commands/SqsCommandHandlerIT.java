package io.lambdadr.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Commands from the commands queue, run by the handler over the emulator. The batch fixture holds a replicate, a
 * malformed command, a status and a replicate the queue has delivered for the fifth time.
 */
@ExtendWith(EmulatorExtension.class)
class SqsCommandHandlerIT {

    private static final FixedContext CONTEXT = FixedContext.of("lambda-dr-SqsCommandsFunction");
    private static final String REPLICATE_ID = "059f36b4-87a3-44ab-83d2-661975830a7d";

    private final Emulator emulator;
    private final List<WorkItem> dispatched = new ArrayList<>();
    private final RecordingInvoker invoker = new RecordingInvoker();
    private ApplicationFixture application;
    private Wiring wiring;

    SqsCommandHandlerIT(Emulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void createTheApplicationsResources() {
        application = new ApplicationFixture(emulator);
        wiring = application.wiring();
    }

    private static String bodyOf(Message alert) {
        return alert.body();
    }

    @ParameterizedTest
    @Event(value = "commands/sqs-batch.json", type = SQSEvent.class)
    void handleRequest_whenEveryCommandRuns_reportsNoFailureAndAlertsTheMalformedOne(SQSEvent event) {
        SqsCommandHandler handler = new SqsCommandHandler(wiring.withDispatcher(dispatched::add), invoker);

        SQSBatchResponse response = handler.handleRequest(event, CONTEXT);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(dispatched).extracting(WorkItem::function).containsExactly("orders", "billing", "payments");
        List<String> alerts = application.alerts().stream().map(SqsCommandHandlerIT::bodyOf).toList();
        assertThat(alerts).hasSize(2);
        assertThat(alerts).anySatisfy(alert -> assertThat(alert)
                .startsWith("lambda-dr: command rejected: the message: unknown field \"function\"")
                .contains("- the message: unknown field \"function\"; the replicate command takes \"command\", "
                        + "\"functions\", \"all\""));
        assertThat(alerts).anySatisfy(alert -> assertThat(alert).startsWith("lambda-dr status: ")
                .contains("  orders in eu-west-1: ", "  orders in us-west-2: "));
    }

    @ParameterizedTest
    @Event(value = "commands/sqs-batch.json", type = SQSEvent.class)
    void handleRequest_whenTheWorkerCannotBeReached_retriesOnlyThoseUntilTheFifthDeliveryThenAlerts(SQSEvent event) {
        SqsCommandHandler handler = new SqsCommandHandler(wiring.withDispatcher(item -> {
            throw TooManyRequestsException.builder().message("Rate exceeded").statusCode(429).build();
        }), invoker);

        SQSBatchResponse response = handler.handleRequest(event, CONTEXT);

        assertThat(response.getBatchItemFailures()).as("the first delivery of the replicate command only")
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly(REPLICATE_ID);
        List<String> alerts = application.alerts().stream().map(SqsCommandHandlerIT::bodyOf).toList();
        assertThat(alerts).hasSize(3);
        assertThat(alerts).anySatisfy(alert -> assertThat(alert)
                .startsWith("lambda-dr: command kept failing: Rate exceeded")
                .contains("What happened: kept failing: Rate exceeded", "It was tried 5 times and is now removed from "
                        + "the commands queue.", "{\"command\": \"replicate\", \"functions\": [\"payments\"]}",
                        "Will retrying help: probably"));
        assertThat(alerts).anySatisfy(alert -> assertThat(alert).startsWith("lambda-dr: command rejected: "));
        assertThat(alerts).anySatisfy(alert -> assertThat(alert).startsWith("lambda-dr status: "));
        assertThat(application.archived()).as("none of them is a failure record for redrive").isEmpty();
    }
}
