package io.lambdadr.functions.common;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes alerts to the alerts topic: the message is the readable alert (what an e-mail subscriber reads), and two
 * message attributes carry what machines need: {@code kind} ({@code failure} for a failure record, {@code notice}
 * otherwise), on which the archive queue's subscription filters, and {@code record}, the raw failure record, which
 * {@code redrive} re-runs from the archive.
 */
public final class SnsAlertPublisher implements AlertPublisher {

    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertPublisher(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(Alert alert) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        boolean failure = alert.rawRecord() != null;
        attributes.put("kind", text(failure ? "failure" : "notice"));
        if (failure) {
            // Records are small (a work item and an error message); one SNS refuses (over 256 KiB) fails the
            // publish, and the failure destination of the publishing function still delivers it raw.
            attributes.put("record", text(alert.rawRecord()));
        }
        sns.publish(request -> request.topicArn(topicArn).subject(alert.subject()).message(alert.readable())
                .messageAttributes(attributes));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
