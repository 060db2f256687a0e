package io.lambdadr.cli;

import io.lambdadr.core.config.InvalidConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lambda-dr} command: entry point of the command-line tool. */
@Command(name = "lambda-dr",
        mixinStandardHelpOptions = true,
        version = "lambda-dr 0.1.0",
        description = "Keeps AWS Lambda functions recoverable in other regions.",
        subcommands = {PlanCommand.class, ReplicateCommand.class, StatusCommand.class, EcrReplicationCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:everything succeeded",
            "1:at least one function failed (the others were still processed)",
            "2:usage or configuration error (nothing was changed)",
            "3:the --deadline came before every function was done (the report says which)",
            "130:stopped by SIGINT (Ctrl-C): steps under way finished, the report says what is left",
            "143:stopped by SIGTERM: as for SIGINT"})
public final class LambdaDrCommand {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_DEADLINE = 3;
    public static final int EXIT_SIGINT = 130;
    public static final int EXIT_SIGTERM = 143;

    public static void main(String[] args) {
        SignalHandling.install(System.err);
        System.exit(run(args));
    }

    /** Runs the command line on the process's own streams and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new LambdaDrCommand()).setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler((error, cmd, parseResult) -> {
            if (error instanceof InvalidConfigException) {
                cmd.getErr().println("lambda-dr: " + error.getMessage());
                return EXIT_USAGE;
            }
            // The kind and message only: a stack trace would print the causes' texts too.
            cmd.getErr().println("lambda-dr: unexpected error: " + error.getClass().getSimpleName() + ": "
                    + error.getMessage());
            return EXIT_FAILED;
        });
        return commandLine.execute(args);
    }
}
