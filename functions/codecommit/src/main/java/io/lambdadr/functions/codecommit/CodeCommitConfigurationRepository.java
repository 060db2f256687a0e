package io.lambdadr.functions.codecommit;

import java.util.Optional;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BranchDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.FileDoesNotExistException;

/**
 * The configuration repository in CodeCommit: GetBranch for a branch's head, GetFile at a commit id. Other failures
 * (throttling, access denied, a commit that does not exist) propagate, so that Lambda retries the event and its
 * failure destination alerts.
 */
final class CodeCommitConfigurationRepository implements ConfigurationRepository {

    private final CodeCommitClient codeCommit;

    /** @param codeCommit a client of the repository's region, built once per container */
    CodeCommitConfigurationRepository(CodeCommitClient codeCommit) {
        this.codeCommit = codeCommit;
    }

    @Override
    public Optional<String> head(String repository, String branch) {
        try {
            return Optional.of(codeCommit.getBranch(request -> request.repositoryName(repository).branchName(branch))
                    .branch().commitId());
        } catch (BranchDoesNotExistException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<byte[]> file(String repository, String commit, String path) {
        try {
            return Optional.of(codeCommit.getFile(request -> request.repositoryName(repository)
                    .commitSpecifier(commit).filePath(path)).fileContent().asByteArray());
        } catch (FileDoesNotExistException e) {
            return Optional.empty();
        }
    }
}
