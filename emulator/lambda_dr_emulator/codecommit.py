"""CodeCommit's file and branch calls, over moto's repositories.

moto 5.2.1 has only CreateRepository, GetRepository and DeleteRepository: a
repository holds no commits. lambda-dr reads its DR configuration from a
repository at a pushed commit (GetFile) and checks the branch head (GetBranch);
its tests push files (PutFile) and make branches (CreateBranch). This module
answers those five operations with repository contents of its own, kept per
moto repository (by its repositoryId, so a repository deleted and created
again starts empty, as on AWS).

Objects get the ids git gives them (blob, tree and commit SHA-1s), so an id
looks and behaves like CodeCommit's: 40 hex digits, the same content gives the
same blob id, and a commit id names one tree with its history.

Requests are CodeCommit's JSON protocol (``X-Amz-Target:
CodeCommit_20150413.<Operation>``, blobs base64 in JSON); errors are answered
400 with the body ``{"__type": "<Exception>", "message": "..."}`` (and the same
name in ``x-amzn-ErrorType``), as the SDKs parse them for this protocol. The
messages follow the exceptions' documentation in the service model.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from moto.codecommit.models import codecommit_backends
from werkzeug.wrappers import Response

OPERATIONS = frozenset({"PutFile", "GetFile", "GetBranch", "CreateBranch"})

_CONTENT_TYPE = "application/x-amz-json-1.1"
_GIT_MODES = {"NORMAL": "100644", "EXECUTABLE": "100755", "SYMLINK": "120000"}
_TREE_MODE = "40000"
# CodeCommit's limit on a file added through the API.
_MAX_FILE_BYTES = 6 * 1024 * 1024


class CodeCommitError(Exception):
    def __init__(self, error_type: str, message: str):
        super().__init__(message)
        self.error_type = error_type
        self.message = message


@dataclass
class _Commit:
    commit_id: str
    tree_id: str
    parents: list[str]
    files: dict[str, tuple[str, str]]  # path -> (blob id, file mode)


@dataclass
class _Contents:
    blobs: dict[str, bytes] = field(default_factory=dict)
    commits: dict[str, _Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)  # name -> head commit id
    default_branch: str | None = None


class Repositories:
    """The contents of every repository moto knows, per account and region."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._contents: dict[str, _Contents] = {}  # repositoryId -> contents

    def clear(self) -> None:
        with self._lock:
            self._contents.clear()

    def answer(self, operation: str, account: str, region: str | None, body: bytes) -> Response:
        """The response to one of :data:`OPERATIONS`."""
        try:
            request = json.loads(body or b"{}")
            if not isinstance(request, dict):
                raise ValueError("not an object")
        except ValueError:
            return _error(CodeCommitError("SerializationException", "The request body is not a JSON object."))
        handler = {
            "PutFile": self._put_file,
            "GetFile": self._get_file,
            "GetBranch": self._get_branch,
            "CreateBranch": self._create_branch,
        }[operation]
        try:
            with self._lock:
                contents = self._repository(account, region or "us-east-1", request.get("repositoryName"))
                return _json(handler(contents, request))
        except CodeCommitError as e:
            return _error(e)

    def _repository(self, account: str, region: str, name: str | None) -> _Contents:
        if not name:
            raise CodeCommitError("RepositoryNameRequiredException",
                                  "A repository name is required, but was not specified.")
        repository = codecommit_backends[account][region].repositories.get(name)
        if repository is None:
            # moto's own wording for GetRepository.
            raise CodeCommitError("RepositoryDoesNotExistException", f"{name} does not exist")
        return self._contents.setdefault(repository.repository_metadata["repositoryId"], _Contents())

    # ----- operations ----------------------------------------------------------

    def _put_file(self, contents: _Contents, request: dict) -> dict:
        branch = _required(request, "branchName", "BranchNameRequiredException", "A branch name is required, "
                           "but was not specified.")
        path = _path(request.get("filePath"))
        if request.get("fileContent") is None:
            raise CodeCommitError("FileContentRequiredException",
                                  "The file cannot be added because it is empty. Empty files cannot be added to the "
                                  "repository with this API.")
        try:
            content = base64.b64decode(request["fileContent"], validate=True)
        except (binascii.Error, TypeError, ValueError) as e:
            raise CodeCommitError("SerializationException", "fileContent is not base64.") from e
        if len(content) > _MAX_FILE_BYTES:
            raise CodeCommitError("FileContentSizeLimitExceededException",
                                  "The file cannot be added because it is too large. The maximum file size is 6 MB.")
        mode = request.get("fileMode") or "NORMAL"
        if mode not in _GIT_MODES:
            raise CodeCommitError("InvalidFileModeException",
                                  f"The specified file mode permission is not valid: {mode}. Valid values are "
                                  "EXECUTABLE, NORMAL and SYMLINK.")
        parent_id = request.get("parentCommitId")
        if not contents.commits:
            # An empty repository: this commit creates the branch (and makes it the default).
            if parent_id:
                raise CodeCommitError("ParentCommitDoesNotExistException",
                                      f"The parent commit ID is not valid: {parent_id}. The repository is empty.")
            files: dict[str, tuple[str, str]] = {}
            parents: list[str] = []
        else:
            head = contents.branches.get(branch)
            if head is None:
                raise CodeCommitError("BranchDoesNotExistException", f"The branch {branch} does not exist.")
            if not parent_id:
                raise CodeCommitError("ParentCommitIdRequiredException",
                                      "A parent commit ID is required. To view the full commit ID of a branch in a "
                                      "repository, use GetBranch or a Git command (for example, git pull or git "
                                      "log).")
            if parent_id not in contents.commits:
                raise CodeCommitError("ParentCommitDoesNotExistException",
                                      f"The parent commit ID {parent_id} does not exist in the repository.")
            if parent_id != head:
                raise CodeCommitError("ParentCommitIdOutdatedException",
                                      f"The file could not be added because the provided parent commit ID "
                                      f"{parent_id} is not the current tip of the specified branch {branch}. To view "
                                      "the full commit ID of the current head of the branch, use GetBranch.")
            files = dict(contents.commits[head].files)
            parents = [head]
        _check_conflicts(files, path)
        blob_id = _git_id("blob", content)
        if files.get(path) == (blob_id, mode):
            raise CodeCommitError("SameFileContentException",
                                  "The file was not added or updated because the content of the file is exactly the "
                                  "same as the content of that file in the repository and branch that you specified.")
        files[path] = (blob_id, mode)
        contents.blobs[blob_id] = content
        tree_id = _tree_id(files)
        commit_id = _commit_id(tree_id, parents, request)
        contents.commits[commit_id] = _Commit(commit_id, tree_id, parents, files)
        contents.branches[branch] = commit_id
        if contents.default_branch is None:
            contents.default_branch = branch
        return {"commitId": commit_id, "blobId": blob_id, "treeId": tree_id}

    def _get_file(self, contents: _Contents, request: dict) -> dict:
        path = _path(request.get("filePath"))
        commit = _resolve(contents, request.get("commitSpecifier"))
        if path not in commit.files:
            raise CodeCommitError("FileDoesNotExistException",
                                  f"The specified file does not exist: {path} in commit {commit.commit_id}. Verify "
                                  "that you have used the correct file name, full path, and extension.")
        blob_id, mode = commit.files[path]
        content = contents.blobs[blob_id]
        return {"commitId": commit.commit_id, "blobId": blob_id, "filePath": path, "fileMode": mode,
                "fileSize": len(content), "fileContent": base64.b64encode(content).decode("ascii")}

    def _get_branch(self, contents: _Contents, request: dict) -> dict:
        branch = _required(request, "branchName", "BranchNameRequiredException", "A branch name is required, "
                           "but was not specified.")
        if branch not in contents.branches:
            raise CodeCommitError("BranchDoesNotExistException", f"The branch {branch} does not exist.")
        return {"branch": {"branchName": branch, "commitId": contents.branches[branch]}}

    def _create_branch(self, contents: _Contents, request: dict) -> dict:
        branch = _required(request, "branchName", "BranchNameRequiredException", "A branch name is required, "
                           "but was not specified.")
        commit_id = _required(request, "commitId", "CommitIdRequiredException", "A commit ID is required, but "
                              "was not specified.")
        if branch in contents.branches:
            raise CodeCommitError("BranchNameExistsException",
                                  f"Cannot create the branch {branch} because a branch with that name already "
                                  "exists. Branch names must be unique.")
        if commit_id not in contents.commits:
            raise CodeCommitError("CommitDoesNotExistException", f"The specified commit {commit_id} does not exist.")
        contents.branches[branch] = commit_id
        return {}


