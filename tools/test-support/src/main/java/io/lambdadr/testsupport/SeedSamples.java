package io.lambdadr.testsupport;

import java.net.URI;
import java.util.Map;

/**
 * Creates sample functions in an emulated region, for the demo: {@code count} protected functions with three
 * versions and weighted aliases, and one unprotected function that {@code --all} must leave alone.
 *
 * <p>Usage: {@code SeedSamples ENDPOINT_URL REGION COUNT}
 */
public final class SeedSamples {

    private SeedSamples() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !args[2].matches("\\d{1,4}")) {
            System.err.println("usage: SeedSamples ENDPOINT_URL REGION COUNT");
            System.exit(2);
        }
        URI endpoint = URI.create(args[0]);
        String region = args[1];
        int count = Integer.parseInt(args[2]);
        try (SampleFunctions samples = new SampleFunctions(endpoint)) {
            for (int i = 1; i <= count; i++) {
                samples.createVersionedSample(region, "demo-orders-" + i, 0);
            }
            samples.createFunction(region, "demo-scratch", SampleFunctions.zip("scratch", 0), Map.of(),
                    Map.of("team", "sandbox"));
        }
        System.out.println("created " + count + " protected sample functions and 1 unprotected one in " + region);
    }
}
