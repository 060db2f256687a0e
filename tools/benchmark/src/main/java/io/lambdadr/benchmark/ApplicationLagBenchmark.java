package io.lambdadr.benchmark;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.functions.changes.ChangeEventHandler;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.LocalInvoker;
import io.lambdadr.functions.common.RateBudget;
import io.lambdadr.functions.common.ReplicaRecord;
import io.lambdadr.functions.common.ReplicationRunner;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.functions.common.WorkDispatcher;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.functions.reconcile.ScheduledReconcileHandler;
import io.lambdadr.functions.worker.LocalWorker;
import io.lambdadr.functions.worker.ReplicationWorkerHandler;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.ReplicaCheck;
import io.lambdadr.testsupport.SampleFunctions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * Prints the SAM application's replication lag and what its scheduled reconcile costs, measured by running the
 * handlers in-process against the local emulator (which runs no function code), without pass/fail thresholds.
 *
 * <p><b>Lag</b>: from the moment an {@code UpdateFunctionCode} call on a protected source function returned to the
 * moment {@link ReplicaCheck} found the replica in line in both target regions, for single changes one after the
 * other and for a burst of changes to different functions; every function is replicated once beforehand (a schedule
 * tick), so that the measured work is an update. The change's CloudTrail event (the update-function-code fixture,
 * {@code eventTime} to the second as CloudTrail writes it) reaches the change-events handler as soon as the call
 * returned: CloudTrail's and EventBridge's own delivery delay is not modelled. The lag is split into event (the
 * change-events handler), queue (waiting for a worker), settle (the worker waiting until 10 s after the event time,
 * for the rest of a burst), replicate (the worker's run) and verify (the check). <b>Reconcile cost</b>: the calls of
 * one tick over N protected functions in line, per service and operation, from the emulator's request log (what it
 * would send the worker is counted, not run), and the tick's wall time at the reconcile's rate share.
 *
 * <p>Each handler instance has its own {@link Wiring} (clients, rate-budget share, /tmp), as a Lambda execution
 * environment has, and {@link AsyncFunction} plays asynchronous invocation under reserved concurrency (the worker
 * {@code WORKER_CONCURRENCY}, 4; change events 2, as template.yaml sets them). The emulator answers at once and its
 * functions are Active at once: real Lambda adds network latency and seconds per update, so the figures are the
 * application's own share of the lag, on this machine.
 *
 * <p><b>A simulated day</b>: DAY_FUNCTIONS functions connected to their callers, in line, through 24 hourly ticks on a
 * clock moved on by hand, the worker running the full checks the ticks send; the calls of the day by region and quota
 * budget, in an emulator of its own.
 *
 * <p>Usage: {@code ApplicationLagBenchmark [SINGLE_CHANGES [BURST_FUNCTIONS [RECONCILE_SIZES [DAY_FUNCTIONS]]]]}, by
 * default {@code 10 50 50,200 20} (RECONCILE_SIZES comma-separated, each at least BURST_FUNCTIONS; DAY_FUNCTIONS 0
 * leaves the day out): BURST_FUNCTIONS versioned samples ({@code lag-NNN}) take the changes, single changes going
 * round them; plain protected functions ({@code plain-NNNN}) make up the reconcile sizes. Figures go to stdout,
 * progress to stderr. About 20 minutes with the defaults, mostly paced on purpose: a worker's update and the
 * reconcile's tick run at their rate-budget share.
 */
public final class ApplicationLagBenchmark {