def _resolve(contents: _Contents, specifier: str | None) -> _Commit:
    """The commit a commit id, branch name or ``refs/heads/<branch>`` names; the default branch's head when none."""
    if not specifier:
        if contents.default_branch is None:
            raise CodeCommitError("CommitDoesNotExistException",
                                  "No commit was specified, and the repository has no default branch.")
        return contents.commits[contents.branches[contents.default_branch]]
    if specifier in contents.commits:
        return contents.commits[specifier]
    branch = specifier.removeprefix("refs/heads/")
    if branch in contents.branches:
        return contents.commits[contents.branches[branch]]
    raise CodeCommitError("CommitDoesNotExistException", f"The specified commit does not exist: {specifier}.")


def _required(request: dict, name: str, error_type: str, message: str) -> str:
    value = request.get(name)
    if not value:
        raise CodeCommitError(error_type, message)
    return value


def _path(raw: str | None) -> str:
    """A file path as CodeCommit stores it: relative, without a leading slash."""
    if not raw:
        raise CodeCommitError("PathRequiredException", "The folderPath for a location cannot be null.")
    path = raw.lstrip("/")
    parts = path.split("/")
    if not path or any(part in ("", ".", "..") for part in parts):
        raise CodeCommitError("InvalidPathException", f"The specified path is not valid: {raw}.")
    return path


