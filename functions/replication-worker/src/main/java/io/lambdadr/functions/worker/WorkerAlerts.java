package io.lambdadr.functions.worker;

import io.lambdadr.core.domain.DisplayText;
import io.lambdadr.core.domain.FunctionNames;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.functions.common.Alert;
import io.lambdadr.functions.common.WorkItem;

/** The alerts the worker sends a person: what it cannot do without one. */
final class WorkerAlerts {

    private WorkerAlerts() {
    }

    /**
     * A region the function cannot be replicated into until someone acts: a reference with no translation, a
     * same-named function that is not a replica, a configuration the region refuses. Sent once per run, since the
     * invocation then succeeds and Lambda does not retry it.
     */
    static Alert permanentFailure(WorkItem item, TargetResult result) {
        String region = result.targetRegion();
        return new Alert("lambda-dr: " + item.function() + " cannot be replicated into " + region,
                item.function(), region, result.error(), FailureKind.PERMANENT,
                "Act on what failed, as it says. A value with no translation for " + region + " (a subnet, "
                        + "security group, layer, role or other ARN) needs its mapping under targets." + region
                        + " in the DR configuration file, pushed to the configuration repository. A function of the "
                        + "same name in " + region + " that is not a replica must be renamed or removed there. A "
                        + "setting " + region + " refuses must be changed in the source. The next scheduled "
                        + "reconcile then replicates the function.",
                null);
    }

    /** An event that is not a work item: nothing was replicated for it, and nothing will be. */
    static Alert malformedEvent(String event, String why) {
        return new Alert("lambda-dr: the replication worker ignored an event that is not a work item", null, null,
                why + "; the event was " + DisplayText.quoted(event), FailureKind.PERMANENT,
                "Nothing was replicated for this event and Lambda does not retry it. Find what invoked the worker "
                        + "with it and correct it: a work item is a JSON object whose \"function\" is a function name ("
                        + FunctionNames.RULE + "). To replicate a function now, send the replicate command.",
                null);
    }
}
