package io.lambdadr.core.aws;

import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.LayerVersion;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionByArnResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LayerVersionContentOutput;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Reads layer versions and their policies through the Lambda API, for the source and the target regions alike. */
final class LambdaLayers {

    private LambdaLayers() {
    }

    /** A layer version; empty when it does not exist, or when Lambda refuses this account the read (403). */
    static Optional<LayerVersion> read(LambdaClient lambda, String layerVersionArn) {
        try {
            GetLayerVersionByArnResponse found = lambda.getLayerVersionByArn(request -> request.arn(layerVersionArn));
            return Optional.of(new LayerVersion(found.layerVersionArn(), codeOf(found.content()), found.description(),
                    found.compatibleRuntimesAsStrings(), found.compatibleArchitecturesAsStrings(),
                    found.licenseInfo()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (LambdaException e) {
            if (e.statusCode() == 403) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static LayerVersion of(PublishLayerVersionResponse published) {
        return new LayerVersion(published.layerVersionArn(), codeOf(published.content()), published.description(),
                published.compatibleRuntimesAsStrings(), published.compatibleArchitecturesAsStrings(),
                published.licenseInfo());
    }

    static CodeIdentity codeOf(LayerVersionContentOutput content) {
        return new CodeIdentity(content.codeSha256(), content.codeSize() == null ? 0 : content.codeSize(), "Zip");
    }

    /** The statements of a layer version's policy; none when it has no policy. */
    static List<LayerVersion.Permission> permissions(LambdaClient lambda, String layerVersionArn) {
        String policy;
        try {
            policy = lambda.getLayerVersionPolicy(request -> request
                    .layerName(layerArnOf(layerVersionArn))
                    .versionNumber(Long.parseLong(LayerVersion.versionOf(layerVersionArn)))).policy();
        } catch (ResourceNotFoundException e) {
            return List.of();
        }
        return parsePolicy(layerVersionArn, policy);
    }

    /** The statements of a layer version policy, in the terms of AddLayerVersionPermission. */
    static List<LayerVersion.Permission> parsePolicy(String layerVersionArn, String policy) {
        return LambdaPolicies.parse(layerVersionArn, policy).stream()
                .map(statement -> new LayerVersion.Permission(statement.sid(), statement.action(),
                        statement.principal(), statement.principalOrgId()))
                .toList();
    }

    /** A layer version ARN without its version: the layer's ARN, which the layer APIs take as its name. */
    static String layerArnOf(String layerVersionArn) {
        return layerVersionArn.substring(0, layerVersionArn.lastIndexOf(':'));
    }
}
