package io.lambdadr.functions.reconcile;

import io.lambdadr.functions.common.ReplicaRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a protected function needs the worker, judged from the state table alone: it does unless every target
 * region's record carries the source's current fingerprint, no error, and is younger than the full-check interval.
 *
 * @param dispatch whether to send the function to the worker
 * @param reason   why, for the logs
 */
record ReconcileDecision(boolean dispatch, String reason) {

    /**
     * Replicas are re-verified at least this often even when the source never changes: someone may have changed a
     * replica in its own region (drift), and only the worker, reading the target, can tell.
     */
    static final Duration FULL_CHECK_INTERVAL = Duration.ofHours(24);

    /** Lambda writes {@code 2026-11-22T20:34:25.348+0000}; emulators also {@code ...25.348553000Z}. */
    private static final DateTimeFormatter LAST_MODIFIED = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    /**
     * @param fingerprint the source's fingerprint now
     * @param targets     the target regions
     * @param records     the state table's records of the function, by target region
     * @param now         the time now
     */
    static ReconcileDecision of(String fingerprint, List<String> targets, Map<String, ReplicaRecord> records,
                                Instant now) {
        for (String region : targets) {
            ReplicaRecord record = records.get(region);
            if (record == null) {
                return new ReconcileDecision(true, "no record of a replica in " + region);
            }
            if (record.lastError() != null) {
                return new ReconcileDecision(true, "the last run into " + region + " did not finish");
            }
            if (!Objects.equals(fingerprint, record.sourceFingerprint())) {
                return new ReconcileDecision(true, "the source changed since it was replicated into " + region);
            }
            if (record.replicatedAt() == null || !record.replicatedAt().plus(FULL_CHECK_INTERVAL).isAfter(now)) {
                return new ReconcileDecision(true, "the replica in " + region + " was last verified over "
                        + FULL_CHECK_INTERVAL.toHours() + " hours ago");
            }
        }
        return new ReconcileDecision(false, "in line in every target region");
    }

    /**
     * When the work was asked for, for the lag the worker records: when {@code $LATEST} last changed, if every
     * region was replicated before that (the replicas have been behind since); otherwise now, since what changed
     * (an alias, a tag, a replica) carries no time.
     *
     * @param lastModified the LastModified of {@code $LATEST}, as Lambda writes it
     */
    static Instant requestedAt(String lastModified, Map<String, ReplicaRecord> records, Instant now) {
        Optional<Instant> latestReplication = records.values().stream().map(ReplicaRecord::replicatedAt)
                .filter(Objects::nonNull).max(Instant::compareTo);
        Optional<Instant> changed = parse(lastModified);
        if (latestReplication.isEmpty() || changed.isEmpty()) {
            return now;
        }
        Instant at = changed.get();
        return at.isAfter(latestReplication.get()) && at.isBefore(now) ? at : now;
    }

    static Optional<Instant> parse(String lastModified) {
        if (lastModified == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(lastModified, LAST_MODIFIED).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
