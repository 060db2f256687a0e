package io.lambdadr.cli;

import io.lambdadr.core.engine.ReplicationEngine;
import picocli.CommandLine.Command;

/** {@code lambda-dr plan}: prints what replicate would change, changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the changes replicate would make in each target region; change nothing.")
final class PlanCommand extends EngineCommand {

    @Override
    ReplicationEngine.Mode mode() {
        return ReplicationEngine.Mode.PLAN;
    }
}
