package io.lambdadr.cli;

import io.lambdadr.core.engine.ReplicationEngine;
import picocli.CommandLine.Command;

/** {@code lambda-dr status}: how each replica compares with its source. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show, per function and target region: in-sync, drifted (and which parts), missing, or error.")
final class StatusCommand extends EngineCommand {

    @Override
    ReplicationEngine.Mode mode() {
        return ReplicationEngine.Mode.STATUS;
    }
}
