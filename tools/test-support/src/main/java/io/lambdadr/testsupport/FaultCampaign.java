package io.lambdadr.testsupport;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.aws.AwsReplication;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.CodeWorkspace;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.engine.TargetResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A seeded, reproducible fault campaign: sample functions replicated into two regions while the emulator faults
 * about a fifth of all Lambda calls and code downloads (throttling, server errors, conflicts, updates in progress,
 * concurrent changes, expired and slow downloads), twice, then judged: after each run no target may hold code its
 * source never had, and after the second every replica must be correct and in sync.
 *
 * <p>Functions are replicated one at a time, so the same seed meets the same requests in the same order and injects
 * the same faults. Run by an integration test with a few functions, and by {@code make fault-campaign} with more.
 */
public final class FaultCampaign {

    public static final String SOURCE = "us-east-1";
    public static final List<String> TARGETS = List.of("eu-west-1", "us-west-2");
    static final String PREFIX = "campaign-";

    private FaultCampaign() {
    }

    /**
     * What one campaign found.
     *
     * @param seed          the seed of the fault draws
     * @param functions     how many functions were replicated
     * @param requestsSeen  Lambda calls and downloads the random fault drew for
     * @param injected      faults injected, by kind
     * @param failedPerRun  function-region pairs that failed in each run
     * @param codeProblems  code a target held that its source never had, after either run (must be empty)
     * @param problems      what was wrong with the replicas after the second run (must be empty)
     * @param outOfSync     pairs that status did not call in-sync after the second run (must be empty)
     */
    public record Result(Object seed, int functions, int requestsSeen, Map<String, Integer> injected,
                         List<Long> failedPerRun, List<String> codeProblems, List<String> problems,
                         List<String> outOfSync) {

        public boolean passed() {
            return codeProblems.isEmpty() && problems.isEmpty() && outOfSync.isEmpty();
        }

        public String summary() {
            return String.format("seed %s: %d functions x %d regions, %d calls and downloads, %d faults injected %s;"
                            + " failed pairs per run %s; code problems %d, replica problems %d, out of sync %d -> %s",
                    seed, functions, TARGETS.size(), requestsSeen,
                    injected.values().stream().mapToInt(Integer::intValue).sum(), new TreeMap<>(injected),
                    failedPerRun, codeProblems.size(), problems.size(), outOfSync.size(),
                    passed() ? "PASSED" : "FAILED");
        }
    }

