"""Container-image functions: the image must be in the region's ECR repository, CodeSha256 is its digest, and
ResolvedImageUri names the repository and digest (see container_images.py)."""

import hashlib
import json

import pytest
from botocore.exceptions import ClientError

REGION = "eu-west-1"
OTHER = "us-west-2"
MANIFEST = json.dumps({
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1234,
               "digest": "sha256:" + "c" * 64},
    "layers": [],
})


def push(emulator, region, repository="app", tag="v1"):
    """Creates the repository (if need be) and pushes the manifest; returns (repository URI, digest)."""
    ecr = emulator.client("ecr", region)
    try:
        uri = ecr.create_repository(repositoryName=repository)["repository"]["repositoryUri"]
    except ClientError:
        uri = ecr.describe_repositories(repositoryNames=[repository])["repositories"][0]["repositoryUri"]
    digest = ecr.put_image(repositoryName=repository, imageManifest=MANIFEST, imageTag=tag)["image"]["imageId"][
        "imageDigest"]
    return uri, digest


def create_image_function(lam, role_arn, image_uri, name="img"):
    return lam.create_function(FunctionName=name, Role=role_arn, PackageType="Image", Code={"ImageUri": image_uri},
                               ImageConfig={"Command": ["app.handler"]})


def test_an_images_digest_is_the_sha256_of_its_manifest_as_ecr_gives_it(emulator):
    ecr = emulator.client("ecr", REGION)
    ecr.create_repository(repositoryName="app")
    other = MANIFEST.replace("c" * 64, "d" * 64)

    first = ecr.put_image(repositoryName="app", imageManifest=MANIFEST, imageTag="v1")["image"]["imageId"]
    second = ecr.put_image(repositoryName="app", imageManifest=other, imageTag="v2")["image"]["imageId"]

    assert first["imageDigest"] == "sha256:" + hashlib.sha256(MANIFEST.encode()).hexdigest()
    assert second["imageDigest"] == "sha256:" + hashlib.sha256(other.encode()).hexdigest()
    # Each image is its own: deleting one leaves the other.
    ecr.batch_delete_image(repositoryName="app", imageIds=[{"imageDigest": second["imageDigest"]}])
    assert [i["imageDigest"] for i in ecr.describe_images(repositoryName="app")["imageDetails"]] == [
        first["imageDigest"]]


def test_the_code_sha256_is_the_image_digest_and_resolved_uri_pins_it(emulator, role_arn):
    uri, digest = push(emulator, REGION)
    lam = emulator.client("lambda", REGION)

    created = create_image_function(lam, role_arn, uri + ":v1")
    function = lam.get_function(FunctionName="img")

    assert created["CodeSha256"] == digest.removeprefix("sha256:")
    assert function["Code"]["ImageUri"] == uri + ":v1"
    assert function["Code"]["ResolvedImageUri"] == uri + "@" + digest
    assert function["Configuration"]["PackageType"] == "Image"


def test_a_function_pinned_by_digest_reports_the_same_digest(emulator, role_arn):
    uri, digest = push(emulator, REGION)
    lam = emulator.client("lambda", REGION)

    create_image_function(lam, role_arn, uri + "@" + digest)

    assert lam.get_function(FunctionName="img")["Code"]["ResolvedImageUri"] == uri + "@" + digest


def test_the_same_image_has_the_same_code_sha256_in_each_region(emulator, role_arn):
    uri, digest = push(emulator, REGION)
    other_uri, other_digest = push(emulator, OTHER)
    create_image_function(emulator.client("lambda", REGION), role_arn, uri + "@" + digest)

    created = create_image_function(emulator.client("lambda", OTHER), role_arn, other_uri + "@" + other_digest)

    assert other_digest == digest
    assert created["CodeSha256"] == digest.removeprefix("sha256:")


def test_an_image_missing_from_the_regions_repository_is_refused(emulator, role_arn):
    uri, digest = push(emulator, REGION)
    emulator.client("ecr", OTHER).create_repository(repositoryName="app")
    lam = emulator.client("lambda", OTHER)

    with pytest.raises(ClientError) as refused:
        create_image_function(lam, role_arn, uri.replace(REGION, OTHER) + "@" + digest)

    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] >= 400
    assert lam.list_functions()["Functions"] == []


def test_a_published_version_keeps_the_digest(emulator, role_arn):
    uri, digest = push(emulator, REGION)
    lam = emulator.client("lambda", REGION)
    create_image_function(lam, role_arn, uri + "@" + digest)

    version = lam.publish_version(FunctionName="img")["Version"]

    assert lam.get_function(FunctionName="img", Qualifier=version)["Code"]["ResolvedImageUri"] == uri + "@" + digest
