package io.lambdadr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.ReplicationEngine.Mode;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.SourceResult;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.core.engine.TargetResult.Outcome;
import io.lambdadr.core.engine.TargetResult.SyncStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportPrinterTest {

    private static final String SOURCE = "us-east-1";
    private static final String NOT_FOUND = "function ghost not found in us-east-1; check the name";

    /** Two functions into two regions: one created, one unchanged, one failed, one drifted (for status). */
    private static ReplicationReport report() {
        return new ReplicationReport(
                List.of(new SourceResult("orders", null, null, 4, 3000, "sha-v1=", "0".repeat(64)),
                        new SourceResult("ghost", NOT_FOUND, FailureKind.PERMANENT, 1, 0, null, null)),
                List.of(new TargetResult("orders", "eu-west-1", Outcome.CREATED, SyncStatus.MISSING,
                                List.of("create function (code sha-v1= from source 1)",
                                        "publish version for source version 1"),
                                List.of("function", "version 1"), List.of("create function (code sha-v1= from source 1)",
                                        "publish version for source version 1"), List.of(), null, null, 3, 7, 3000),
                        new TargetResult("orders", "us-west-2", Outcome.UPDATED, SyncStatus.DRIFTED,
                                List.of("update alias live -> source version 1"), List.of("alias live"),
                                List.of("update alias live -> source version 1"), List.of(), null, null, 3, 1, 0),
                        new TargetResult("ghost", "eu-west-1", Outcome.FAILED, SyncStatus.ERROR, List.of(), List.of(),
                                List.of(), List.of(), NOT_FOUND, FailureKind.PERMANENT, 0, 0, 0)));
    }

    private static String json(Mode mode, ReplicationReport report) {
        StringWriter out = new StringWriter();
        new ReportPrinter(mode, SOURCE, null).printJson(report, new PrintWriter(out, true));
        return out.toString();
    }

    private static JsonNode document(Mode mode, ReplicationReport report) throws Exception {
        return new ObjectMapper().readTree(json(mode, report));
    }

    private static List<String> table(Mode mode, ReplicationReport report) {
        StringWriter out = new StringWriter();
        new ReportPrinter(mode, SOURCE, null).printTable(report, new PrintWriter(out, true));
        return out.toString().lines().toList();
    }

    @Test
    void printJson_whenReplicating_writesResultsSourcesAndTotals() throws Exception {
        JsonNode document = document(Mode.APPLY, report());

        assertThat(document.get("command").asText()).isEqualTo("replicate");
        assertThat(document.get("sourceRegion").asText()).isEqualTo(SOURCE);
        assertThat(document.get("dryRun").asBoolean()).isFalse();
        JsonNode results = document.get("results");
        assertThat(results).hasSize(3);
        JsonNode created = results.get(0);
        assertThat(created.get("function").asText()).isEqualTo("orders");
        assertThat(created.get("targetRegion").asText()).isEqualTo("eu-west-1");
        assertThat(created.get("outcome").asText()).isEqualTo("created");
        assertThat(created.get("error").isNull()).isTrue();
        assertThat(created.get("apiCalls").get("reads").asLong()).isEqualTo(3);
        assertThat(created.get("apiCalls").get("writes").asLong()).isEqualTo(7);
        assertThat(created.get("codeBytes").asLong()).isEqualTo(3000);
        assertThat(created.get("status").asText()).as("how it stood before the run").isEqualTo("missing");
        assertThat(created.get("drift").isArray()).isTrue();
        assertThat(results.get(1).get("outcome").asText()).isEqualTo("updated");
        JsonNode failed = results.get(2);
        assertThat(failed.get("function").asText()).isEqualTo("ghost");
        assertThat(failed.get("outcome").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isEqualTo(NOT_FOUND);

        JsonNode sources = document.get("sources");
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).get("function").asText()).isEqualTo("orders");
        assertThat(sources.get(0).get("error").isNull()).isTrue();
        assertThat(sources.get(0).get("apiCalls").get("reads").asLong()).isEqualTo(4);
        assertThat(sources.get(0).get("codeBytesDownloaded").asLong()).isEqualTo(3000);
        assertThat(sources.get(1).get("error").asText()).isEqualTo(NOT_FOUND);

        JsonNode totals = document.get("totals");
        assertThat(totals.get("functions").asInt()).isEqualTo(2);
        assertThat(totals.get("failed").asInt()).isEqualTo(1);
        assertThat(totals.get("reads").asLong()).isEqualTo(4 + 1 + 3 + 3);
        assertThat(totals.get("writes").asLong()).isEqualTo(7 + 1);
        assertThat(totals.get("codeBytes").asLong()).isEqualTo(3000 + 3000);
    }

    @Test
    void printJson_whenPlanning_isADryRunListingThePlannedSteps() throws Exception {
        JsonNode document = document(Mode.PLAN, report());

        assertThat(document.get("command").asText()).isEqualTo("plan");
        assertThat(document.get("dryRun").asBoolean()).isTrue();
        JsonNode created = document.get("results").get(0);
        assertThat(created.get("outcome").asText()).isEqualTo("created");
        assertThat(created.get("plan")).extracting(JsonNode::asText).containsExactly(
                "create function (code sha-v1= from source 1)", "publish version for source version 1");
    }

    @Test
    void printJson_whenReportingStatus_givesStatusAndDriftAndWhatReplicateWouldDo() throws Exception {
        JsonNode document = document(Mode.STATUS, report());

        assertThat(document.get("command").asText()).isEqualTo("status");
        assertThat(document.get("dryRun").asBoolean()).isTrue();
        JsonNode results = document.get("results");
        assertThat(results).extracting(result -> result.get("status").asText())
                .containsExactly("missing", "drifted", "error");
        assertThat(results.get(1).get("drift")).extracting(JsonNode::asText).containsExactly("alias live");
        assertThat(results).extracting(result -> result.get("outcome").asText())
                .containsExactly("created", "updated", "failed");
        assertThat(results).allSatisfy(result -> assertThat(result.has("apiCalls")).isTrue());
        assertThat(results.get(2).get("error").asText()).isEqualTo(NOT_FOUND);
    }

    @Test
    void printJson_whenNothingRan_writesEmptyListsAndZeroTotals() throws Exception {
        JsonNode document = document(Mode.APPLY, new ReplicationReport(List.of(), List.of()));

        assertThat(document.get("results")).isEmpty();
        assertThat(document.get("sources")).isEmpty();
        assertThat(document.get("totals").get("functions").asInt()).isZero();
        assertThat(document.get("totals").get("writes").asLong()).isZero();
    }

    @Test
    void printTable_whenReplicating_printsAlignedHeaderOneRowPerResultAndTotals() {
        List<String> lines = table(Mode.APPLY, report());

        String header = lines.get(0);
        assertThat(header).startsWith("FUNCTION").contains("REGION", "OUTCOME", "READS", "WRITES", "CODE BYTES",
                "DETAIL");
        List<String> rows = lines.subList(1, 4);
        assertThat(rows.get(0)).startsWith("orders").contains("eu-west-1", "created", "3000");
        assertThat(rows.get(1)).startsWith("orders").contains("us-west-2", "updated");
        assertThat(rows.get(2)).startsWith("ghost").contains("eu-west-1", "failed").endsWith(NOT_FOUND);
        List<String> regions = List.of("eu-west-1", "us-west-2", "eu-west-1");
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).indexOf(regions.get(i))).as("REGION column of %s", rows.get(i))
                    .isEqualTo(header.indexOf("REGION"));
        }
        assertThat(lines).contains("2 function(s), 1 target(s) failed; 11 reads, 8 writes, 6000 code bytes");
        assertThat(lines.get(4)).isEmpty();
        assertThat(lines).hasSize(6);
    }

    @Test
    void printTable_whenPlanning_saysWouldBeAndListsTheStepsPerResult() {
        List<String> lines = table(Mode.PLAN, report());

        assertThat(lines.get(1)).contains("would be created");
        assertThat(lines.get(2)).contains("would be updated").endsWith("alias live");
        assertThat(lines.get(3)).contains("failed").doesNotContain("would be");
        assertThat(lines).containsSubsequence(
                "orders -> eu-west-1:",
                "  - create function (code sha-v1= from source 1)",
                "  - publish version for source version 1",
                "orders -> us-west-2:",
                "  - update alias live -> source version 1");
        assertThat(lines).noneMatch(line -> line.startsWith("ghost -> "));
        assertThat(lines.getLast()).isEqualTo("2 function(s), 1 target(s) failed; 11 reads, 8 writes, 6000 code bytes");
    }

    @Test
    void printTable_whenReportingStatus_showsStatusAndDrift() {
        List<String> lines = table(Mode.STATUS, report());

        assertThat(lines.get(0)).contains("STATUS").doesNotContain("OUTCOME");
        assertThat(lines.get(1)).contains("missing").endsWith("function, version 1");
        assertThat(lines.get(2)).contains("drifted").endsWith("alias live");
        assertThat(lines.get(3)).contains("error").endsWith(NOT_FOUND);
    }
}
