package io.lambdadr.functions.commands;

import io.lambdadr.core.config.InvalidConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The failure archive queue. The alerts topic delivers to it raw (the message is the readable alert), so the failure
 * record travels in the {@code record} message attribute; a message without one is taken to be a record itself.
 */
final class SqsFailureArchive implements FailureArchive {

    /** Long enough to invoke and remove a batch; what is not removed by then is visible to the next redrive. */
    static final Duration INVISIBLE_WHILE_REDRIVEN = Duration.ofMinutes(5);
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final Optional<String> queueUrl;

    /** @param queueUrl ARCHIVE_QUEUE_URL; empty when the stack has none, which fails a redrive with a message */
    SqsFailureArchive(SqsClient sqs, Optional<String> queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public List<ArchivedFailure> take(int max) {
        String url = url();
        List<ArchivedFailure> taken = new ArrayList<>();
        while (taken.size() < max) {
            int wanted = Math.min(BATCH, max - taken.size());
            // A second's wait: short polls sample only some of SQS's servers and can miss records of a small queue.
            List<Message> batch = sqs.receiveMessage(request -> request.queueUrl(url).maxNumberOfMessages(wanted)
                    .messageAttributeNames("record").waitTimeSeconds(1)
                    .visibilityTimeout((int) INVISIBLE_WHILE_REDRIVEN.toSeconds())).messages();
            if (batch.isEmpty()) {
                break;
            }
            for (Message message : batch) {
                MessageAttributeValue record = message.messageAttributes().get("record");
                taken.add(new ArchivedFailure(message.receiptHandle(),
                        record != null && record.stringValue() != null ? record.stringValue() : message.body()));
            }
        }
        return taken;
    }

    @Override
    public void remove(ArchivedFailure failure) {
        sqs.deleteMessage(request -> request.queueUrl(url()).receiptHandle(failure.handle()));
    }

    private String url() {
        return queueUrl.orElseThrow(() -> new InvalidConfigException("ARCHIVE_QUEUE_URL is not set; redrive reads "
                + "the failure archive queue and needs its URL (template.yaml sets it)"));
    }
}
