package io.lambdadr.benchmark;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.aws.AwsReplication;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.SampleFunctions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Measures how the engine's memory grows with package size: replicates one function per package size into two
 * target regions at once (the engine works a function's regions in parallel, so both uploads are under way together),
 * each through the staging bucket (the path for packages over 50 MB, forced here for every size) and, up to 50 MB,
 * also inline, and prints the peak heap used during each replication, side by side. Both paths stream from disk (the inline one
 * base64-encodes the file as the request is sent): their peaks should stay flat while the package grows. {@code make
 * benchmark-packages} runs it with a 64 MB heap, the bound a replication worker is meant to fit in: a path that held
 * the package would end in OutOfMemoryError.
 *
 * <p>Peak heap is the sum of the heap pools' peaks. Run it with a small young generation ({@code make
 * benchmark-packages} uses {@code -XX:+UseSerialGC -Xmn16m}): otherwise the peaks count the short-lived buffers of a
 * stream that the collector has not yet reclaimed, and grow with the bytes streamed rather than with what is held.
 *
 * <p>Usage: {@code PackageSizeBenchmark [SIZE_MB ...]} (default 4 16 50 96: 50 MB is the largest direct upload).
 */
public final class PackageSizeBenchmark {

    static final String SOURCE = "us-east-1";
    /** Both DR regions at once, as a replication worker works them: the heap holds both uploads together. */
    static final List<String> TARGETS = List.of("eu-west-1", "us-west-2");
    static final long MB = 1024 * 1024;

    private PackageSizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizesMb = args.length == 0 ? List.of(4L, 16L, 50L, 96L)
                : Arrays.stream(args).map(Long::parseLong).toList();
        Path workDir = Files.createTempDirectory("lambda-dr-package-bench-");
        try (Emulator emulator = Emulator.start();
             SampleFunctions samples = new SampleFunctions(emulator.endpoint());
             AwsClients clients = AwsClients.builder().endpoint(emulator.endpoint()).build()) {
            System.out.printf("max heap %d MB; peak heap = sum of the heap pools' peaks during one replication, "
                    + "measured after a GC%n%n",
                    Runtime.getRuntime().maxMemory() / MB);
            System.out.printf("%-10s %-8s %12s %14s %10s%n", "zip", "upload", "code bytes", "peak heap MB",
                    "wall s");
            for (long sizeMb : sizesMb) {
                String name = "package-" + sizeMb + "mb";
                // Random content does not compress: the zip is its content plus a few KB. A package of the direct-
                // upload limit gets 64 KB less content, so that its zip still fits the limit and goes inline.
                long content = Math.min(sizeMb * MB, DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES - 64 * 1024);
                if (sizeMb * MB > DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES) {
                    content = sizeMb * MB;
                }
                Path zip = SampleFunctions.writeZip(name, content, workDir.resolve(name + ".zip"));
                long zipBytes = Files.size(zip);
                samples.createFunctionFromFile(SOURCE, name, zip);
                Files.delete(zip);
                replicate(emulator, clients, name, zipBytes, "staged", 0, workDir);
                if (zipBytes <= DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES) {
                    replicate(emulator, clients, name, zipBytes, "inline",
                            DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES, workDir);
                }
            }
        } finally {
            Files.deleteIfExists(workDir);
        }
    }

    private static void replicate(Emulator emulator, AwsClients clients, String name, long zipBytes, String upload,
                                  long inlineLimit, Path workDir) {
        // Fresh targets each time, so that every run uploads the whole package.
        for (String target : TARGETS) {
            clients.lambda(target).listFunctions().functions().forEach(
                    f -> clients.lambda(target).deleteFunction(r -> r.functionName(f.functionName())));
        }
        emulator.clearRequests();
        DrConfig config = new DrConfig(DrConfig.DEFAULT_PROTECT_TAG_KEY, DrConfig.DEFAULT_PROTECT_TAG_VALUE,
                Map.of(), new DrConfig.Staging(DrConfig.Staging.DEFAULT_BUCKET_PATTERN, inlineLimit),
                DrConfig.RateLimits.DEFAULT, 1, DrConfig.DEFAULT_STALL_TIMEOUT);
        ReplicationEngine engine = new AwsReplication(clients).engine(config, SOURCE, TARGETS, workDir,
                StopSignal.untilRequested());
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        ReplicationReport report = engine.run(ReplicationEngine.Mode.APPLY, List.of(name), result -> { });
        double wall = (System.nanoTime() - start) / 1e9;
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        if (report.anyFailed()) {
            System.out.println("FAILED: " + report.targets().getFirst().error());
            System.exit(1);
        }
        // The package arrived whole: the replica's code hash, as Lambda computed it, is the source's.
        String sourceSha = clients.lambda(SOURCE).getFunction(r -> r.functionName(name)).configuration().codeSha256();
        for (String target : TARGETS) {
            String targetSha = clients.lambda(target).getFunction(r -> r.functionName(name)).configuration()
                    .codeSha256();
            if (!sourceSha.equals(targetSha)) {
                System.out.printf("FAILED: %s in %s has CodeSha256 %s, the source %s%n", name, target, targetSha,
                        sourceSha);
                System.exit(1);
            }
        }
        boolean staged = emulator.requests().stream()
                .anyMatch(request -> "s3".equals(request.service()) && "PutObject".equals(request.operation()));
        if (staged != "staged".equals(upload)) {
            System.out.printf("FAILED: %s was not uploaded %s%n", name, upload);
            System.exit(1);
        }
        System.out.printf("%-10s %-8s %12d %14.1f %10.1f%n", String.format("%.1f MB", zipBytes / (double) MB), upload,
                report.totalCodeBytes(),
                peak / (double) MB, wall);
    }
}
