package io.lambdadr.core.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.domain.PolicyStatement;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.ReplicationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Resource-based policies as Lambda returns them (GetPolicy, GetLayerVersionPolicy), read back into the terms of
 * AddPermission: Lambda writes an account principal as {@code arn:aws:iam::<account>:root}, a service as
 * {@code {"Service": ...}}, and the request's SourceArn, SourceAccount, PrincipalOrgID and FunctionUrlAuthType as
 * conditions.
 */
final class LambdaPolicies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaPolicies() {
    }

    /** The statements of a function's policy for one qualifier ({@code ""} for the function itself); none if none. */
    static List<PolicyStatement> of(LambdaClient lambda, String functionName, String qualifier) {
        String policy;
        try {
            policy = lambda.getPolicy(request -> request.functionName(functionName)
                    .qualifier(qualifier.isEmpty() ? null : qualifier)).policy();
        } catch (ResourceNotFoundException e) {
            return List.of();
        }
        return parse(functionName + (qualifier.isEmpty() ? "" : ":" + qualifier), policy);
    }

    /**
     * The statements of the function's own policy and of each of {@code qualifiers} (aliases, versions): one GetPolicy
     * each, since Lambda has no listing of them.
     */
    static Map<String, List<PolicyStatement>> byQualifier(LambdaClient lambda, String functionName,
                                                          Stream<String> qualifiers) {
        Map<String, List<PolicyStatement>> policies = new LinkedHashMap<>();
        Stream.concat(Stream.of(PolicyStatement.UNQUALIFIED), qualifiers)
                .forEach(qualifier -> policies.put(qualifier, of(lambda, functionName, qualifier)));
        return policies;
    }

    /** The statements of a policy document. */
    static List<PolicyStatement> parse(String resource, String policy) {
        JsonNode statements;
        try {
            statements = JSON.readTree(policy).path("Statement");
        } catch (JsonProcessingException e) {
            throw new ReplicationException("the resource-based policy of " + resource + " is not JSON", e,
                    FailureKind.PERMANENT);
        }
        List<PolicyStatement> parsed = new ArrayList<>();
        for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
            JsonNode action = statement.path("Action");
            JsonNode condition = statement.path("Condition");
            parsed.add(new PolicyStatement(statement.path("Sid").asText(),
                    action.isArray() ? action.path(0).asText() : action.asText(),
                    principalOf(statement.path("Principal")),
                    firstOf(condition, "AWS:SourceArn", "ArnLike", "ArnEquals", "StringEquals", "StringLike")
                            .orElse(null),
                    firstOf(condition, "AWS:SourceAccount", "StringEquals", "StringLike").orElse(null),
                    firstOf(condition, "aws:PrincipalOrgID", "StringEquals").orElse(null),
                    firstOf(condition, "lambda:FunctionUrlAuthType", "StringEquals").orElse(null)));
        }
        return parsed;
    }

    /** {@code *}, a service, an account id (from its root ARN) or another IAM ARN. */
    private static String principalOf(JsonNode principal) {
        if (principal.isTextual()) {
            return principal.asText();
        }
        if (principal.has("Service")) {
            return principal.path("Service").asText();
        }
        String aws = principal.path("AWS").asText("*");
        if (aws.startsWith("arn:") && aws.endsWith(":root")) {
            return aws.split(":")[4];
        }
        return aws;
    }

    /** A condition key's value under the first of the operators that has it; keys compare case-insensitively. */
    private static Optional<String> firstOf(JsonNode condition, String key, String... operators) {
        for (String operator : operators) {
            JsonNode values = condition.path(operator);
            for (var names = values.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equalsIgnoreCase(key)) {
                    JsonNode value = values.path(name);
                    return Optional.of(value.isArray() ? value.path(0).asText() : value.asText());
                }
            }
        }
        return Optional.empty();
    }
}
