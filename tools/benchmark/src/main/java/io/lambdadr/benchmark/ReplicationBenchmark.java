package io.lambdadr.benchmark;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.aws.AwsReplication;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.SampleFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Replicates N sample functions (three versions, two aliases, one weighted, tags, reserved concurrency) from
 * us-east-1 into two target regions on the local emulator, then again once they are in sync, and prints wall time,
 * throughput, API calls per function and code bytes for both runs, side by side. API calls are counted twice: by
 * lambda-dr's own tally and, independently, from the emulator's HTTP request log.
 *
 * <p>Usage: {@code ReplicationBenchmark [FUNCTIONS]} (default 100). Runs with the default client-side rate limits,
 * which bound the throughput on purpose (12 control-plane calls per second per region).
 */
public final class ReplicationBenchmark {

    static final String SOURCE = "us-east-1";
    static final List<String> TARGETS = List.of("eu-west-1", "us-west-2");

    private ReplicationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int functions = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        if (functions < 1) {
            throw new IllegalArgumentException("FUNCTIONS must be at least 1");
        }
        try (Emulator emulator = Emulator.start()) {
            List<String> names = IntStream.rangeClosed(1, functions).mapToObj(i -> String.format("bench-%04d", i))
                    .toList();
            long seedStart = System.nanoTime();
            seed(emulator, names);
            System.out.printf("seeded %d functions in %s in %.1f s%n", functions, SOURCE, seconds(seedStart));

            DrConfig config = DrConfig.DEFAULTS;
            System.out.printf("rate limits per region: GetFunction %.0f/s, other control-plane calls %.0f/s; "
                    + "parallelism %d%n%n", config.rateLimits().getFunctionPerSecond(),
                    config.rateLimits().controlPlanePerSecond(), config.parallelism());
            Path workDir = Files.createTempDirectory("lambda-dr-bench-");
            try (AwsClients clients = AwsClients.builder().endpoint(emulator.endpoint()).rateLimits(config.rateLimits())
                    .build()) {
                ReplicationEngine engine = new AwsReplication(clients).engine(config, SOURCE, TARGETS, workDir,
                        StopSignal.untilRequested());
                Measurement first = measure("first run (all new)", emulator, engine, names);
                Measurement second = measure("second run (in sync)", emulator, engine, names);
                System.out.println(Measurement.header());
                System.out.println(first.row(functions));
                System.out.println(second.row(functions));
                System.out.printf("%nin-sync run: %d writes (lambda-dr tally), %d writes (emulator HTTP log), "
                                + "%d code downloads; wall time ratio second/first = %.2f%n",
                        second.report.totalWrites(), second.httpWrites, second.downloads,
                        second.wallSeconds / first.wallSeconds);
                if (second.report.totalWrites() != 0 || second.httpWrites != 0 || first.report.anyFailed()
                        || second.report.anyFailed()) {
                    System.out.println("FAILED: the in-sync run wrote, or a function failed");
                    System.exit(1);
                }
            } finally {
                Files.deleteIfExists(workDir);
            }
        }
    }

    private static void seed(Emulator emulator, List<String> names) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (SampleFunctions samples = new SampleFunctions(emulator.endpoint())) {
            samples.roleArn();
            List<Future<?>> created = new ArrayList<>();
            for (String name : names) {
                created.add(pool.submit(() -> samples.createVersionedSample(SOURCE, name, 4096)));
            }
            for (Future<?> future : created) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Measurement measure(String label, Emulator emulator, ReplicationEngine engine, List<String> names)
            throws IOException {
        emulator.clearRequests();
        long start = System.nanoTime();
        ReplicationReport report = engine.run(ReplicationEngine.Mode.APPLY, names, result -> { });
        double wall = seconds(start);
        List<Emulator.RecordedRequest> requests = emulator.requests();
        long httpWrites = requests.stream().filter(Emulator.RecordedRequest::isWrite).count();
        long httpCalls = requests.stream().filter(r -> !"download".equals(r.service())).count();
        long downloads = requests.stream().filter(r -> "download".equals(r.service())).count();
        long failed = report.targets().stream().filter(TargetResult::failed).count();
        if (failed > 0) {
            report.targets().stream().filter(TargetResult::failed).limit(5)
                    .forEach(r -> System.out.println("  failed: " + r.functionName() + " -> " + r.targetRegion()
                            + ": " + r.error()));
        }
        return new Measurement(label, report, wall, httpCalls, httpWrites, downloads);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private record Measurement(String label, ReplicationReport report, double wallSeconds, long httpCalls,
                               long httpWrites, long downloads) {

        static String header() {
            return String.format("%-22s %9s %10s %12s %13s %14s %12s %9s", "run", "wall s", "fn/s",
                    "reads/fn", "writes/fn", "HTTP calls/fn", "code bytes", "failed");
        }

        String row(int functions) {
            long failed = report.targets().stream().filter(TargetResult::failed).count();
            return String.format("%-22s %9.1f %10.2f %12.1f %13.1f %14.1f %12d %9d", label, wallSeconds,
                    functions / wallSeconds, (double) report.totalReads() / functions,
                    (double) report.totalWrites() / functions, (double) httpCalls / functions,
                    report.totalCodeBytes(), failed);
        }
    }
}
