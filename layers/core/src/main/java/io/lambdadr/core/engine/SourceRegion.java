package io.lambdadr.core.engine;

import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.domain.LayerVersion;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Port: reads functions and their code from the source region. */
public interface SourceRegion {

    /** The region's name. */
    String name();

    /**
     * Says which functions the run will read, so that facts Lambda can list for a whole region are read once for all
     * of them where that costs fewer calls than reading each.
     */
    default void expectReads(Collection<String> functionNames) {
    }

    /** Names of the functions tagged {@code tagKey=tagValue}, sorted. */
    List<String> listFunctionsTagged(String tagKey, String tagValue);

    /**
     * Reads one function into a snapshot.
     *
     * @throws FunctionNotFoundException when there is no such function
     */
    FunctionSnapshot snapshot(String functionName);

    /**
     * Downloads the code of one version (or {@code $LATEST}) into {@code destination}, verifying its SHA-256 against
     * {@code expected} before returning.
     *
     * @throws ReplicationException when the bytes do not match or cannot be fetched
     */
    CodePackage downloadCode(String functionName, String qualifier, CodeIdentity expected, Path destination);

    /** A layer version, as Lambda reports it; empty when it does not exist or this account may not read it. */
    Optional<LayerVersion> layerVersion(String layerVersionArn);

    /** The statements of a layer version's resource-based policy; none when it has no policy. */
    List<LayerVersion.Permission> layerPermissions(String layerVersionArn);

    /**
     * Downloads a layer version's content into {@code destination}, verifying its SHA-256 against {@code expected}.
     *
     * @throws ReplicationException when the bytes do not match or cannot be fetched
     */
    CodePackage downloadLayer(String layerVersionArn, CodeIdentity expected, Path destination);

    /** Thrown when the named function does not exist in the source region. */
    final class FunctionNotFoundException extends ReplicationException {
        private static final long serialVersionUID = 1L;

        public FunctionNotFoundException(String functionName, String region) {
            super("function " + functionName + " not found in " + region
                    + "; check the name (lambda-dr takes function names, not ARNs) and the source region", null,
                    FailureKind.PERMANENT);
        }
    }
}
