package io.lambdadr.cli;

import io.lambdadr.core.engine.ReplicationEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lambda-dr replicate}: brings every replica in line with its source. */
@Command(name = "replicate", mixinStandardHelpOptions = true,
        description = "Replicate functions (code, configuration, versions, aliases, tags, reserved concurrency) "
                + "into the target regions.")
final class ReplicateCommand extends EngineCommand {

    @Option(names = "--dry-run", description = "Print the plan and change nothing (same as the plan command).")
    boolean dryRun;

    @Override
    ReplicationEngine.Mode mode() {
        return dryRun ? ReplicationEngine.Mode.PLAN : ReplicationEngine.Mode.APPLY;
    }
}
