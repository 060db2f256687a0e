package io.lambdadr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.EmulatorExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** One run of the command line, with what it printed. */
record CliRun(int exitCode, String stdout, String stderr) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LambdaDrCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs with {@code --output json} appended and the emulator's endpoint. */
    static CliRun json(String endpoint, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
        return of(all.toArray(String[]::new));
    }

    /**
     * Runs {@code command} ({@code replicate}, {@code status}, ...) on one function from the source region into both
     * DR regions of the emulator, with JSON output; {@code extra} options follow.
     */
    static CliRun onBothTargets(String endpoint, String command, String function, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--source-region", EmulatorExtension.SOURCE,
                "--target-region", EmulatorExtension.DR1, "--target-region", EmulatorExtension.DR2,
                "--function", function));
        args.addAll(List.of(extra));
        return json(endpoint, args.toArray(String[]::new));
    }

    JsonNode document() {
        try {
            return new ObjectMapper().readTree(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is not one JSON document:\n" + stdout + "\nstderr:\n" + stderr, e);
        }
    }

    /** The result for one function and target region. */
    JsonNode result(String function, String region) {
        for (JsonNode result : document().get("results")) {
            if (result.get("function").asText().equals(function) && result.get("targetRegion").asText().equals(region)) {
                return result;
            }
        }
        throw new AssertionError("no result for " + function + " in " + region + ":\n" + stdout);
    }
}
