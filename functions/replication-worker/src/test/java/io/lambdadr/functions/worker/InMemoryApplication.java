package io.lambdadr.functions.worker;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.FailureClassifier;
import io.lambdadr.core.engine.FakeSourceRegion;
import io.lambdadr.core.engine.InMemoryReplicaRegion;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.usecase.ReplicationPorts;
import io.lambdadr.functions.common.Alert;
import io.lambdadr.functions.common.ConfigurationSource;
import io.lambdadr.functions.common.HandlerSettings;
import io.lambdadr.functions.common.ReplicationRunner;
import io.lambdadr.functions.common.Wiring;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker's world in memory, for unit tests: a source region and two target regions that behave like Lambda
 * (core's port fakes), the state table, and the alerts a person would get. No network: the AWS clients point at a
 * closed port and are never called.
 */
final class InMemoryApplication implements AutoCloseable {

    static final String SOURCE = FakeSourceRegion.REGION;
    static final String DR1 = "eu-west-1";
    static final String DR2 = "us-west-2";

    final FakeSourceRegion source = new FakeSourceRegion();
    final InMemoryReplicaRegion dr1 = new InMemoryReplicaRegion(DR1);
    final InMemoryReplicaRegion dr2 = new InMemoryReplicaRegion(DR2);
    final InMemoryStateStore state = new InMemoryStateStore();
    final List<Alert> alerts = new ArrayList<>();
    private final AwsClients clients = AwsClients.builder().endpoint(URI.create("http://127.0.0.1:9")).build();
    private final Wiring wiring;

    InMemoryApplication(Path workspace, Clock clock) {
        HandlerSettings settings = HandlerSettings.from(Map.of("AWS_REGION", SOURCE, "TARGET_REGIONS",
                DR1 + "," + DR2, "STATE_TABLE", "lambda-dr-state", "ALERTS_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:lambda-dr-alerts"));
        ReplicationPorts ports = new ReplicationPorts() {
            @Override
            public void requireReachable(List<String> regions) {
                throw new AssertionError("a worker never probes the regions");
            }

            @Override
            public List<String> protectedFunctions(String sourceRegion, DrConfig config, StopSignal stop) {
                return source.listFunctionsTagged(config.protectTagKey(), config.protectTagValue());
            }

            @Override
            public ReplicationEngine engine(DrConfig config, String sourceRegion, List<String> targetRegions,
                                            Path workDir, StopSignal stop) {
                return new ReplicationEngine(source, List.of(dr1, dr2), config.targets(), 2, workDir, stop,
                        FailureClassifier.RETRY_UNKNOWN);
            }
        };
        wiring = new Wiring(settings, clients, ports, state, alerts::add, item -> {
            throw new AssertionError("the worker sends no work");
        }, new ConfigurationSource(state, settings.defaultConfig(), clock), new ReplicationRunner(ports, workspace),
                clock);
    }

    Wiring wiring() {
        return wiring;
    }

    @Override
    public void close() {
        clients.close();
    }
}
