"""CodeCommit files and branches, which the layer keeps over moto's repositories."""

import hashlib
import json
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

REPOSITORY = "lambda-dr-config"


@pytest.fixture
def codecommit(emulator):
    client = emulator.client("codecommit", "us-east-1")
    client.create_repository(repositoryName=REPOSITORY)
    return client


def put(codecommit, content: bytes, parent: str | None = None, branch: str = "main", path: str = "lambda-dr.yaml"):
    extra = {"parentCommitId": parent} if parent else {}
    return codecommit.put_file(repositoryName=REPOSITORY, branchName=branch, fileContent=content, filePath=path,
                               commitMessage="change", **extra)


def error_of(call) -> tuple[int, str]:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["ResponseMetadata"]["HTTPStatusCode"], raised.value.response["Error"]["Code"]


def test_put_file_into_an_empty_repository_creates_the_branch_with_git_ids(codecommit):
    content = b"protectTag:\n  key: team\n  value: payments\n"

    put_result = put(codecommit, content)

    assert put_result["blobId"] == hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
    assert len(put_result["commitId"]) == 40 and len(put_result["treeId"]) == 40
    branch = codecommit.get_branch(repositoryName=REPOSITORY, branchName="main")["branch"]
    assert branch == {"branchName": "main", "commitId": put_result["commitId"]}


def test_get_file_reads_a_commit_a_branch_or_the_default_branch(codecommit):
    first = put(codecommit, b"parallelism: 2\n")["commitId"]
    second = put(codecommit, b"parallelism: 3\n", parent=first)["commitId"]

    at_first = codecommit.get_file(repositoryName=REPOSITORY, commitSpecifier=first, filePath="lambda-dr.yaml")
    by_branch = codecommit.get_file(repositoryName=REPOSITORY, commitSpecifier="main", filePath="/lambda-dr.yaml")
    by_ref = codecommit.get_file(repositoryName=REPOSITORY, commitSpecifier="refs/heads/main",
                                 filePath="lambda-dr.yaml")
    by_default = codecommit.get_file(repositoryName=REPOSITORY, filePath="lambda-dr.yaml")

    assert at_first["fileContent"] == b"parallelism: 2\n"
    assert at_first["commitId"] == first
    for result in (by_branch, by_ref, by_default):
        assert result["fileContent"] == b"parallelism: 3\n"
        assert result["commitId"] == second
    assert {key: by_branch[key] for key in ("filePath", "fileMode", "fileSize")} == {
        "filePath": "lambda-dr.yaml", "fileMode": "NORMAL", "fileSize": 15}


def test_get_file_answers_codecommits_errors(emulator, codecommit):
    commit = put(codecommit, b"parallelism: 2\n")["commitId"]

    assert error_of(lambda: codecommit.get_file(repositoryName=REPOSITORY, commitSpecifier=commit,
                                                filePath="missing.yaml")) == (400, "FileDoesNotExistException")
    assert error_of(lambda: codecommit.get_file(repositoryName=REPOSITORY, commitSpecifier="0" * 40,
                                                filePath="lambda-dr.yaml")) == (400, "CommitDoesNotExistException")
    assert error_of(lambda: codecommit.get_file(repositoryName="nowhere", commitSpecifier=commit,
                                                filePath="lambda-dr.yaml")) == (400,
                                                                                "RepositoryDoesNotExistException")
    assert error_of(lambda: emulator.client("codecommit", "eu-west-1").get_file(
        repositoryName=REPOSITORY, filePath="lambda-dr.yaml")) == (400, "RepositoryDoesNotExistException")


def test_get_file_errors_have_the_json_protocol_shape(emulator, codecommit):
    request = urllib.request.Request(emulator.endpoint + "/", method="POST", data=json.dumps({
        "repositoryName": REPOSITORY, "filePath": "lambda-dr.yaml"}).encode(), headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "CodeCommit_20150413.GetFile",
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/codecommit/aws4_request, "
                         "SignedHeaders=host, Signature=0",
    })
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=30)

    assert raised.value.code == 400
    assert json.loads(raised.value.read()) == {
        "__type": "CommitDoesNotExistException",
        "message": "No commit was specified, and the repository has no default branch."}
    assert emulator.requests("codecommit")[-1] == {"service": "codecommit", "region": "us-east-1",
                                                   "operation": "GetFile", "method": "POST", "path": "/",
                                                   "status": 400}


