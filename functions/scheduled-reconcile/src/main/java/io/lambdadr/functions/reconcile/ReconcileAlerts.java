package io.lambdadr.functions.reconcile;

import io.lambdadr.core.domain.DisplayText;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.functions.common.Alert;
import java.util.Map;

/** The alerts the reconcile sends a person. */
final class ReconcileAlerts {

    private ReconcileAlerts() {
    }

    /** An event the reconcile does not understand: nothing was compared or sent for it. */
    static Alert malformedEvent(Map<String, Object> event, String why) {
        return new Alert("lambda-dr: the reconcile ignored an event it does not understand", null, null,
                why + "; the event was " + DisplayText.quoted(String.valueOf(event)), FailureKind.PERMANENT,
                "Nothing was reconciled for this event and Lambda does not retry it. Correct what sent it (the "
                        + "schedule's Input in template.yaml, the commands or configuration-repository flow). The "
                        + "next scheduled reconcile runs as usual.",
                null);
    }
}
