package io.lambdadr.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local folder where one run keeps downloaded code between download and upload, under a base folder shared by
 * every run on the machine. Downloaded code is the customer's, and may be large: it is removed when the run ends,
 * whichever way it ends, and a run killed outright (SIGKILL, a Lambda timeout) leaves a folder that the next run
 * removes.
 *
 * <p>A run holds an OS lock on a file in its folder for as long as it lives; the OS releases it when the process dies,
 * so a folder whose lock can be taken belongs to a run that is gone. A folder without a lock file (a run killed while
 * creating it) is removed once it is older than a minute.
 */
public final class CodeWorkspace implements AutoCloseable {

    static final String RUN_PREFIX = "run-";
    static final String LOCK_FILE = ".lock";
    static final Duration UNLOCKED_GRACE = Duration.ofMinutes(1);

    private final Path directory;
    private final FileChannel lockChannel;
    private final List<Path> removedLeftovers;
    private boolean closed;

    private CodeWorkspace(Path directory, FileChannel lockChannel, List<Path> removedLeftovers) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.removedLeftovers = List.copyOf(removedLeftovers);
    }

    /**
     * Creates this run's folder under {@code base} (created if missing) and removes what dead runs left there.
     *
     * @throws UncheckedIOException naming the folder when it cannot be created
     */
    public static CodeWorkspace open(Path base) {
        try {
            Files.createDirectories(base);
            Path directory = Files.createTempDirectory(base, RUN_PREFIX);
            FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            channel.lock();
            return new CodeWorkspace(directory, channel, removeLeftovers(base, directory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for downloaded code under " + base
                    + " (set java.io.tmpdir, or TMPDIR, to a writable folder)", e);
        }
    }

    /** This run's folder. */
    public Path directory() {
        return directory;
    }

    /** The folders of dead runs this run removed when it started. */
    public List<Path> removedLeftovers() {
        return removedLeftovers;
    }

    /** Removes this run's folder and everything in it; safe to call more than once, from any thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            deleteTree(directory);
        } finally {
            try {
                lockChannel.close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
        }
    }

    private static List<Path> removeLeftovers(Path base, Path own) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(base, RUN_PREFIX + "*")) {
            for (Path run : runs) {
                if (!run.equals(own) && Files.isDirectory(run) && ownerIsGone(run)) {
                    deleteTree(run);
                    removed.add(run);
                }
            }
        }
        return removed;
    }

    private static boolean ownerIsGone(Path run) {
        Path lockFile = run.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            try {
                return Files.getLastModifiedTime(run).toInstant().isBefore(Instant.now().minus(UNLOCKED_GRACE));
            } catch (IOException e) {
                return false;
            }
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            // Held by a run in this very process.
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove downloaded code at " + path, e);
                }
            });
        } catch (NoSuchFileException e) {
            // already removed (by a concurrent cleaner)
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove downloaded code under " + root, e);
        }
    }
}
