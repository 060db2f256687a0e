package io.lambdadr.functions.codecommit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.functions.common.HandlerMetrics;
import io.lambdadr.functions.common.Wiring;
import java.util.List;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The configuration repository: one function for both events CodeCommit sends on a push, the repository trigger
 * ({@code Records[].codecommit.references}) and the EventBridge {@code CodeCommit Repository State Change} event,
 * told apart by their shape. A push to the configuration branch loads and validates the DR configuration at that
 * commit; a pushed baseline tag starts a labelled reconcile (see {@link ConfigurationRepositoryFlow}).
 *
 * <p>The event is taken as a map rather than as {@code CodeCommitEvent}, which has no field for a trigger's
 * {@code deleted} flag. Returns what it did per reference ({@code configuration-loaded}, {@code baseline-started},
 * {@code ignored}, ...). An event of another shape is alerted and not retried; a failure to read the repository or
 * start the reconcile throws, so that Lambda retries and, after that, its OnFailure destination alerts.
 */
public final class ConfigurationRepositoryHandler implements RequestHandler<Map<String, Object>, List<String>> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigurationRepositoryFlow flow;
    private final HandlerMetrics metrics = new HandlerMetrics();

    /** The handler Lambda builds, over this container's wiring. */
    public ConfigurationRepositoryHandler() {
        this(Wiring.container());
    }

    /** The handler over {@code wiring}: the emulator and in-process invokers, for tests and the local demo. */
    public ConfigurationRepositoryHandler(Wiring wiring) {
        this(wiring, new CodeCommitConfigurationRepository(wiring.newCodeCommitClient()),
                new LambdaReconcileStarter(wiring.clients().lambdaForInvoke(wiring.settings().sourceRegion()),
                        wiring.settings()::requireReconcileFunction));
    }

    ConfigurationRepositoryHandler(Wiring wiring, ConfigurationRepository repository, ReconcileStarter reconcile) {
        this.flow = new ConfigurationRepositoryFlow(wiring.settings(), repository, reconcile, wiring.state(),
                wiring.configuration(), wiring.alerts(), wiring.clock());
    }

    @Override
    public List<String> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            try {
                List<RepositoryOutcome> outcomes;
                try {
                    outcomes = flow.handle(ReferenceChange.allIn(JSON.valueToTree(event)));
                } catch (UnrecognizedRepositoryEventException e) {
                    outcomes = List.of(flow.rejectEvent(e.getMessage()));
                }
                outcomes.forEach(outcome -> metrics.count(outcome.metric()));
                return outcomes.stream().map(RepositoryOutcome::label).toList();
            } finally {
                metrics.flush();
            }
        });
    }
}
