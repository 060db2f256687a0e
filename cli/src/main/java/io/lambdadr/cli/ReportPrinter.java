package io.lambdadr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.SourceResult;
import io.lambdadr.core.engine.TargetResult;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a run's report: an aligned table for people, or one JSON document for scripts. Neither ever holds an
 * environment variable value: the engine's results carry only names, field names and masked messages.
 */
final class ReportPrinter {

    private final ReplicationEngine.Mode mode;
    private final String sourceRegion;
    private final String stopReason;

    /** @param stopReason why the run stopped early (deadline, signal), or null when it did not */
    ReportPrinter(ReplicationEngine.Mode mode, String sourceRegion, String stopReason) {
        this.mode = mode;
        this.sourceRegion = sourceRegion;
        this.stopReason = stopReason;
    }

    void printJson(ReplicationReport report, PrintWriter out) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("command", commandName());
        document.put("sourceRegion", sourceRegion);
        document.put("dryRun", mode != ReplicationEngine.Mode.APPLY);
        document.put("stopped", report.anyStopped() ? stopReason : null);
        List<Map<String, Object>> results = new ArrayList<>();
        for (TargetResult result : report.targets()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("function", result.functionName());
            entry.put("targetRegion", result.targetRegion());
            // One shape for every command, so that scripts read any report the same way.
            entry.put("outcome", result.outcome().label());
            entry.put("status", result.status().label());
            entry.put("drift", result.drift());
            entry.put("plan", result.plan());
            entry.put("done", result.done());
            entry.put("notes", result.notes());
            entry.put("error", result.error());
            entry.put("failureKind", result.failureKind() == null ? null : result.failureKind().label());
            entry.put("apiCalls", apiCalls(result.reads(), result.writes()));
            entry.put("codeBytes", result.codeBytes());
            results.add(entry);
        }
        document.put("results", results);
        List<Map<String, Object>> sources = new ArrayList<>();
        for (SourceResult source : report.sources()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("function", source.functionName());
            entry.put("error", source.error());
            entry.put("failureKind", source.failureKind() == null ? null : source.failureKind().label());
            entry.put("apiCalls", apiCalls(source.reads(), 0));
            entry.put("codeBytesDownloaded", source.codeBytesDownloaded());
            sources.add(entry);
        }
        document.put("sources", sources);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("functions", report.sources().size());
        totals.put("failed", report.targets().stream().filter(TargetResult::failed).count());
        totals.put("stopped", report.targets().stream().filter(TargetResult::stopped).count());
        totals.put("reads", report.totalReads());
        totals.put("writes", report.totalWrites());
        totals.put("codeBytes", report.totalCodeBytes());
        document.put("totals", totals);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Long> apiCalls(long reads, long writes) {
        Map<String, Long> calls = new LinkedHashMap<>();
        calls.put("reads", reads);
        calls.put("writes", writes);
        return calls;
    }

    void printTable(ReplicationReport report, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FUNCTION", "REGION", mode == ReplicationEngine.Mode.STATUS ? "STATUS" : "OUTCOME",
            "READS", "WRITES", "CODE BYTES", "DETAIL"});
        for (TargetResult result : report.targets()) {
            rows.add(new String[] {
                result.functionName(),
                result.targetRegion(),
                mode == ReplicationEngine.Mode.STATUS ? result.status().label()
                        : (mode == ReplicationEngine.Mode.PLAN && !result.failed() ? "would be " : "")
                                + result.outcome().label(),
                Long.toString(result.reads()),
                Long.toString(result.writes()),
                Long.toString(result.codeBytes()),
                detail(result)});
        }
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        if (mode == ReplicationEngine.Mode.PLAN) {
            for (TargetResult result : report.targets()) {
                if (!result.plan().isEmpty()) {
                    out.println();
                    out.println(result.functionName() + " -> " + result.targetRegion() + ":");
                    result.plan().forEach(step -> out.println("  - " + step));
                }
            }
        }
        long failed = report.targets().stream().filter(TargetResult::failed).count();
        out.printf("%n%d function(s), %d target(s) failed; %d reads, %d writes, %d code bytes%n",
                report.sources().size(), failed, report.totalReads(), report.totalWrites(), report.totalCodeBytes());
        if (report.anyStopped()) {
            long stopped = report.targets().stream().filter(TargetResult::stopped).count();
            out.printf("stopped early because %s: %d target(s) not finished; the next run completes them%n",
                    stopReason, stopped);
        }
    }

    private String detail(TargetResult result) {
        if (result.error() != null) {
            return (result.failureKind() == FailureKind.PERMANENT ? "[needs a fix] " : "[retry may help] ")
                    + result.error();
        }
        if (result.stopped()) {
            return result.outcome() == TargetResult.Outcome.NOT_STARTED ? "not started"
                    : "stopped after " + result.done().size() + " step(s)";
        }
        if (mode == ReplicationEngine.Mode.STATUS || mode == ReplicationEngine.Mode.PLAN) {
            return String.join(", ", result.drift());
        }
        return "";
    }

    private String commandName() {
        return switch (mode) {
            case PLAN -> "plan";
            case APPLY -> "replicate";
            case STATUS -> "status";
        };
    }
}
