package io.lambdadr.core.usecase;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import java.nio.file.Path;
import java.util.List;

/**
 * What a replication run needs from the account's regions, over AWS ({@code AwsReplication}) or over fakes in tests.
 */
public interface ReplicationPorts {

    /**
     * Makes one cheap call per region so that an unreachable endpoint or refused credentials fail the run once, up
     * front, instead of every function separately.
     *
     * @throws io.lambdadr.core.config.InvalidConfigException naming the region and what to check
     */
    void requireReachable(List<String> regions);

    /** The functions of the source region that carry the configuration's protect tag, sorted by name. */
    List<String> protectedFunctions(String sourceRegion, DrConfig config, StopSignal stop);

    /** The engine of one run: the source, the targets, the configuration, where code waits, when to stop. */
    ReplicationEngine engine(DrConfig config, String sourceRegion, List<String> targetRegions, Path workDir,
                             StopSignal stop);
}
