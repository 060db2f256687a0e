package io.lambdadr.core.domain;

/**
 * When Lambda moves a function to a new runtime version.
 *
 * @param updateRuntimeOn   {@code Auto} (Lambda's default), {@code FunctionUpdate} or {@code Manual}
 * @param runtimeVersionArn the runtime version a {@code Manual} function stays on; runtime versions are regional, so
 *                          the ARN names the region
 */
public record RuntimeManagement(String updateRuntimeOn, String runtimeVersionArn) {

    public static final RuntimeManagement AUTO = new RuntimeManagement("Auto", null);

    public RuntimeManagement {
        updateRuntimeOn = updateRuntimeOn == null || updateRuntimeOn.isBlank() ? "Auto" : updateRuntimeOn;
        runtimeVersionArn = "Manual".equals(updateRuntimeOn) && runtimeVersionArn != null
                && !runtimeVersionArn.isBlank() ? runtimeVersionArn : null;
    }

    /** How it reads in a report. */
    public String describe() {
        return updateRuntimeOn + (runtimeVersionArn == null ? "" : " (" + runtimeVersionArn + ")");
    }
}
