"""Container-image functions as Lambda keeps them: the image must be in an ECR repository of the function's own region,
and the function's CodeSha256 is the image's digest.

moto 5.2.1 stores image functions without looking at ECR unless ``MOTO_LAMBDA_STUB_ECR`` is ``false``; with the stub
on it takes the SHA-256 of the URI's text as CodeSha256, so the same image would have another CodeSha256 in each
region, and a function could name an image that does not exist. The layer turns the stub off: CreateFunction and
UpdateFunctionCode then refuse an image missing from the region's repository, and CodeSha256 is the digest without
its ``sha256:`` prefix.

moto also builds GetFunction's ``Code.ResolvedImageUri`` by cutting the URI at its first colon, which for a URI
pinned by digest gives ``<repository>@sha256@sha256:<digest>``. The layer reports ``<repository URI>@sha256:<digest>``,
the form Lambda gives.

ECR names an image by the SHA-256 of its manifest. moto hashes the manifest's layer digests only, so that images
differing only in their config (or with no layers) all get one digest, ``sha256:e3b0...`` for none. The layer gives
ECR's digest: the SHA-256 of the manifest as pushed.

moto finds the repository by the URI's last path segment, so a repository name with a namespace (``team/app``) is not
found; lambda-dr's tests use plain names.
"""

from __future__ import annotations

import hashlib
import os

import moto.ecr.models as ecr_models
from moto.awslambda.models import LambdaFunction


def check_images_in_ecr() -> None:
    """Makes moto check images against its ECR and report digests, digests images as ECR does, and fixes
    ResolvedImageUri (``app.configure_moto`` calls it once per process)."""
    os.environ["MOTO_LAMBDA_STUB_ECR"] = "false"
    ecr_models.Image._create_digest = _digest_of_the_manifest
    original = LambdaFunction.get_code

    def get_code(self):
        response = original(self)
        code = response.get("Code", {})
        if code.get("RepositoryType") == "ECR" and "ImageUri" in self.code:
            code["ResolvedImageUri"] = f"{repository_of(self.code['ImageUri'])}@sha256:{self.code_sha_256}"
        return response

    LambdaFunction.get_code = get_code


def _digest_of_the_manifest(image) -> None:
    image._image_digest = "sha256:" + hashlib.sha256(image.image_manifest.encode("utf-8")).hexdigest()


def repository_of(image_uri: str) -> str:
    """The repository URI of an image URI: without its ``@digest`` or ``:tag``."""
    if "@" in image_uri:
        return image_uri.split("@", 1)[0]
    host, _, path = image_uri.partition("/")
    return host + "/" + path.rsplit(":", 1)[0]
