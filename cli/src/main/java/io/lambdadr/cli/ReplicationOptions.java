package io.lambdadr.cli;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.DrConfigLoader;
import io.lambdadr.core.config.InvalidConfigException;
import io.lambdadr.core.domain.DisplayText;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.usecase.ReplicationRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options plan, replicate and status share, validated into typed values before any AWS call. */
final class ReplicationOptions {

    /** The options that carry each setting of a request, for its messages. */
    private static final ReplicationRequest.Labels LABELS = new ReplicationRequest.Labels("--source-region",
            "--target-region", "--function");

    /** {@code 90s}, {@code 15m}, {@code 1h30m}, or ISO-8601 ({@code PT15M}), upper-cased before matching. */
    private static final Pattern DURATION = Pattern.compile("(PT)?(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?");

    @Option(names = "--source-region", required = true, paramLabel = "REGION",
            description = "Region the functions live in today.")
    String sourceRegion;

    @Option(names = "--target-region", required = true, paramLabel = "REGION",
            description = "DR region to replicate into; repeat for several.")
    List<String> targetRegions = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static final class Selection {
        @Option(names = "--function", paramLabel = "NAME", required = true,
                description = "Function name; repeat for several.")
        List<String> functions;

        @Option(names = "--all", required = true,
                description = "Every function tagged with the protect tag (default lambda-dr:protect=true).")
        boolean all;
    }

    @Option(names = "--config", paramLabel = "FILE", description = "DR configuration file (YAML), see the README.")
    Path configFile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call of every region to this endpoint (a local emulator).")
    String endpointUrl;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for people) or json (one document on stdout). Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--deadline", paramLabel = "DURATION",
            description = "Stop starting new work after this long (for example 90s, 15m, 1h30m); steps under way "
                    + "finish and the report lists what is left. Default: no deadline.")
    String deadline;

    /** The validated configuration: the file's, or the defaults. */
    DrConfig config() {
        return configFile == null ? DrConfig.DEFAULTS : new DrConfigLoader().load(configFile);
    }

    /** The request these options describe, validated; throws naming the option at fault. */
    ReplicationRequest request(ReplicationEngine.Mode mode) {
        if (!"table".equals(output) && !"json".equals(output)) {
            throw new InvalidConfigException("--output: unknown format " + DisplayText.quoted(output)
                    + "; use table or json");
        }
        endpoint();
        deadline();
        ReplicationRequest.Selection chosen = selection.all ? new ReplicationRequest.Selection.AllProtected()
                : new ReplicationRequest.Selection.Functions(selection.functions);
        return ReplicationRequest.of(LABELS, sourceRegion, targetRegions, chosen, mode, config(), true);
    }

    /** The run's time budget, from {@code --deadline}: {@code 90s}, {@code 15m}, {@code 1h30m} or ISO-8601. */
    Optional<Duration> deadline() {
        if (deadline == null) {
            return Optional.empty();
        }
        String text = deadline.trim().toUpperCase(Locale.ROOT);
        Duration budget = null;
        if (DURATION.matcher(text).matches()) {
            try {
                budget = Duration.parse(text.startsWith("P") ? text : "PT" + text);
            } catch (DateTimeParseException e) {
                budget = null;
            }
        }
        if (budget == null || budget.isZero() || budget.isNegative()) {
            throw new InvalidConfigException("--deadline: " + DisplayText.quoted(deadline)
                    + " is not a positive duration; write it as for example 90s, 15m or 1h30m");
        }
        return Optional.of(budget);
    }

    Optional<URI> endpoint() {
        return endpointOf(endpointUrl);
    }

    /** {@code --endpoint-url}, checked: empty when not given. */
    static Optional<URI> endpointOf(String endpointUrl) {
        if (endpointUrl == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(endpointUrl);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new URISyntaxException(endpointUrl, "expected http:// or https:// with a host");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new InvalidConfigException("--endpoint-url: " + DisplayText.quoted(endpointUrl) + " is not a URL ("
                    + e.getReason() + "), for example http://127.0.0.1:4566");
        }
    }

    boolean json() {
        return "json".equals(output);
    }
}
