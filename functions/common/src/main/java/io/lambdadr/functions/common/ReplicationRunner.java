package io.lambdadr.functions.common;

import io.lambdadr.core.engine.CodeWorkspace;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.usecase.ReplicationOutcome;
import io.lambdadr.core.usecase.ReplicationPorts;
import io.lambdadr.core.usecase.ReplicationRequest;
import io.lambdadr.core.usecase.ReplicationService;
import java.nio.file.Path;

/**
 * Runs the replication use case inside a handler: in a folder of its own for downloaded code, under the container's
 * {@code /tmp}, removed when the run ends (a folder a timed-out invocation left behind is removed by the next run).
 */
public final class ReplicationRunner {

    private final ReplicationPorts ports;
    private final Path workspaceBase;

    public ReplicationRunner(ReplicationPorts ports, Path workspaceBase) {
        this.ports = ports;
        this.workspaceBase = workspaceBase;
    }

    public ReplicationOutcome run(ReplicationRequest request, StopSignal stop) {
        try (CodeWorkspace workspace = CodeWorkspace.open(workspaceBase)) {
            return new ReplicationService(ports, workspace.directory()).run(request, stop, result -> { });
        }
    }
}