    private static final String SOURCE = ApplicationFixture.HOME;
    /** The change-events function's reserved concurrency (template.yaml, ChangeEventsFunction). */
    private static final int CHANGE_EVENTS_CONCURRENCY = 2;
    /** Worker environments for preparing replicas, not measured. */
    private static final int SETUP_CONCURRENCY = 8;
    /** The settings of the set-up instances: the largest rate share the settings allow (one worker, one flow). */
    private static final Map<String, String> SETUP_SETTINGS = Map.of("WORKER_CONCURRENCY", "1",
            "FLOW_CONCURRENCY", "1");
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SCENARIO_TIMEOUT = Duration.ofMinutes(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApplicationLagBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int singles = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        List<Integer> sizes = args.length > 2 ? Arrays.stream(args[2].split(",")).map(String::trim)
                .map(Integer::parseInt).sorted().toList() : List.of(50, 200);
        int dayFunctions = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        if (singles < 1 || burst < 1 || sizes.isEmpty() || sizes.getFirst() < burst || dayFunctions < 0) {
            throw new IllegalArgumentException("usage: ApplicationLagBenchmark [SINGLE_CHANGES [BURST_FUNCTIONS "
                    + "[RECONCILE_SIZES [DAY_FUNCTIONS]]]]: counts of at least 1, reconcile sizes (comma-separated) "
                    + "at least BURST_FUNCTIONS, DAY_FUNCTIONS 0 (no simulated day) or more");
        }
        PrintStream out = quietHandlers();
        long started = System.nanoTime();
        try (Emulator emulator = Emulator.start();
             SampleFunctions samples = new SampleFunctions(emulator.endpoint());
             Bench bench = new Bench(emulator, samples)) {
            List<String> functions = IntStream.rangeClosed(1, burst)
                    .mapToObj(i -> String.format("lag-%03d", i)).toList();
            progress("seeding %d versioned sample functions in %s", functions.size(), SOURCE);
            parallel(functions, name -> samples.createVersionedSample(SOURCE, name, 0));
            progress("replicating them once (a schedule tick)");
            bench.setupTick();
            bench.verifyAll(functions);
            bench.warmUp(functions.getFirst());

            out.printf("lambda-dr application benchmark: handlers in-process against the local emulator (%d CPUs, "
                    + "Java %s)%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
            DrConfig.RateLimits share = RateBudget.shareOf(DrConfig.RateLimits.DEFAULT, bench.workerConcurrency,
                    bench.flowConcurrency);
            out.printf("source %s, targets %s; worker concurrency %d, change events %d; rate share per instance "
                            + "and region %.1f GetFunction/s, %.1f other calls/s%n%n", SOURCE,
                    String.join(", ", bench.targets), bench.workerConcurrency, CHANGE_EVENTS_CONCURRENCY,
                    share.getFunctionPerSecond(), share.controlPlanePerSecond());

            progress("single changes: %d, one after the other", singles);
            List<Change> single = new ArrayList<>();
            for (int i = 0; i < singles; i++) {
                emulator.clearRequests();
                Change change = bench.change(functions.get(i % functions.size()), "single-" + i, true);
                bench.await(List.of(change));
                single.add(change);
                progress("single change %d/%d: %s", i + 1, singles, change.isVerified()
                        ? sec(change.lag()) + " s" : "not verified " + change.problems);
            }
            Scenario singleScenario = new Scenario("single change", single, null);
            progress("burst: %d changes to %d functions at once", burst, burst);
            Scenario burstScenario = bench.burst(functions.subList(0, burst));

            out.println("1. Replication lag: UpdateFunctionCode returned in the source -> replica verified in line in "
                    + "both targets (seconds)");
            out.println(Scenario.header());
            out.println(singleScenario.row());
            out.println(burstScenario.row());
            out.println();
            out.println("   where it went, p50 / max (seconds): event = change-events handler, queue = waiting for a "
                    + "worker,");
            out.println("   settle = worker waits until event time + 10 s, replicate = worker's run, verify = "
                    + "ReplicaCheck of both targets");
            out.println(Scenario.phaseHeader());
            out.println(singleScenario.phaseRow());
            out.println(burstScenario.phaseRow());
            single.stream().filter(change -> change.workerCalls != null).reduce((first, second) -> second)
                    .ifPresent(change -> printWorkerCalls(out, change));
            out.println();

            Map<Integer, Tick> ticks = new LinkedHashMap<>();
            int existing = functions.size();
            for (int size : sizes) {
                List<String> added = IntStream.rangeClosed(existing + 1, size)
                        .mapToObj(i -> String.format("plain-%04d", i)).toList();
                if (!added.isEmpty()) {
                    progress("adding %d plain protected functions (%d in all)", added.size(), size);
                    parallel(added, name -> samples.createFunction(SOURCE, name, SampleFunctions.zip(name, 0),
                            Map.of(), Map.of(SampleFunctions.PROTECT_TAG, "true")));
                }
                existing = Math.max(existing, size);
                progress("bringing the state table in line (a schedule tick)");
                bench.setupTick();
                progress("measuring a reconcile of %d functions in line (paced at the reconcile's share)", size);
                ticks.put(size, bench.measuredTick());
            }
            printTicks(out, ticks);
            out.printf("%nworker attempts that failed (retried at once): %d; work items that failed every attempt: %d; "
                            + "other handler errors: %d; total run %.0f s%n", bench.failedAttempts.size(),
                    bench.failureRecords.size(), bench.errors().size(), seconds(System.nanoTime() - started));
            bench.failedAttempts.stream().limit(5).forEach(e -> progress("worker attempt failed: %s", e));
            bench.errors().stream().limit(5).forEach(e -> progress("handler error: %s", e));
        }
        if (dayFunctions > 0) {
            simulatedDay(out, dayFunctions);
        }
    }

    /**
     * A day of the deployed application for functions connected to their callers, in line, whose source never
     * changes: 24 hourly ticks, the clock moved on an hour before each, the worker running what each tick sends it
     * (the full checks, each function at its own time of day). One replica is changed by hand first (recursive loops
     * no longer allowed in the first target region), to show when the day's full check finds and mends it. It runs in
     * an emulator of its own, so that every call counted is one of these functions'.
     */
    private static void simulatedDay(PrintStream out, int count) throws Exception {
        try (Emulator emulator = Emulator.start();
             SampleFunctions samples = new SampleFunctions(emulator.endpoint());
             Bench bench = new Bench(emulator, samples)) {
            liveThroughTheDay(out, emulator, samples, bench, count);
            bench.failedAttempts.stream().limit(5).forEach(e -> progress("worker attempt failed: %s", e));
            bench.errors().stream().limit(5).forEach(e -> progress("handler error: %s", e));
            out.printf("worker attempts that failed: %d; work items that failed every attempt: %d; other handler "
                    + "errors: %d%n", bench.failedAttempts.size(), bench.failureRecords.size(), bench.errors().size());
        }
    }

    private static void liveThroughTheDay(PrintStream out, Emulator emulator, SampleFunctions samples, Bench bench,
                                          int count) throws Exception {
        List<String> functions = IntStream.rangeClosed(1, count).mapToObj(i -> String.format("day-%03d", i)).toList();
        progress("simulated day: seeding %d functions connected to their callers", count);
        parallel(functions, name -> {
            samples.createVersionedSample(SOURCE, name, 0);
            samples.connectToCallers(SOURCE, name, bench.targets);
        });
        progress("replicating them once (a schedule tick)");
        bench.setupTick();
        bench.verifyAll(functions);
        String drifted = functions.getFirst();
        String driftRegion = bench.targets.getFirst();
        samples.lambda(driftRegion).putFunctionRecursionConfig(r -> r.functionName(drifted)
                .recursiveLoop("Terminate"));
        SimulatedDay day = new SimulatedDay(SOURCE, bench.targets, count);
        Integer mendedAt = null;
        for (int hour = 1; hour <= 24; hour++) {
            bench.clock.advance(Duration.ofHours(1));
            emulator.clearRequests();
            int sent = bench.setupTick();
            day.add(new SimulatedDay.Hour(hour, sent, emulator.requests()));
            if (mendedAt == null && "Allow".equals(samples.lambda(driftRegion).getFunctionRecursionConfig(
                    r -> r.functionName(drifted)).recursiveLoopAsString())) {
                mendedAt = hour;
            }
            progress("simulated hour %d: %d sent to the worker", hour, sent);
        }
        out.printf("%n3. A simulated day: %d functions connected to their callers (a policy statement, an invoke "
                + "configuration, a URL,%n   provisioned concurrency, a mapping with tags, recursion), in line, the "
                + "source unchanged; 24 hourly ticks%n   with the clock moved on an hour each, the worker running "
                + "what they send (emulator request log)%n", count);
        day.print(out);
        out.printf("the replica of %s changed by hand in %s before the day: %s%n", drifted, driftRegion,
                mendedAt == null ? "NOT mended within the day" : "found and mended by the tick of hour " + mendedAt);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The application, in-process
    // ---------------------------------------------------------------------------------------------------------------

    /** The application's resources in the emulator, its handlers as Lambda would run them, and the measurements. */
    private static final class Bench implements AutoCloseable {

        private final Emulator emulator;
        private final SampleFunctions samples;
        private final ApplicationFixture application;
        private final List<Wiring> wirings = new CopyOnWriteArrayList<>();
        private final List<Path> temporaryFolders = new CopyOnWriteArrayList<>();
        /** Reads the state table for the figures. */
        private final Wiring observer;
        private final List<String> targets;
        private final int workerConcurrency;
        private final int flowConcurrency;
        private final ObjectNode cloudTrailFixture;
        private final Map<String, Object> tickEvent;
        final List<String> failureRecords = new CopyOnWriteArrayList<>();
        final List<String> failedAttempts = new CopyOnWriteArrayList<>();
        private final Map<String, Change> inFlight = new ConcurrentHashMap<>();
        private final AsyncFunction<LocalInvoker> setupWorkers;
        private final AsyncFunction<LocalInvoker> workers;
        private final AsyncFunction<ChangeEventHandler> changeEvents;
        private final ScheduledReconcileHandler setupReconcile;
        private final ExecutorService verifier = Executors.newFixedThreadPool(8, daemon("verify"));
        /** The time every handler reads: the real time, until a simulated day moves it on. */
        final SimulatedClock clock = new SimulatedClock();

        Bench(Emulator emulator, SampleFunctions samples) throws IOException {
            this.emulator = emulator;
            this.samples = samples;
            this.application = new ApplicationFixture(emulator);
            this.observer = wiring(Map.of());
            this.targets = observer.settings().targetRegions();
            this.workerConcurrency = observer.settings().workerConcurrency();
            this.flowConcurrency = observer.settings().flowConcurrency();
            this.cloudTrailFixture = (ObjectNode) JSON.readTree(fixture("cloudtrail/update-function-code.json"));
            this.tickEvent = JSON.readValue(fixture("schedule/scheduler-tick.json"), new TypeReference<>() { });
            this.setupWorkers = new AsyncFunction<>("setup-worker", SETUP_CONCURRENCY,
                    () -> workerEnvironment(wiring(SETUP_SETTINGS)));
            this.setupReconcile = new ScheduledReconcileHandler(wiring(SETUP_SETTINGS)
                    .withDispatcher(item -> setupWorkers.invoke(worker -> worker.invokeAsync(item.toJson()))));
            this.workers = new AsyncFunction<>("worker", workerConcurrency,
                    () -> workerEnvironment(wiring(Map.of())));
            WorkDispatcher toWorkers = this::dispatchToWorker;
            this.changeEvents = new AsyncFunction<>("change-events", CHANGE_EVENTS_CONCURRENCY,
                    () -> new ChangeEventHandler(wiring(Map.of()).withDispatcher(toWorkers)));
        }

        /**
         * One execution environment of the worker, as {@link LocalWorker#invoker} builds it (the handler over its
         * own wiring, behind Lambda's retries and OnFailure destination), counting the attempts that failed: Lambda
         * retries them, so each would run the replication again.
         */
        private LocalInvoker workerEnvironment(Wiring wiring) {
            ReplicationWorkerHandler handler = new ReplicationWorkerHandler(wiring);
            return new LocalInvoker(LocalWorker.ARN, event -> {
                try {
                    ByteArrayOutputStream answer = new ByteArrayOutputStream();
                    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer,
                            FixedContext.of(ApplicationFixture.WORKER));
                    return answer.toString(StandardCharsets.UTF_8);
                } catch (IOException e) {
                    failedAttempts.add(e.toString());
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    failedAttempts.add(causes(e));
                    throw e;
                }
            }, LocalWorker.MAXIMUM_RETRY_ATTEMPTS, failureRecords::add);
        }

        /**
         * A new wiring, as one execution environment builds it from its environment, with a /tmp of its own for
         * downloaded code: every Lambda execution environment has its own /tmp, whereas the threads here share
         * the JVM's {@link Wiring#WORKSPACE_BASE}, where runs starting at the same moment remove each other's
         * folders (a run's folder exists a moment before its lock is taken).
         */
        private Wiring wiring(Map<String, String> settings) {
            Wiring wiring = application.wiring(settings).withClock(clock);
            Path tmp;
            try {
                tmp = Files.createTempDirectory("lambda-dr-bench-tmp-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            temporaryFolders.add(tmp);
            Wiring own = new Wiring(wiring.settings(), wiring.clients(), wiring.ports(), wiring.state(),
                    wiring.alerts(), wiring.dispatcher(), wiring.configuration(),
                    new ReplicationRunner(wiring.ports(), tmp.resolve("lambda-dr")), wiring.clock());
            wirings.add(own);
            return own;
        }

        private static byte[] fixture(String name) throws IOException {
            try (InputStream in = ApplicationLagBenchmark.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("event fixture " + name + " is not on the classpath (it comes "
                            + "with the replication-worker test-jar)");
                }
                return in.readAllBytes();
            }
        }

        List<String> errors() {
            List<String> all = new ArrayList<>();
            for (AsyncFunction<?> function : List.of(setupWorkers, workers, changeEvents)) {
                function.errors.forEach(e -> all.add(function.name + ": " + e));
            }
            return all;
        }

        /**
         * The worker's asynchronous Invoke, as the change-events flow makes it: returns once the work item is queued
         * ({@link AsyncFunction}); a worker environment runs it (through Lambda's retries, {@link LocalWorker}),
         * then the replicas of a measured change are checked.
         */
        private void dispatchToWorker(WorkItem item) {
            Change change = inFlight.get(item.function());
            if (change != null) {
                change.dispatched = System.nanoTime();
                change.startAfter = item.startAfter();
            }
            String event = item.toJson();
            workers.invoke(worker -> {
                // Alone in flight, a change's worker run is all the emulator serves meanwhile: its calls are the
                // requests logged between its start and its end (read outside the timed span).
                int logged = change != null && change.alone ? emulator.requests().size() : 0;
                long start = System.nanoTime();
                int failedBefore = worker.failureRecords().size();
                worker.invokeAsync(event);
                long end = System.nanoTime();
                if (change != null && change.alone) {
                    List<Emulator.RecordedRequest> requests = emulator.requests();
                    change.workerCalls = requests.subList(Math.min(logged, requests.size()), requests.size());
                }
                if (change != null) {
                    change.workerStart = start;
                    change.workerEnd = end;
                    change.workerFailed = worker.failureRecords().size() > failedBefore;
                    verifier.execute(() -> verify(change));
                }
            });
        }

        /** Checks the replicas of a changed function until both are in line, or the check times out. */
        private void verify(Change change) {
            long deadline = System.nanoTime() + VERIFY_TIMEOUT.toNanos();
            try {
                while (true) {
                    List<String> problems = problems(change.function);
                    if (problems.isEmpty()) {
                        change.verified = System.nanoTime();
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        change.problems = problems;
                        return;
                    }
                    Thread.sleep(250);
                }
            } catch (RuntimeException e) {
                change.problems = List.of("check failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                change.problems = List.of("interrupted");
            } finally {
                change.done.countDown();
            }
        }

        private List<String> problems(String function) {
            List<String> problems = new ArrayList<>();
            for (String target : targets) {
                problems.addAll(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(target), function)
                        .stream().map(problem -> target + ": " + problem).toList());
            }
            return problems;
        }

        /**
         * Changes {@code function}'s code in the source and, once the call returned, delivers its CloudTrail event
         * to the change-events function (asynchronously, as EventBridge does).
         */
        Change change(String function, String marker, boolean alone) {
            byte[] zip = SampleFunctions.zip(function + "-" + marker, 0);
            UpdateFunctionCodeResponse response = samples.lambda(SOURCE).updateFunctionCode(request -> request
                    .functionName(function).zipFile(SdkBytes.fromByteArray(zip)));
            Change change = new Change(function, System.nanoTime(), Instant.now(), alone);
            inFlight.put(function, change);
            ScheduledEvent event = cloudTrailEvent(function, change.changedAt, response);
            changeEvents.invoke(handler -> {
                long start = System.nanoTime();
                try {
                    change.eventOutcome = handler.handleRequest(event,
                            FixedContext.of("lambda-dr-change-events"));
                } catch (RuntimeException e) {
                    change.eventOutcome = "failed: " + e.getMessage();
                }
                change.eventStart = start;
                change.eventEnd = System.nanoTime();
                if (!"dispatched".equals(change.eventOutcome)) {
                    change.problems = List.of("change event " + change.eventOutcome);
                    change.done.countDown();
                }
            });
            return change;
        }

        /** The fixture's CloudTrail record of UpdateFunctionCode, made about {@code function} at {@code at}. */
        private ScheduledEvent cloudTrailEvent(String function, Instant at, UpdateFunctionCodeResponse response) {
            ObjectNode event = cloudTrailFixture.deepCopy();
            // CloudTrail records the event time to the second.
            Instant eventTime = at.truncatedTo(ChronoUnit.SECONDS);
            ObjectNode detail = (ObjectNode) event.get("detail");
            detail.put("eventTime", eventTime.toString());
            detail.put("eventID", UUID.randomUUID().toString());
            detail.put("requestID", UUID.randomUUID().toString());
            ((ObjectNode) detail.get("requestParameters")).put("functionName", function);
            ObjectNode elements = (ObjectNode) detail.get("responseElements");
            elements.put("functionName", function);
            elements.put("functionArn", response.functionArn());
            elements.put("codeSha256", response.codeSha256());
            elements.put("revisionId", response.revisionId());
            elements.put("lastModified", response.lastModified());
            ((ObjectNode) elements.get("loggingConfig")).put("logGroup", "/aws/lambda/" + function);
            Map<String, Object> detailMap = JSON.convertValue(detail, new TypeReference<>() { });
            return new ScheduledEvent()
                    .withVersion(event.get("version").asText())
                    .withId(UUID.randomUUID().toString())
                    .withDetailType(event.get("detail-type").asText())
                    .withSource(event.get("source").asText())
                    .withAccount(event.get("account").asText())
                    .withTime(new DateTime(eventTime.toEpochMilli(), DateTimeZone.UTC))
                    .withRegion(SOURCE)
                    .withResources(List.of())
                    .withDetail(detailMap);
        }

        /** Waits until every change is verified or given up on. */
        void await(Collection<Change> changes) throws InterruptedException {
            long deadline = System.nanoTime() + SCENARIO_TIMEOUT.toNanos();
            for (Change change : changes) {
                long left = deadline - System.nanoTime();
                if (!change.done.await(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                    change.problems = List.of("not verified within " + SCENARIO_TIMEOUT.toMinutes() + " minutes");
                }
                inFlight.remove(change.function, change);
                change.recordedLag = recordedLag(change.function);
            }
        }

        /** The largest lag the worker recorded for the function's replicas, or null. */
        private Duration recordedLag(String function) {
            return observer.state().replicas(function).values().stream().map(ReplicaRecord::lag)
                    .filter(lag -> lag != null).max(Duration::compareTo).orElse(null);
        }

        /**
         * Changes every function at once, from 8 threads (a deployment pipeline), and waits for their replicas.
         */
        Scenario burst(List<String> functions) throws Exception {
            ExecutorService deployer = Executors.newFixedThreadPool(8, daemon("deploy"));
            try {
                long start = System.nanoTime();
                List<Future<Change>> made = new ArrayList<>();
                for (String function : functions) {
                    made.add(deployer.submit(() -> change(function, "burst", false)));
                }
                List<Change> changes = new ArrayList<>();
                for (Future<Change> future : made) {
                    changes.add(future.get());
                }
                await(changes);
                long end = changes.stream().mapToLong(change -> change.verified).max().orElse(start);
                return new Scenario("burst of " + functions.size() + " changes", changes, end - start);
            } finally {
                deployer.shutdownNow();
            }
        }

        /**
         * One environment of each measured function handles one event before anything is measured, so that no
         * measurement pays for class loading and the first connections: each worker checks an in-line replica, each
         * change-events environment reads an event about a function that does not exist.
         */
        void warmUp(String function) throws InterruptedException {
            for (int i = 0; i < workerConcurrency; i++) {
                String event = WorkItem.of(function, "command", Instant.now()).toJson();
                workers.invoke(worker -> worker.invokeAsync(event));
            }
            for (int i = 0; i < CHANGE_EVENTS_CONCURRENCY; i++) {
                ScheduledEvent event = cloudTrailEvent("warm-up-no-such-function", Instant.now(),
                        UpdateFunctionCodeResponse.builder().functionArn("arn:aws:lambda:" + SOURCE
                                + ":123456789012:function:warm-up-no-such-function").build());
                changeEvents.invoke(handler -> handler.handleRequest(event, FixedContext.of("warm-up")));
            }
            workers.awaitIdle();
            changeEvents.awaitIdle();
        }

        /**
         * A schedule tick over fast set-up instances that replicates whatever is not in line; waits for it. Returns
         * how many functions it sent to the worker.
         */
        int setupTick() throws InterruptedException {
            Map<String, Object> answer = setupReconcile.handleRequest(tickEvent,
                    FixedContext.of(ApplicationFixture.RECONCILE));
            setupWorkers.awaitIdle();
            return ((Number) answer.get("dispatched")).intValue();
        }

        /** Checks every replica, reporting problems on stderr. */
        void verifyAll(List<String> functions) throws Exception {
            Map<String, List<String>> problems = new ConcurrentHashMap<>();
            parallel(functions, function -> {
                List<String> found = problems(function);
                if (!found.isEmpty()) {
                    problems.put(function, found);
                }
            });
            if (!problems.isEmpty()) {
                progress("WARNING: %d functions not in line after the set-up tick, e.g. %s", problems.size(),
                        problems.values().iterator().next());
            }
        }

        /**
         * One schedule tick of the reconcile as deployed (its own wiring: the reconcile's share of the rate budget),
         * with what it sends the worker only counted; its calls come from the emulator's request log.
         */
        Tick measuredTick() {
            AtomicInteger dispatched = new AtomicInteger();
            ScheduledReconcileHandler reconcile = new ScheduledReconcileHandler(wiring(Map.of())
                    .withDispatcher(item -> dispatched.incrementAndGet()));
            emulator.clearRequests();
            long start = System.nanoTime();
            Map<String, Object> answer = reconcile.handleRequest(tickEvent,
                    FixedContext.of(ApplicationFixture.RECONCILE));
            long wall = System.nanoTime() - start;
            List<Emulator.RecordedRequest> requests = emulator.requests();
            return new Tick(((Number) answer.get("protectedFunctions")).intValue(), dispatched.get(), wall,
                    requests);
        }

        @Override
        public void close() {
            for (AsyncFunction<?> function : List.of(setupWorkers, workers, changeEvents)) {
                function.pool.shutdownNow();
            }
            verifier.shutdownNow();
            wirings.forEach(wiring -> wiring.clients().close());
            for (Path folder : temporaryFolders) {
                try (Stream<Path> paths = Files.walk(folder)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (IOException e) {
                    progress("could not remove %s: %s", folder, e);
                }
            }
        }
    }

    /**
     * Lambda's asynchronous invocation of one function whose reserved concurrency is {@code concurrency}, played
     * in-process. As AWS documents it: an asynchronous Invoke (the flows' {@code InvocationType=Event}, or
     * EventBridge delivering an event) returns once Lambda has queued the event; Lambda hands queued events to the
     * function, at most as many at once as its reserved concurrency allows; each execution environment runs one
     * event at a time and keeps its handler instance, and so its wiring (clients, connections, its share of the rate
     * budget), from one event to the next; events beyond the concurrency wait in the queue (up to the maximum event
     * age). Here the queue is an executor's queue and the environments are its threads, each with its own handler
     * built on first use. Unlike AWS: a freed environment takes the next event at once, in order (Lambda retries a
     * throttled event with backoff, so it can only be slower), a new environment starts without a cold start's
     * seconds, and a failed event's retries ({@link LocalInvoker}) follow at once, not a minute or two later.
     *
     * @param <E> an execution environment: the handler, over its own wiring
     */
    private static final class AsyncFunction<E> {

        private final String name;
        private final ThreadPoolExecutor pool;
        private final ThreadLocal<E> environment;
        private final AtomicInteger pending = new AtomicInteger();
        private final Object idle = new Object();
        private final List<String> errors = new CopyOnWriteArrayList<>();

        AsyncFunction(String name, int concurrency, Supplier<E> newEnvironment) {
            this.name = name;
            this.pool = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), daemon(name));
            this.environment = ThreadLocal.withInitial(newEnvironment);
        }

        /** Queues an event; an environment runs {@code handler} with it when one is free. */
        void invoke(Consumer<E> handler) {
            pending.incrementAndGet();
            pool.execute(() -> {
                try {
                    handler.accept(environment.get());
                } catch (RuntimeException | Error e) {
                    errors.add(e.toString());
                } finally {
                    if (pending.decrementAndGet() == 0) {
                        synchronized (idle) {
                            idle.notifyAll();
                        }
                    }
                }
            });
        }

        /** Waits until every queued event has run. */
        void awaitIdle() throws InterruptedException {
            synchronized (idle) {
                while (pending.get() > 0) {
                    idle.wait(1000);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Measurements
    // ---------------------------------------------------------------------------------------------------------------

    /** One measured change, on the monotonic clock ({@code System.nanoTime()}; 0 when it did not happen). */
    private static final class Change {
        final String function;
        final long changed;
        final Instant changedAt;
        volatile long eventStart;
        volatile long eventEnd;
        volatile String eventOutcome;
        volatile long dispatched;
        volatile Instant startAfter;
        volatile long workerStart;
        volatile long workerEnd;
        volatile boolean workerFailed;
        volatile long verified;
        volatile List<String> problems = List.of();
        volatile Duration recordedLag;
        /** Whether nothing else is in flight meanwhile, so that the worker's calls can be read from the log. */
        final boolean alone;
        volatile List<Emulator.RecordedRequest> workerCalls;
        final CountDownLatch done = new CountDownLatch(1);

        Change(String function, long changed, Instant changedAt, boolean alone) {
            this.function = function;
            this.changed = changed;
            this.changedAt = changedAt;
            this.alone = alone;
        }

        boolean isVerified() {
            return verified != 0;
        }

        long lag() {
            return verified - changed;
        }

        /** When the worker could start reading: once it started and the work item's start-after time passed. */
        long readFrom() {
            if (startAfter == null) {
                return workerStart;
            }
            long startAfterNanos = changed + Duration.between(changedAt, startAfter).toNanos();
            return Math.min(Math.max(workerStart, startAfterNanos), workerEnd);
        }
    }

    /** The changes of one scenario. */
    private record Scenario(String name, List<Change> changes, Long wallNanos) {

        List<Change> verified() {
            return changes.stream().filter(Change::isVerified).toList();
        }

        static String header() {
            return String.format("%-24s %6s %9s %7s %7s %7s %8s %13s", "scenario", "count", "verified", "p50",
                    "p95", "max", "wall", "recorded p50");
        }

        String row() {
            List<Long> lags = verified().stream().map(Change::lag).toList();
            List<Long> recorded = changes.stream().filter(change -> change.recordedLag != null)
                    .map(change -> change.recordedLag.toNanos()).toList();
            String row = String.format("%-24s %6d %9d %7s %7s %7s %8s %13s", name, changes.size(), lags.size(),
                    sec(percentile(lags, 50)), sec(percentile(lags, 95)), sec(percentile(lags, 100)),
                    wallNanos == null ? "-" : sec(wallNanos), sec(percentile(recorded, 50)));
            List<Change> troubled = changes.stream().filter(change -> !change.isVerified() || change.workerFailed)
                    .toList();
            if (!troubled.isEmpty()) {
                row += String.format("%n  %d not verified or failed, e.g. %s: %s", troubled.size(),
                        troubled.getFirst().function, troubled.getFirst().problems);
            }
            return row;
        }

        static String phaseHeader() {
            return String.format("%-24s %13s %13s %13s %13s %13s", "scenario", "event", "queue", "settle",
                    "replicate", "verify");
        }

        String phaseRow() {
            List<Change> done = verified();
            return String.format("%-24s %13s %13s %13s %13s %13s", name,
                    phase(done, change -> change.dispatched - change.changed),
                    phase(done, change -> change.workerStart - change.dispatched),
                    phase(done, change -> change.readFrom() - change.workerStart),
                    phase(done, change -> change.workerEnd - change.readFrom()),
                    phase(done, change -> change.verified - change.workerEnd));
        }

        private static String phase(List<Change> changes, ToLongFunction<Change> span) {
            List<Long> spans = changes.stream().map(change -> span.applyAsLong(change)).toList();
            return sec(percentile(spans, 50)) + " / " + sec(percentile(spans, 100));
        }
    }

    /** One measured reconcile tick. */
    private record Tick(int protectedFunctions, int dispatched, long wallNanos,
                        List<Emulator.RecordedRequest> requests) {

        /** Calls by "service operation", sorted. */
        Map<String, Long> calls() {
            return requests.stream().filter(request -> !"download".equals(request.service()))
                    .collect(Collectors.groupingBy(request -> request.service() + " " + request.operation(),
                            TreeMap::new, Collectors.counting()));
        }

        long listFunctionsCalls() {
            return requests.stream().filter(request -> "lambda".equals(request.service())
                    && "ListFunctions".equals(request.operation())).count();
        }

        /** ListFunctions pages at Lambda's 50 functions a page, for a source region holding only these functions. */
        long pages() {
            return (protectedFunctions + 49) / 50;
        }

        long lambdaCalls() {
            return requests.stream().filter(request -> "lambda".equals(request.service())).count();
        }

        long writes() {
            return requests.stream().filter(request -> !"download".equals(request.service()))
                    .filter(request -> !request.operation().matches("(Get|List|Query|Scan|Describe|BatchGet).*"))
                    .count();
        }
    }

    /** The worker's calls for one update, per region, from the emulator's log. */
    private static void printWorkerCalls(PrintStream out, Change change) {
        out.println("   the worker's calls for one update (the last single change; Lambda GetFunction and other calls "
                + "are paced apart):");
        Map<String, Map<String, Long>> byRegion = new TreeMap<>();
        for (Emulator.RecordedRequest request : change.workerCalls) {
            String where = "lambda".equals(request.service())
                    ? (SOURCE.equals(request.region()) ? "source " : "target ") + request.region()
                    : request.service();
            byRegion.computeIfAbsent(where, k -> new TreeMap<>()).merge(request.operation(), 1L, Long::sum);
        }
        byRegion.forEach((where, operations) -> out.printf("   %-20s %s%n", where, operations.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "))));
    }

    private static void printTicks(PrintStream out, Map<Integer, Tick> ticks) {
        out.println("2. Scheduled reconcile of N protected functions in line: the calls of one tick (emulator "
                + "request log)");
        StringBuilder header = new StringBuilder(String.format("%-26s", ""));
        StringBuilder sub = new StringBuilder(String.format("%-26s", "service operation"));
        for (int size : ticks.keySet()) {
            header.append(String.format(" %17s", "N=" + size));
            sub.append(String.format(" %8s %8s", "calls", "per fn"));
        }
        out.println(header);
        out.println(sub);
        List<String> operations = ticks.values().stream().flatMap(tick -> tick.calls().keySet().stream())
                .distinct().sorted().toList();
        for (String operation : operations) {
            out.println(tickRow(operation, ticks, tick -> tick.calls().getOrDefault(operation, 0L), true));
        }
        out.println(tickRow("lambda (all operations)", ticks, Tick::lambdaCalls, true));
        boolean onePage = ticks.values().stream().anyMatch(tick -> tick.listFunctionsCalls() != tick.pages());
        if (onePage) {
            out.println(tickRow("  with 50-function pages*", ticks,
                    tick -> tick.lambdaCalls() - tick.listFunctionsCalls() + tick.pages(), true));
        }
        out.println(tickRow("writes (any service)", ticks, Tick::writes, false));
        out.println(tickRow("protected functions", ticks, Tick::protectedFunctions, false));
        out.println(tickRow("sent to the worker", ticks, Tick::dispatched, false));
        StringBuilder wall = new StringBuilder(String.format("%-26s", "tick wall s (fn/min)"));
        for (Tick tick : ticks.values()) {
            double seconds = seconds(tick.wallNanos);
            wall.append(String.format(" %8.1f %8s", seconds,
                    String.format("(%.0f)", tick.protectedFunctions * 60 / seconds)));
        }
        out.println(wall);
        if (onePage) {
            out.println("* the emulator (moto) ignores ListFunctions' MaxItems: one page holds every function. Lambda "
                    + "returns");
            out.println("  at most 50 a page: ceil(N/50) calls here, the source region holding only the N protected "
                    + "functions");
        }
        out.println("  GetResources: the emulator also ends a page at 100 tags (moto's TagsPerPage), not only at "
                + "100 functions;");
        out.println("  lag-* functions carry 2 tags, plain-* 1");
    }

    private static String tickRow(String label, Map<Integer, Tick> ticks, Function<Tick, Number> value,
                                  boolean perFunction) {
        StringBuilder row = new StringBuilder(String.format("%-26s", label));
        for (Tick tick : ticks.values()) {
            long count = value.apply(tick).longValue();
            row.append(String.format(" %8d %8s", count, perFunction
                    ? String.format("%.3f", (double) count / tick.protectedFunctions) : ""));
        }
        return row.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The handlers log JSON lines and write EMF metrics on stdout, as in Lambda; here stdout carries the figures
     * alone. The metrics namespace is set as the template's environment sets it. EMF is told it runs locally (its documented programmatic configuration; the tests set
     * AWS_EMF_ENVIRONMENT=Local instead), so that it writes to the console rather than probe EC2 and ECS metadata
     * endpoints and look for a CloudWatch agent, and what the handlers print is dropped. Returns the real stdout.
     */
    private static PrintStream quietHandlers() {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        // What POWERTOOLS_METRICS_NAMESPACE sets in Lambda (template.yaml): without it, a handler's flush() throws.
        MetricsFactory.getMetricsInstance().setNamespace("lambda-dr");
        PrintStream figures = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        return figures;
    }

    /** An error with its causes, on one line. */
    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder(error.toString());
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            StackTraceElement[] at = cause.getStackTrace();
            text.append(" <- ").append(cause).append(at.length > 0 ? " at " + at[0] : "");
        }
        return text.toString();
    }

    private static void progress(String format, Object... args) {
        System.err.printf("# " + format + "%n", args);
    }

    /** Runs {@code action} for every name on 8 threads; fails with the first failure. */
    private static void parallel(List<String> names, Consumer<String> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8, daemon("setup"));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> action.accept(name)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The nearest-rank percentile, or null when there are no values. */
    private static Long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    private static String sec(Long nanos) {
        return nanos == null ? "-" : String.format("%.2f", nanos / 1e9);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
