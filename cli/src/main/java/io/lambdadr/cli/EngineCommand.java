package io.lambdadr.cli;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.aws.AwsReplication;
import io.lambdadr.core.aws.LambdaSourceRegion;
import io.lambdadr.core.aws.NetworkTimeouts;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.CodeWorkspace;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.StopSignal;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
        options.validate();
        DrConfig config = options.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        warnAboutUnusedTargets(config, err);
        StopSignal stop = options.deadline().map(StopSignal::after).orElseGet(StopSignal::untilRequested);
        SignalHandling.register(stop);
        List<String> regions = new ArrayList<>();
        regions.add(options.sourceRegion);
        regions.addAll(options.targetRegions);
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
                     .rateLimits(config.rateLimits()).timeouts(new NetworkTimeouts(config.stallTimeout())).build()) {
            AwsReplication.checkReachable(clients, regions);
            List<String> functions = options.selection.all
                    ? new LambdaSourceRegion(options.sourceRegion, clients, stop)
                            .listFunctionsTagged(config.protectTagKey(), config.protectTagValue())
                    : List.copyOf(new LinkedHashSet<>(options.selection.functions));
            if (functions.isEmpty()) {
                err.println("lambda-dr: no function in " + options.sourceRegion + " is tagged "
                        + config.protectTagKey() + "=" + config.protectTagValue() + "; nothing to do");
            }
            ReplicationEngine engine = AwsReplication.engine(clients, config, options.sourceRegion,
                    options.targetRegions, workspace.directory(), stop);
            ProgressReporter progress = new ProgressReporter(err, functions.size() * options.targetRegions.size(),
                    ProgressReporter.stderrIsTerminal());
            ReplicationReport report = engine.run(mode(), functions, progress);
            progress.finish();
            ReportPrinter printer = new ReportPrinter(mode(), options.sourceRegion, stop.reason().orElse(null));
            if (options.json()) {
                printer.printJson(report, out);
            } else {
                printer.printTable(report, out);
            }
            out.flush();
            return exitCode(report);
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

    /** Mappings for a region this run does not replicate into are most likely a typo in the file or the command. */
    private void warnAboutUnusedTargets(DrConfig config, PrintWriter err) {
        for (String region : config.targets().keySet()) {
            if (!options.targetRegions.contains(region)) {
                err.println("lambda-dr: warning: the configuration file has mappings under targets." + region
                        + ", but " + region + " is not a --target-region of this run; they are not used");
            }
        }
    }
}
