package io.lambdadr.cli;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.aws.AwsReplication;
import io.lambdadr.core.aws.NetworkTimeouts;
import io.lambdadr.core.engine.CodeWorkspace;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.usecase.ReplicationOutcome;
import io.lambdadr.core.usecase.ReplicationRequest;
import io.lambdadr.core.usecase.ReplicationService;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What plan, replicate and status have in common: validate, connect, select functions, run the engine, report. */
abstract class EngineCommand implements Callable<Integer> {

    /** Where runs keep downloaded code, each in a folder of its own. */
    static final String WORKSPACE_BASE = "lambda-dr";

    @Mixin
    ReplicationOptions options;

    @Spec
    CommandSpec spec;

    /** The engine mode this command runs in. */
    abstract ReplicationEngine.Mode mode();

    @Override
    public Integer call() {
        ReplicationRequest request = options.request(mode());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StopSignal stop = options.deadline().map(StopSignal::after).orElseGet(StopSignal::untilRequested);
        SignalHandling.register(stop);
        CodeWorkspace workspace = CodeWorkspace.open(Path.of(System.getProperty("java.io.tmpdir"), WORKSPACE_BASE));
        // Downloaded code goes on every exit path: System.exit and SIGINT/SIGTERM included.
        Thread cleanup = new Thread(() -> {
            try {
                workspace.close();
            } catch (UncheckedIOException e) {
                // Best effort while the JVM exits; the next run removes what is left.
            }
        }, "lambda-dr-workspace-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (workspace;
             AwsClients clients = AwsClients.builder().endpoint(options.endpoint().orElse(null))
                     .rateLimits(request.config().rateLimits())
                     .timeouts(new NetworkTimeouts(request.config().stallTimeout())).build()) {
            ProgressReporter progress = new ProgressReporter(err, ProgressReporter.stderrIsTerminal());
            ReplicationOutcome outcome = new ReplicationService(new AwsReplication(clients), workspace.directory())
                    .run(request, stop, progress);
            progress.finish();
            outcome.warnings().forEach(warning -> err.println("lambda-dr: warning: " + warning));
            ReportPrinter printer = new ReportPrinter(mode(), request.sourceRegion(),
                    outcome.stopReason().orElse(null));
            if (options.json()) {
                printer.printJson(outcome.report(), out);
            } else {
                printer.printTable(outcome.report(), out);
            }
            out.flush();
            return exitCode(outcome.report());
        } finally {
            SignalHandling.register(null);
            removeShutdownHook(cleanup);
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (closing twice is harmless)
        }
    }

    private static int exitCode(ReplicationReport report) {
        if (SignalHandling.received().isPresent()) {
            return SignalHandling.exitCodeOf(SignalHandling.received().get());
        }
        if (report.anyStopped()) {
            return LambdaDrCommand.EXIT_DEADLINE;
        }
        return report.anyFailed() ? LambdaDrCommand.EXIT_FAILED : LambdaDrCommand.EXIT_OK;
    }
}
