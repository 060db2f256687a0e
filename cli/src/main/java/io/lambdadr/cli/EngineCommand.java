package io.lambdadr.cli;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.aws.AwsReplication;
import io.lambdadr.core.aws.LambdaSourceRegion;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.ReplicationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
        List<String> regions = new ArrayList<>();
        regions.add(options.sourceRegion);
        regions.addAll(options.targetRegions);
        Path workDir = createWorkDir();
        try (AwsClients clients = new AwsClients(options.endpoint(), config.rateLimits())) {
            AwsReplication.checkReachable(clients, regions);
            List<String> functions = options.selection.all
                    ? new LambdaSourceRegion(options.sourceRegion, clients)
                            .listFunctionsTagged(config.protectTagKey(), config.protectTagValue())
                    : List.copyOf(new LinkedHashSet<>(options.selection.functions));
            if (functions.isEmpty()) {
                err.println("lambda-dr: no function in " + options.sourceRegion + " is tagged "
                        + config.protectTagKey() + "=" + config.protectTagValue() + "; nothing to do");
            }
            ReplicationEngine engine = AwsReplication.engine(clients, config, options.sourceRegion,
                    options.targetRegions, workDir);
            ProgressReporter progress = new ProgressReporter(err, functions.size() * options.targetRegions.size(),
                    ProgressReporter.stderrIsTerminal());
            ReplicationReport report = engine.run(mode(), functions, progress);
            progress.finish();
            ReportPrinter printer = new ReportPrinter(mode(), options.sourceRegion);
            if (options.json()) {
                printer.printJson(report, out);
            } else {
                printer.printTable(report, out);
            }
            out.flush();
            return report.anyFailed() ? LambdaDrCommand.EXIT_FAILED : LambdaDrCommand.EXIT_OK;
        } finally {
            workDir.toFile().delete();
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("lambda-dr-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for code staging", e);
        }
    }
}
