package io.lambdadr.benchmark;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.testsupport.Emulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Lambda calls of one run, by region and by the quota budget they draw on, from the emulator's request log.
 */
final class QuotaFigures {

    static final double GET_FUNCTION_QUOTA = DrConfig.RateLimits.GET_FUNCTION_QUOTA;
    /** GetPolicy's own quota, apart from the other control-plane calls'. */
    static final double GET_POLICY_QUOTA = 15;
    static final double CONTROL_PLANE_QUOTA = DrConfig.RateLimits.CONTROL_PLANE_QUOTA;

    private QuotaFigures() {
    }

    static String header() {
        return String.format("%-22s %-10s %14s %12s %14s %7s %14s %9s %7s", "run", "region", "GetFunction/fn",
                "GetPolicy/fn", "other calls/fn", "429s", "quota bound s", "wall s", "ratio");
    }

    /**
     * One row per region that received Lambda calls, then one ({@code per target}) with the calls of every region,
     * the source's included, per function and target region: what the run costs the account for each replica.
     */
    static List<String> rows(String label, List<Emulator.RecordedRequest> requests, double wallSeconds,
                             int functions, int targetRegions) {
        Map<String, long[]> byRegion = new TreeMap<>();
        for (Emulator.RecordedRequest request : requests) {
            if (!"lambda".equals(request.service())) {
                continue;
            }
            long[] counts = byRegion.computeIfAbsent(request.region(), region -> new long[4]);
            switch (request.operation()) {
                case "GetFunction" -> counts[0]++;
                case "GetPolicy" -> counts[1]++;
                default -> counts[2]++;
            }
            if (request.status() == 429) {
                counts[3]++;
            }
        }
        List<String> rows = new ArrayList<>();
        long[] all = new long[4];
        byRegion.values().forEach(counts -> {
            for (int i = 0; i < all.length; i++) {
                all[i] += counts[i];
            }
        });
        byRegion.forEach((region, counts) -> {
            double bound = Math.max(counts[0] / GET_FUNCTION_QUOTA,
                    Math.max(counts[1] / GET_POLICY_QUOTA, counts[2] / CONTROL_PLANE_QUOTA));
            rows.add(String.format("%-22s %-10s %14.2f %12.2f %14.2f %7d %14.1f %9.1f %7.2f", label, region,
                    (double) counts[0] / functions, (double) counts[1] / functions, (double) counts[2] / functions,
                    counts[3], bound, wallSeconds, bound / wallSeconds));
        });
        double replicas = (double) functions * targetRegions;
        rows.add(String.format("%-22s %-10s %14.2f %12.2f %14.2f %7d %14s %9.1f %7s", label, "per target",
                all[0] / replicas, all[1] / replicas, all[2] / replicas, all[3], "-", wallSeconds, "-"));
        return rows;
    }
}