def test_put_file_needs_the_branch_head_as_parent(codecommit):
    head = put(codecommit, b"parallelism: 2\n")["commitId"]
    newer = put(codecommit, b"parallelism: 3\n", parent=head)["commitId"]

    assert error_of(lambda: put(codecommit, b"parallelism: 4\n")) == (400, "ParentCommitIdRequiredException")
    assert error_of(lambda: put(codecommit, b"parallelism: 4\n", parent=head)) == (
        400, "ParentCommitIdOutdatedException")
    assert error_of(lambda: put(codecommit, b"parallelism: 4\n", parent="f" * 40)) == (
        400, "ParentCommitDoesNotExistException")
    assert error_of(lambda: put(codecommit, b"parallelism: 3\n", parent=newer)) == (400, "SameFileContentException")
    assert error_of(lambda: put(codecommit, b"x", parent=newer, branch="feature")) == (
        400, "BranchDoesNotExistException")
    assert codecommit.get_branch(repositoryName=REPOSITORY, branchName="main")["branch"]["commitId"] == newer


def test_create_branch_then_put_file_leaves_the_other_branch_alone(codecommit):
    main = put(codecommit, b"parallelism: 2\n")["commitId"]

    codecommit.create_branch(repositoryName=REPOSITORY, branchName="feature", commitId=main)
    feature = put(codecommit, b"parallelism: 9\n", parent=main, branch="feature")["commitId"]

    assert codecommit.get_branch(repositoryName=REPOSITORY, branchName="feature")["branch"]["commitId"] == feature
    assert codecommit.get_file(repositoryName=REPOSITORY, commitSpecifier="main",
                               filePath="lambda-dr.yaml")["fileContent"] == b"parallelism: 2\n"
    assert error_of(lambda: codecommit.create_branch(repositoryName=REPOSITORY, branchName="feature",
                                                     commitId=main)) == (400, "BranchNameExistsException")
    assert error_of(lambda: codecommit.get_branch(repositoryName=REPOSITORY, branchName="gone")) == (
        400, "BranchDoesNotExistException")


def test_files_in_folders_and_a_recreated_repository_starts_empty(codecommit):
    first = put(codecommit, b"a", path="config/one.yaml")["commitId"]
    put(codecommit, b"b", path="config/two.yaml", parent=first)

    assert codecommit.get_file(repositoryName=REPOSITORY, filePath="config/one.yaml")["fileContent"] == b"a"
    assert error_of(lambda: put(codecommit, b"c", path="config", parent=codecommit.get_branch(
        repositoryName=REPOSITORY, branchName="main")["branch"]["commitId"])) == (
        400, "FileNameConflictsWithDirectoryNameException")

    codecommit.delete_repository(repositoryName=REPOSITORY)
    codecommit.create_repository(repositoryName=REPOSITORY)

    assert error_of(lambda: codecommit.get_branch(repositoryName=REPOSITORY, branchName="main")) == (
        400, "BranchDoesNotExistException")


def test_repository_dates_are_epoch_seconds_as_the_json_protocol_sends_them(emulator):
    request = urllib.request.Request(emulator.endpoint + "/", method="POST", data=json.dumps({
        "repositoryName": "dated"}).encode(), headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "CodeCommit_20150413.CreateRepository",
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/codecommit/aws4_request, "
                         "SignedHeaders=host, Signature=0",
    })
    with urllib.request.urlopen(request, timeout=30) as response:
        created = json.loads(response.read())["repositoryMetadata"]
    fetched = emulator.client("codecommit").get_repository(repositoryName="dated")["repositoryMetadata"]

    # moto writes ISO-8601 strings, which the Java SDK refuses.
    assert isinstance(created["creationDate"], float)
    assert isinstance(created["lastModifiedDate"], float)
    assert fetched["creationDate"].timestamp() == pytest.approx(created["creationDate"], abs=0.001)
