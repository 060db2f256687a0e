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
 * Measures how the engine's memory grows with package size: replicates one function per package size, each through
 * the staging bucket (the path for packages over 50 MB, forced here for every size) and, up to 50 MB, also inline,
 * and prints the peak heap used during each replication, side by side. The staged path streams from disk: its peak
 * should stay flat while the package grows; the inline path holds the package in memory, bounded by the 50 MB limit.
 *
 * <p>Peak heap is the sum of the heap pools' peaks. Run it with a small young generation ({@code make
 * benchmark-packages} uses {@code -XX:+UseSerialGC -Xmn16m}): otherwise the peaks count the short-lived buffers of a
 * stream that the collector has not yet reclaimed, and grow with the bytes streamed rather than with what is held.
 *
 * <p>Usage: {@code PackageSizeBenchmark [SIZE_MB ...]} (default 4 16 48 96).
 */
public final class PackageSizeBenchmark {

    static final String SOURCE = "us-east-1";
    static final String TARGET = "eu-west-1";
    static final long MB = 1024 * 1024;

    private PackageSizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizesMb = args.length == 0 ? List.of(4L, 16L, 48L, 96L)
                : Arrays.stream(args).map(Long::parseLong).toList();
        Path workDir = Files.createTempDirectory("lambda-dr-package-bench-");
        try (Emulator emulator = Emulator.start();
             SampleFunctions samples = new SampleFunctions(emulator.endpoint());
             AwsClients clients = AwsClients.builder().endpoint(emulator.endpoint()).build()) {
            System.out.printf("max heap %d MB; peak heap = sum of the heap pools' peaks during one replication, "
                    + "measured after a GC%n%n",
                    Runtime.getRuntime().maxMemory() / MB);
            System.out.printf("%-10s %-8s %12s %14s %10s%n", "package", "upload", "code bytes", "peak heap MB",
                    "wall s");
            for (long sizeMb : sizesMb) {
                String name = "package-" + sizeMb + "mb";
                Path zip = SampleFunctions.writeZip(name, sizeMb * MB, workDir.resolve(name + ".zip"));
                samples.createFunctionFromFile(SOURCE, name, zip);
                Files.delete(zip);
                replicate(emulator, clients, name, sizeMb, "staged", 0, workDir);
                if (sizeMb * MB <= DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES) {
                    replicate(emulator, clients, name, sizeMb, "inline",
                            DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES, workDir);
                }
            }
        } finally {
            Files.deleteIfExists(workDir);
        }
    }

    private static void replicate(Emulator emulator, AwsClients clients, String name, long sizeMb, String upload,
                                  long inlineLimit, Path workDir) {
        // A fresh target each time, so that every run uploads the whole package.
        clients.lambda(TARGET).listFunctions().functions().forEach(
                f -> clients.lambda(TARGET).deleteFunction(r -> r.functionName(f.functionName())));
        DrConfig config = new DrConfig(DrConfig.DEFAULT_PROTECT_TAG_KEY, DrConfig.DEFAULT_PROTECT_TAG_VALUE,
                Map.of(), new DrConfig.Staging(DrConfig.Staging.DEFAULT_BUCKET_PATTERN, inlineLimit),
                DrConfig.RateLimits.DEFAULT, 1, DrConfig.DEFAULT_STALL_TIMEOUT);
        ReplicationEngine engine = new AwsReplication(clients).engine(config, SOURCE, List.of(TARGET), workDir,
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
        System.out.printf("%-10s %-8s %12d %14.1f %10.1f%n", sizeMb + " MB", upload, report.totalCodeBytes(),
                peak / (double) MB, wall);
        emulator.clearRequests();
    }
}
