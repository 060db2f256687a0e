package io.lambdadr.core.engine;

import io.lambdadr.core.domain.CodeIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The verified code packages of one source function, downloaded on first need and shared by every target region, so
 * that each source version is downloaded at most once per run and not at all when no target needs it. Downloads are
 * counted against the source's tally. Closing deletes the files.
 */
final class CodeCache implements AutoCloseable {

    private final SourceRegion source;
    private final String functionName;
    private final ApiCallTally sourceTally;
    private final Path workDir;
    private final Map<String, CodePackage> bySha = new HashMap<>();
    private Path directory;

    CodeCache(SourceRegion source, String functionName, ApiCallTally sourceTally, Path workDir) {
        this.source = source;
        this.functionName = functionName;
        this.sourceTally = sourceTally;
        this.workDir = workDir;
    }

    synchronized CodePackage get(String qualifier, CodeIdentity identity) {
        if (!identity.isZip()) {
            // A container image is not downloaded: the target region's function is made from its own repository.
            return CodePackage.image(identity);
        }
        CodePackage cached = bySha.get(identity.sha256());
        if (cached != null) {
            return cached;
        }
        try {
            if (directory == null) {
                Files.createDirectories(workDir);
                directory = Files.createTempDirectory(workDir, "code-");
            }
            Path file = directory.resolve("code-" + bySha.size() + ".zip");
            CodePackage downloaded = sourceTally.during(
                    () -> source.downloadCode(functionName, qualifier, identity, file));
            bySha.put(identity.sha256(), downloaded);
            return downloaded;
        } catch (ReplicationException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage code of " + functionName + " in " + workDir, e);
        } catch (Exception e) {
            throw new ReplicationException("cannot download code of " + functionName + " " + qualifier + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove staged code in " + directory, e);
        }
    }
}
