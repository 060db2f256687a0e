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
 * <p>Usage: {@code ReplicationBenchmark [FUNCTIONS] [--quotas] [--connected]} (default 100). Runs with the default client-side rate
 * limits, which bound the throughput on purpose (12 control-plane calls per second per region).
 *
 * <p>With {@code --quotas} the emulator enforces Lambda's quotas (GetFunction 100/s, GetPolicy 15/s, every other
 * control-plane call 15/s combined, per region, 429 over them), lambda-dr's rate limits are set to those quotas, and a
 * third run follows in which one function changed in the source. For each run it then prints, per region, the calls
 * made in each budget per function, the 429s received, and the quota bound: the time the calls made would take at
 * exactly the quota of their busiest budget, and its ratio to the wall time (1.0: the run went as fast as the quota
 * allows for the calls it made).
 *
 * <p>With {@code --connected} every function is also connected to its callers
 * ({@code SampleFunctions#connectToCallers}: a policy statement, an invoke configuration, a URL, provisioned
 * concurrency, an event source mapping with tags, recursion), so that the figures include reading those parts.
 */
public final class ReplicationBenchmark {

    static final String SOURCE = "us-east-1";
    static final List<String> TARGETS = List.of("eu-west-1", "us-west-2");

    private ReplicationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        boolean quotas = arguments.contains("--quotas");
        // Every function also connected to its callers: a policy statement, an invoke configuration, a URL,
        // provisioned concurrency, an event source mapping and recursion, each of which a run reads.
        boolean connected = arguments.contains("--connected");
        int functions = arguments.stream().filter(arg -> !arg.startsWith("--")).findFirst().map(Integer::parseInt)
                .orElse(100);
        if (functions < 1) {
            throw new IllegalArgumentException("FUNCTIONS must be at least 1");
        }
        try (Emulator emulator = Emulator.start()) {
            if (quotas) {
                emulator.lambdaQuotas(true);
            }
            List<String> names = IntStream.rangeClosed(1, functions).mapToObj(i -> String.format("bench-%04d", i))
                    .toList();
            long seedStart = System.nanoTime();
            seed(emulator, names, connected);
            System.out.printf("seeded %d functions in %s in %.1f s%s%n", functions, SOURCE, seconds(seedStart),
                    connected ? ", each connected to its callers" : "");

            DrConfig defaults = DrConfig.DEFAULTS;
            DrConfig config = quotas ? new DrConfig(defaults.protectTagKey(), defaults.protectTagValue(),
                    defaults.targets(), defaults.staging(), new DrConfig.RateLimits(
                            DrConfig.RateLimits.GET_FUNCTION_QUOTA, DrConfig.RateLimits.CONTROL_PLANE_QUOTA),
                    defaults.parallelism(), defaults.stallTimeout()) : defaults;
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
                List<Measurement> runs = new ArrayList<>(List.of(first, second));
                if (quotas) {
                    try (SampleFunctions samples = new SampleFunctions(emulator.endpoint())) {
                        samples.lambda(SOURCE).updateFunctionConfiguration(r -> r.functionName(names.getFirst())
                                .memorySize(512));
                    }
                    runs.add(measure("third run (1 changed)", emulator, engine, names));
                }
                System.out.println(Measurement.header());
                runs.forEach(run -> System.out.println(run.row(functions)));
                if (quotas) {
                    System.out.println();
                    System.out.println(QuotaFigures.header());
                    runs.forEach(run -> QuotaFigures.rows(run.label(), run.requests(), run.wallSeconds(), functions,
                            TARGETS.size()).forEach(System.out::println));
                }
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

    private static void seed(Emulator emulator, List<String> names, boolean connected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (SampleFunctions samples = new SampleFunctions(emulator.endpoint())) {
            samples.roleArn();
            List<Future<?>> created = new ArrayList<>();
            for (String name : names) {
                created.add(pool.submit(() -> {
                    samples.createVersionedSample(SOURCE, name, 4096);
                    if (connected) {
                        samples.connectToCallers(SOURCE, name, TARGETS);
                    }
                    return name;
                }));
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
        return new Measurement(label, report, wall, httpCalls, httpWrites, downloads, requests);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private record Measurement(String label, ReplicationReport report, double wallSeconds, long httpCalls,
                               long httpWrites, long downloads, List<Emulator.RecordedRequest> requests) {

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
