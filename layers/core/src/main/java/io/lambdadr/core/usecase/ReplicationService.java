package io.lambdadr.core.usecase;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.engine.TargetResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The replication use case the command line and every handler call: takes a validated {@link ReplicationRequest},
 * checks the regions can be reached (when asked), selects the functions, runs the engine and returns what happened.
 * Callers parse their input into a request and present the outcome; nothing else.
 */
public final class ReplicationService {

    private final ReplicationPorts ports;
    private final Path workDir;

    /**
     * @param ports   the regions of the account
     * @param workDir where this run keeps downloaded code (a {@link io.lambdadr.core.engine.CodeWorkspace}'s folder)
     */
    public ReplicationService(ReplicationPorts ports, Path workDir) {
        this.ports = ports;
        this.workDir = workDir;
    }

    /**
     * Runs one request.
     *
     * @param stop     when to stop starting new work (deadline, signal)
     * @param progress told of each finished function and region, from worker threads
     * @throws io.lambdadr.core.config.InvalidConfigException when a region cannot be reached (if checked)
     */
    public ReplicationOutcome run(ReplicationRequest request, StopSignal stop, Consumer<TargetResult> progress) {
        DrConfig config = request.config();
        List<String> warnings = new ArrayList<>();
        // Mappings for a region this run does not replicate into are most likely a typo in the file or the request.
        for (String region : config.targets().keySet()) {
            if (!request.targetRegions().contains(region)) {
                warnings.add("the configuration has mappings under targets." + region + ", but " + region
                        + " is not a target region of this run; they are not used");
            }
        }
        if (request.checkReachability()) {
            ports.requireReachable(request.regions());
        }
        List<String> functions = switch (request.selection()) {
            case ReplicationRequest.Selection.Functions named -> named.names();
            case ReplicationRequest.Selection.AllProtected all ->
                    ports.protectedFunctions(request.sourceRegion(), config, stop);
        };
        if (functions.isEmpty()) {
            warnings.add("no function in " + request.sourceRegion() + " is tagged " + config.protectTagKey() + "="
                    + config.protectTagValue() + "; nothing to do");
        }
        ReplicationEngine engine = ports.engine(config, request.sourceRegion(), request.targetRegions(), workDir, stop);
        ReplicationReport report = engine.run(request.mode(), functions, progress);
        return new ReplicationOutcome(report, warnings,
                report.anyStopped() ? stop.reason() : Optional.empty());
    }
}
