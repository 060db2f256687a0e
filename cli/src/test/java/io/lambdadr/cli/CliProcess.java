package io.lambdadr.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line as operators run it: the packaged jar in a process of its own, so that tests can start two at once,
 * send it signals or kill it outright. Its temporary folder (where runs keep downloaded code) is the test's.
 */
final class CliProcess {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code lambda-dr args...} with {@code tmpDir} as its temporary folder; output goes to files there. */
    static CliProcess start(Path tmpDir, String... args) {
        String jar = System.getProperty("cli.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the packaged command line is missing (system property cli.jar = " + jar
                    + "); run the integration tests through Maven (`make test`)");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Djava.io.tmpdir=" + tmpDir, "-jar", jar));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(tmpDir);
            Path out = Files.createTempFile(tmpDir.getParent(), "cli-", ".out");
            Path err = Files.createTempFile(tmpDir.getParent(), "cli-", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new CliProcess(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end and returns its exit code; kills it and fails when it takes longer. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("lambda-dr did not exit within " + timeout + "; stderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a signal by name ({@code INT}, {@code TERM}). */
    void signal(String name) {
        try {
            int code = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start().waitFor();
            if (code != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " exited " + code);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no handler runs, nothing is cleaned up. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** What it printed, as a {@link CliRun} (for its JSON helpers). */
    CliRun asRun(int exitCode) {
        return new CliRun(exitCode, stdout(), stderr());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
