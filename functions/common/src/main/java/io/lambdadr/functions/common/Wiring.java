package io.lambdadr.functions.common;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.aws.AwsReplication;
import io.lambdadr.core.aws.NetworkTimeouts;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.usecase.ReplicationPorts;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Everything a handler needs, built once per container (outside the handler method, so that warm invocations and
 * SnapStart restores reuse the clients and their connections) from the function's environment: the settings, the AWS
 * clients (with X-Ray tracing and this instance's share of the control-plane rate budget), the state table, alerts,
 * work dispatch, the configuration in force and the replication use case.
 *
 * @param settings      the validated environment
 * @param clients       every AWS client, per region
 * @param ports         the account's regions, for the replication use case
 * @param state         the state table
 * @param alerts        where alerts go
 * @param dispatcher    where work for the worker goes (fails when WORKER_FUNCTION is not set)
 * @param configuration the DR configuration in force
 * @param runner        runs the replication use case
 * @param clock         the time
 */
public record Wiring(HandlerSettings settings, AwsClients clients, ReplicationPorts ports, StateStore state,
                     AlertPublisher alerts, WorkDispatcher dispatcher, ConfigurationSource configuration,
                     ReplicationRunner runner, Clock clock) {

    /** Where runs keep downloaded code: a Lambda function may write only under /tmp. */
    public static final Path WORKSPACE_BASE = Path.of(System.getProperty("java.io.tmpdir"), "lambda-dr");

    /** The wiring of this container, built on first use from the process's environment. */
    public static Wiring container() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        private static final Wiring INSTANCE = over(HandlerSettings.from(System.getenv()), System.getenv(),
                Clock.systemUTC());
    }

    /**
     * The wiring over AWS (or the emulator at {@code LAMBDA_DR_ENDPOINT_URL}) for these settings.
     *
     * @param env the environment, for what only the process knows (tracing)
     */
    public static Wiring over(HandlerSettings settings, Map<String, String> env, Clock clock) {
        DrConfig.RateLimits share = RateBudget.shareOf(DrConfig.RateLimits.DEFAULT, settings.workerConcurrency(),
                settings.flowConcurrency());
        AwsClients.Builder builder = AwsClients.builder().endpoint(settings.endpoint().orElse(null)).rateLimits(share)
                .timeouts(new NetworkTimeouts(DrConfig.DEFAULT_STALL_TIMEOUT));
        Tracing.sdkInterceptor(env).ifPresent(builder::addInterceptor);
        AwsClients clients = builder.build();
        String home = settings.sourceRegion();
        DynamoDbClient dynamo = clients.configure(DynamoDbClient.builder(), home).build();
        SnsClient sns = clients.configure(SnsClient.builder(), home).build();
        StateStore state = new DynamoDbStateStore(dynamo, settings.stateTable());
        AwsReplication ports = new AwsReplication(clients);
        WorkDispatcher dispatcher = item -> new LambdaWorkDispatcher(clients.lambdaForInvoke(home),
                settings.requireWorkerFunction()).dispatch(item);
        return new Wiring(settings, clients, ports, state, new SnsAlertPublisher(sns, settings.alertsTopicArn()),
                dispatcher, new ConfigurationSource(state, settings.defaultConfig(), clock),
                new ReplicationRunner(ports, WORKSPACE_BASE),
                clock);
    }

    /** A copy that sends work elsewhere (tests: a local invoker that runs the worker in-process). */
    public Wiring withDispatcher(WorkDispatcher other) {
        return new Wiring(settings, clients, ports, state, alerts, other, configuration, runner, clock);
    }

    /** A copy with another clock (tests). */
    public Wiring withClock(Clock other) {
        return new Wiring(settings, clients, ports, state, alerts, dispatcher,
                new ConfigurationSource(state, settings.defaultConfig(), other),
                runner, other);
    }

    /** An SQS client of the home region, for the flows that read or write queues; build it once and keep it. */
    public SqsClient newSqsClient() {
        return clients.configure(SqsClient.builder(), settings.sourceRegion()).build();
    }

    /** A CodeCommit client of the home region, for the configuration repository; build it once and keep it. */
    public CodeCommitClient newCodeCommitClient() {
        return clients.configure(CodeCommitClient.builder(), settings.sourceRegion()).build();
    }
}