    /**
     * Runs one campaign against an emulator whose state it may change freely (the caller resets it before).
     *
     * @param rate fraction of calls and downloads faulted
     */
    public static Result run(Emulator emulator, Object seed, int functions, double rate) throws Exception {
        List<String> names = IntStream.rangeClosed(1, functions).mapToObj(i -> PREFIX + i).toList();
        try (SampleFunctions samples = new SampleFunctions(emulator.endpoint())) {
            for (String name : names) {
                samples.createVersionedSample(SOURCE, name, 2_000);
            }
            emulator.injectFault(Map.of("kind", "random", "seed", seed, "rate", rate,
                    "regions", List.of(SOURCE, TARGETS.get(0), TARGETS.get(1)), "functionNamePrefix", PREFIX));
            DrConfig oneAtATime = new DrConfig(DrConfig.DEFAULT_PROTECT_TAG_KEY, DrConfig.DEFAULT_PROTECT_TAG_VALUE,
                    Map.of(), DrConfig.Staging.DEFAULT, DrConfig.RateLimits.DEFAULT, 1, DrConfig.DEFAULT_STALL_TIMEOUT);
            List<Long> failedPerRun = new ArrayList<>();
            List<String> codeProblems = new ArrayList<>();
            Path base = Files.createTempDirectory("lambda-dr-campaign-");
            try (AwsClients clients = AwsClients.builder().endpoint(emulator.endpoint()).build();
                 CodeWorkspace workspace = CodeWorkspace.open(base)) {
                ReplicationEngine engine = new AwsReplication(clients).engine(oneAtATime, SOURCE, TARGETS,
                        workspace.directory(), StopSignal.untilRequested());
                for (int run = 1; run <= 2; run++) {
                    ReplicationReport report = engine.run(ReplicationEngine.Mode.APPLY, names, result -> { });
                    failedPerRun.add(report.targets().stream().filter(TargetResult::failed).count());
                    for (String name : names) {
                        for (String target : TARGETS) {
                            ReplicaCheck.codeProblems(samples.lambda(SOURCE), samples.lambda(target), name)
                                    .forEach(problem -> codeProblems.add(target + ": " + problem));
                        }
                    }
                }
                Map<String, Object> random = emulator.faults().stream()
                        .filter(fault -> "random".equals(fault.get("kind"))).findFirst().orElseThrow();
                emulator.clearFaults();
                List<String> problems = new ArrayList<>();
                for (String name : names) {
                    for (String target : TARGETS) {
                        ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(target), name)
                                .forEach(problem -> problems.add(target + ": " + problem));
                    }
                }
                List<String> outOfSync = engine.run(ReplicationEngine.Mode.STATUS, names, result -> { }).targets()
                        .stream().filter(result -> result.status() != TargetResult.SyncStatus.IN_SYNC)
                        .map(result -> result.functionName() + " in " + result.targetRegion() + ": "
                                + result.status().label() + " " + result.drift()
                                + (result.error() == null ? "" : " " + result.error()))
                        .toList();
                return new Result(seed, functions, ((Number) random.get("seen")).intValue(), injected(random),
                        failedPerRun, codeProblems, problems, outOfSync);
            } finally {
                Files.deleteIfExists(base);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> injected(Map<String, Object> random) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        ((Map<String, Object>) random.get("injected")).forEach((kind, count) ->
                counts.put(kind, ((Number) count).intValue()));
        return counts;
    }

    /**
     * {@code make fault-campaign}: campaigns over several seeds (the first one twice, to show it reproduces), each
     * on a fresh emulator state; prints one line per campaign and exits 1 if any failed or did not reproduce.
     *
     * <p>Arguments: functions per campaign (default 12), then seeds (default 1 2 3 4 5).
     */
    public static void main(String[] args) throws Exception {
        int functions = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        List<String> seeds = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("1", "2", "3", "4", "5");
        PrintStream out = System.out;
        out.printf("fault campaign: %d functions per campaign, about 20%% of Lambda calls and downloads faulted, "
                + "two runs each, seeds %s%n", functions, seeds);
        boolean ok = true;
        try (Emulator emulator = Emulator.start()) {
            List<Result> results = new ArrayList<>();
            List<String> order = new ArrayList<>(seeds);
            order.add(seeds.getFirst());
            for (String seed : order) {
                emulator.reset();
                long started = System.nanoTime();
                Result result = run(emulator, Long.parseLong(seed), functions, 0.2);
                out.printf("%s (%.0f s)%n", result.summary(), (System.nanoTime() - started) / 1e9);
                result.codeProblems().forEach(problem -> out.println("  code: " + problem));
                result.problems().forEach(problem -> out.println("  replica: " + problem));
                result.outOfSync().forEach(problem -> out.println("  status: " + problem));
                ok &= result.passed();
                results.add(result);
            }
            Result first = results.getFirst();
            Result again = results.getLast();
            boolean reproduced = first.requestsSeen() == again.requestsSeen() && first.injected().equals(again.injected());
            out.printf("seed %s again: %s (%d calls and downloads, faults %s)%n", again.seed(),
                    reproduced ? "the same faults" : "DIFFERENT faults", again.requestsSeen(),
                    new TreeMap<>(again.injected()));
            ok &= reproduced;
        }
        out.println(ok ? "fault campaign PASSED" : "fault campaign FAILED");
        out.flush();
        System.exit(ok ? 0 : 1);
    }
}
