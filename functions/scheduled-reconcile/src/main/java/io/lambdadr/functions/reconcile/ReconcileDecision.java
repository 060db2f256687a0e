package io.lambdadr.functions.reconcile;

import io.lambdadr.functions.common.ReplicaRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * region's record carries the source's current fingerprint, no error, and was made after the function's last
 * full-check slot.
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
    private static final long INTERVAL_MILLIS = FULL_CHECK_INTERVAL.toMillis();

    /** Lambda writes {@code 2026-11-22T20:34:25.348+0000}; emulators also {@code ...25.348553000Z}. */
    private static final DateTimeFormatter LAST_MODIFIED = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    /**
     * @param function    the function's name, which sets its full-check slot
     * @param fingerprint the source's fingerprint now
     * @param targets     the target regions
     * @param records     the state table's records of the function, by target region
     * @param now         the time now
     */
    static ReconcileDecision of(String function, String fingerprint, List<String> targets,
                                Map<String, ReplicaRecord> records, Instant now) {
        Instant slot = lastFullCheckSlot(function, now);
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
            if (record.replicatedAt() == null || record.replicatedAt().isBefore(slot)) {
                return new ReconcileDecision(true, "the replica in " + region + " was last verified before the "
                        + "function's full check of every " + FULL_CHECK_INTERVAL.toHours() + " hours, due at " + slot);
            }
        }
        return new ReconcileDecision(false, "in line in every target region");
    }

    /**
     * The latest moment at or before {@code now} when {@code function}'s full check fell due. Each function has a
     * slot of its own in the interval, taken from a digest of its name: the checks of a fleet replicated in one go
     * (a first deployment, a new configuration) spread evenly over the interval instead of all falling due in the
     * same tick, which would spend the account's shared rate budget on nothing else for as long as they take. A
     * replica verified at any moment is verified again at the next slot, so never more than one interval (plus a
     * schedule tick) apart.
     */
    static Instant lastFullCheckSlot(String function, Instant now) {
        byte[] digest = SourceFingerprint.sha256().digest(function.getBytes(StandardCharsets.UTF_8));
        long phase = Math.floorMod(ByteBuffer.wrap(digest).getLong(), INTERVAL_MILLIS);
        return now.minusMillis(Math.floorMod(now.toEpochMilli() - phase, INTERVAL_MILLIS));
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
