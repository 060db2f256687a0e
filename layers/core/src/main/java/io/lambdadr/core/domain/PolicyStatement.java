package io.lambdadr.core.domain;

import java.util.Objects;

/**
 * One statement of a function's resource-based policy, in the terms {@code AddPermission} takes: what lets a caller
 * (a service, an account, an organization) invoke the function or one of its versions or aliases.
 *
 * @param sid                 the statement id, unique within its qualifier's policy
 * @param action              the action allowed, such as {@code lambda:InvokeFunction}
 * @param principal           a service ({@code s3.amazonaws.com}), an account id, {@code *} or an IAM ARN
 * @param sourceArn           the {@code AWS:SourceArn} condition, or null
 * @param sourceAccount       the {@code AWS:SourceAccount} condition, or null
 * @param principalOrgId      the {@code aws:PrincipalOrgID} condition, or null
 * @param functionUrlAuthType the {@code lambda:FunctionUrlAuthType} condition, or null
 */
public record PolicyStatement(String sid, String action, String principal, String sourceArn, String sourceAccount,
                              String principalOrgId, String functionUrlAuthType) {

    public PolicyStatement {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(principal, "principal");
    }

    /** The qualifier of a function's own (unqualified) policy in snapshot and replica maps. */
    public static final String UNQUALIFIED = "";

    public PolicyStatement withSourceArn(String value) {
        return new PolicyStatement(sid, action, principal, value, sourceAccount, principalOrgId, functionUrlAuthType);
    }

    /** How the statement reads in a report: who may do what, under which conditions. */
    public String describe() {
        StringBuilder text = new StringBuilder(sid + ": " + principal + " " + action);
        if (sourceArn != null) {
            text.append(" from ").append(sourceArn);
        }
        if (sourceAccount != null) {
            text.append(" of account ").append(sourceAccount);
        }
        if (principalOrgId != null) {
            text.append(" in organization ").append(principalOrgId);
        }
        if (functionUrlAuthType != null) {
            text.append(" through a function URL (").append(functionUrlAuthType).append(")");
        }
        return text.toString();
    }
}
