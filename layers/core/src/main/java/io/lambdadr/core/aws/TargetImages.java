package io.lambdadr.core.aws;

import io.lambdadr.core.domain.CodeIdentity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Whether container images are in a target region's ECR repositories, asked before a function is made to run them:
 * Lambda would refuse the image only after the function's other changes were made. One DescribeImages per
 * repository, for all of its digests at once (ECR takes up to 100 per call).
 */
final class TargetImages {

    private static final int DIGESTS_PER_CALL = 100;

    private final EcrClient ecr;

    TargetImages(EcrClient ecr) {
        this.ecr = ecr;
    }

    /**
     * The images of {@code imageUris} ({@code <account>.dkr.ecr.<region>.<domain>/<repository>@sha256:<digest>})
     * that are not there.
     */
    List<String> missing(List<String> imageUris) {
        Map<String, List<String>> byRepository = new LinkedHashMap<>();
        imageUris.forEach(uri -> byRepository.computeIfAbsent(CodeIdentity.imageRepositoryOf(uri),
                repository -> new ArrayList<>()).add(uri));
        List<String> missing = new ArrayList<>();
        byRepository.forEach((repositoryUri, uris) -> {
            for (int start = 0; start < uris.size(); start += DIGESTS_PER_CALL) {
                List<String> batch = uris.subList(start, Math.min(uris.size(), start + DIGESTS_PER_CALL));
                Set<String> found = found(repositoryUri, batch);
                batch.stream().filter(uri -> !found.contains(CodeIdentity.imageDigestOf(uri))).forEach(missing::add);
            }
        });
        return missing;
    }

    private Set<String> found(String repositoryUri, List<String> uris) {
        String registry = repositoryUri.substring(0, repositoryUri.indexOf('.'));
        String repository = repositoryUri.substring(repositoryUri.indexOf('/') + 1);
        List<ImageIdentifier> ids = uris.stream()
                .map(uri -> ImageIdentifier.builder().imageDigest(CodeIdentity.imageDigestOf(uri)).build()).toList();
        Set<String> found = new HashSet<>();
        try {
            // DescribeImages fails the whole call for one missing digest; BatchGetImage lists failures per image
            // but needs the permission to pull, so each digest is asked on its own only once the batch failed.
            DescribeImagesResponse response = ecr.describeImages(request -> request.registryId(registry)
                    .repositoryName(repository).imageIds(ids));
            response.imageDetails().forEach(detail -> found.add(detail.imageDigest()));
        } catch (RepositoryNotFoundException e) {
            return found;
        } catch (ImageNotFoundException e) {
            if (ids.size() == 1) {
                return found;
            }
            uris.forEach(uri -> found.addAll(found(repositoryUri, List.of(uri))));
        }
        return found;
    }
}