def _check_conflicts(files: dict[str, tuple[str, str]], path: str) -> None:
    if any(existing.startswith(path + "/") for existing in files):
        raise CodeCommitError("FileNameConflictsWithDirectoryNameException",
                              f"A file cannot be added to the repository because the specified file name {path} has "
                              "the same name as a directory in this repository.")
    parts = path.split("/")
    for depth in range(1, len(parts)):
        if "/".join(parts[:depth]) in files:
            raise CodeCommitError("DirectoryNameConflictsWithFileNameException",
                                  f"A file cannot be added to the repository because the specified path name {path} "
                                  "has the same name as a file that already exists in this repository.")


# ----- git object ids ------------------------------------------------------------

def _git_id(kind: str, data: bytes) -> str:
    return hashlib.sha1(f"{kind} {len(data)}\0".encode() + data).hexdigest()


def _tree_id(files: dict[str, tuple[str, str]]) -> str:
    """The root tree id of these files, as git computes it (one tree object per folder)."""
    entries: dict[str, tuple[str, str] | dict] = {}
    for path, (blob_id, mode) in files.items():
        folder = entries
        *dirs, name = path.split("/")
        for part in dirs:
            folder = folder.setdefault(part, {})
        folder[name] = (blob_id, _GIT_MODES[mode])
    return _tree_of(entries)


def _tree_of(entries: dict) -> str:
    # git orders entries by name, a folder's name compared as if it ended with "/".
    def order(name: str) -> str:
        return name + "/" if isinstance(entries[name], dict) else name

    data = b""
    for name in sorted(entries, key=order):
        value = entries[name]
        object_id, mode = (_tree_of(value), _TREE_MODE) if isinstance(value, dict) else value
        data += f"{mode} {name}".encode() + b"\0" + bytes.fromhex(object_id)
    return _git_id("tree", data)


def _commit_id(tree_id: str, parents: list[str], request: dict) -> str:
    name = request.get("name") or "lambda-dr emulator"
    email = request.get("email") or "emulator@example.com"
    signature = f"{name} <{email}> {int(time.time())} +0000"
    text = f"tree {tree_id}\n" + "".join(f"parent {parent}\n" for parent in parents)
    text += f"author {signature}\ncommitter {signature}\n\n{request.get('commitMessage') or ''}\n"
    return _git_id("commit", text.encode())


# ----- moto's own CodeCommit calls ------------------------------------------------

def as_aws(response: Response) -> Response:
    """moto's answer to CreateRepository / GetRepository, with the repository's dates as AWS sends them.

    moto writes them as ISO-8601 strings; the JSON protocol sends timestamps
    as epoch seconds, and the Java SDK refuses anything else ("Input
    timestamp string must be no longer than 20 characters")."""
    try:
        payload = json.loads(response.get_data())
    except ValueError:
        return response
    metadata = payload.get("repositoryMetadata") if isinstance(payload, dict) else None
    if isinstance(metadata, dict):
        for key in ("creationDate", "lastModifiedDate"):
            if isinstance(metadata.get(key), str):
                metadata[key] = datetime.fromisoformat(metadata[key].replace("Z", "+00:00")).timestamp()
    response.set_data(json.dumps(payload))
    response.content_type = _CONTENT_TYPE
    return response


# ----- responses ---------------------------------------------------------------

def _json(value: dict) -> Response:
    return Response(json.dumps(value), status=200, content_type=_CONTENT_TYPE,
                    headers={"x-amzn-RequestId": str(uuid.uuid4())})


def _error(error: CodeCommitError) -> Response:
    body = {"__type": error.error_type, "message": error.message}
    return Response(json.dumps(body), status=400, content_type=_CONTENT_TYPE,
                    headers={"x-amzn-RequestId": str(uuid.uuid4()), "x-amzn-ErrorType": error.error_type})
