package io.lambdadr.benchmark;

import io.lambdadr.testsupport.Emulator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The figures of a simulated day of the deployed application: the Lambda calls of every hourly tick (the reconcile
 * and the worker runs it started), by region and by quota budget, for functions in line whose source never changes.
 */
final class SimulatedDay {

    private final String source;
    private final List<String> targets;
    private final int functions;
    private final List<Hour> hours = new ArrayList<>();

    SimulatedDay(String source, List<String> targets, int functions) {
        this.source = source;
        this.targets = List.copyOf(targets);
        this.functions = functions;
    }

    /** One tick: how many functions it sent to the worker, and every request the emulator logged meanwhile. */
    record Hour(int hour, int sentToWorker, List<Emulator.RecordedRequest> requests) {
    }

    void add(Hour hour) {
        hours.add(hour);
    }

    private static boolean lambda(Emulator.RecordedRequest request) {
        return "lambda".equals(request.service());
    }

    /** Lambda's own budgets: GetFunction and GetPolicy each have one; every other control-plane call shares one. */
    private static String budget(Emulator.RecordedRequest request) {
        return switch (request.operation()) {
            case "GetFunction", "GetPolicy" -> request.operation();
            default -> "other";
        };
    }

    private long count(Hour hour, Predicate<Emulator.RecordedRequest> which) {
        return hour.requests.stream().filter(SimulatedDay::lambda).filter(which).count();
    }

    /** Shared-budget calls of the hour in every region, the source's included, per function and target region. */
    private double otherPerFunctionAndTarget(Hour hour) {
        return (double) count(hour, request -> "other".equals(budget(request))) / (functions * targets.size());
    }

    void print(PrintStream out) {
        out.printf("%-24s %8s %8s %8s %8s%n", "Lambda calls over the day", "source", targets.getFirst(),
                targets.size() > 1 ? targets.get(1) : "", "per fn/day");
        for (String kind : List.of("GetFunction", "GetPolicy", "other")) {
            long inSource = hours.stream().mapToLong(hour -> count(hour, request -> kind.equals(budget(request))
                    && source.equals(request.region()))).sum();
            List<Long> inTargets = targets.stream().map(target -> hours.stream().mapToLong(hour -> count(hour,
                    request -> kind.equals(budget(request)) && target.equals(request.region()))).sum()).toList();
            long all = inSource + inTargets.stream().mapToLong(Long::longValue).sum();
            out.printf("%-24s %8d %8d %8s %8.2f%n", kind, inSource, inTargets.getFirst(),
                    inTargets.size() > 1 ? Long.toString(inTargets.get(1)) : "", (double) all / functions);
        }
        int sent = hours.stream().mapToInt(Hour::sentToWorker).sum();
        int mostSent = hours.stream().mapToInt(Hour::sentToWorker).max().orElse(0);
        double average = hours.stream().mapToDouble(this::otherPerFunctionAndTarget).average().orElse(0);
        Hour busiest = hours.stream().max((a, b) -> Double.compare(otherPerFunctionAndTarget(a),
                otherPerFunctionAndTarget(b))).orElseThrow();
        out.printf("sent to the worker (full checks): %d over %d ticks, at most %d in one tick%n", sent, hours.size(),
                mostSent);
        out.printf("other calls per function and target region per tick, source share included: %.2f on average, "
                + "%.2f in the busiest tick (hour %d)%n", average, otherPerFunctionAndTarget(busiest), busiest.hour);
        out.printf("429s received: %d%n", hours.stream().mapToLong(hour -> count(hour,
                request -> request.status() == 429)).sum());
    }
}
