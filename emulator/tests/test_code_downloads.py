import base64
import hashlib
import re
import time
import urllib.parse

import pytest

from conftest import create_function, http, make_zip


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def download(location: str):
    status, _, body = http("GET", location)
    assert status == 200, body
    return body


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-northeast-1"])
def test_function_code_location_serves_exact_bytes(emulator, role_arn, region):
    lam = emulator.client("lambda", region)
    created = create_function(lam, role_arn, code="v1")
    got = lam.get_function(FunctionName="f1")
    location = got["Code"]["Location"]
    assert re.match(rf"{emulator.endpoint}/_emulator/code/{region}/123456789012/f1/%24LATEST\?Expires=\d+$", location)
    expires = int(location.rsplit("=", 1)[1])
    assert 590 <= expires - time.time() <= 600
    data = download(location)
    assert data == make_zip("v1")
    assert sha256_b64(data) == created["CodeSha256"] == got["Configuration"]["CodeSha256"]


def test_versions_and_aliases_keep_their_own_bytes(emulator, role_arn):
    lam = emulator.client("lambda", "eu-west-1")
    create_function(lam, role_arn, code="v1")
    assert lam.publish_version(FunctionName="f1")["Version"] == "1"
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    assert lam.publish_version(FunctionName="f1")["Version"] == "2"
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v3"))
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")

    expected = {"1": "v1", "2": "v2", "$LATEST": "v3", "live": "v1"}
    for qualifier, text in expected.items():
        got = lam.get_function(FunctionName="f1", Qualifier=qualifier)
        data = download(got["Code"]["Location"])
        assert data == make_zip(text), qualifier
        assert sha256_b64(data) == got["Configuration"]["CodeSha256"]
    unqualified = lam.get_function(FunctionName="f1")
    assert download(unqualified["Code"]["Location"]) == make_zip("v3")


def test_code_from_s3_is_served(emulator, role_arn):
    s3 = emulator.client("s3", "eu-west-2")
    s3.create_bucket(Bucket="artifacts", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    s3.put_object(Bucket="artifacts", Key="fn/v1.zip", Body=make_zip("from-s3"))
    lam = emulator.client("lambda", "eu-west-2")
    created = lam.create_function(
        FunctionName="s3fn", Runtime="python3.12", Handler="index.h", Role=role_arn,
        Code={"S3Bucket": "artifacts", "S3Key": "fn/v1.zip"},
    )
    data = download(lam.get_function(FunctionName="s3fn")["Code"]["Location"])
    assert data == make_zip("from-s3") and sha256_b64(data) == created["CodeSha256"]

    s3.put_object(Bucket="artifacts", Key="fn/v2.zip", Body=make_zip("from-s3-v2"))
    updated = lam.update_function_code(FunctionName="s3fn", S3Bucket="artifacts", S3Key="fn/v2.zip")
    data = download(lam.get_function(FunctionName="s3fn")["Code"]["Location"])
    assert data == make_zip("from-s3-v2") and sha256_b64(data) == updated["CodeSha256"]


def test_expired_url_is_refused_like_s3(emulator, role_arn):
    lam = emulator.client("lambda")
    create_function(lam, role_arn)
    location = lam.get_function(FunctionName="f1")["Code"]["Location"]
    expired = re.sub(r"Expires=\d+", f"Expires={int(time.time()) - 1}", location)
    status, headers, body = http("GET", expired)
    assert status == 403
    assert headers["Content-Type"].startswith("application/xml")
    assert b"<Code>AccessDenied</Code>" in body and b"<Message>Request has expired</Message>" in body


def test_layer_content_location(emulator):
    lam = emulator.client("lambda", "eu-central-1")
    published = lam.publish_layer_version(LayerName="deps", Content={"ZipFile": make_zip("layer-1")})
    lam.publish_layer_version(LayerName="deps", Content={"ZipFile": make_zip("layer-2")})
    assert download(published["Content"]["Location"]) == make_zip("layer-1")

    for version, text in ((1, "layer-1"), (2, "layer-2")):
        got = lam.get_layer_version(LayerName="deps", VersionNumber=version)
        data = download(got["Content"]["Location"])
        assert data == make_zip(text) and sha256_b64(data) == got["Content"]["CodeSha256"]

    by_arn = lam.get_layer_version_by_arn(Arn=published["LayerVersionArn"])
    assert by_arn["LayerVersionArn"] == published["LayerVersionArn"]
    assert by_arn["Version"] == 1
    assert by_arn["Content"]["CodeSha256"] == published["Content"]["CodeSha256"]
    assert download(by_arn["Content"]["Location"]) == make_zip("layer-1")
    assert urllib.parse.urlparse(by_arn["Content"]["Location"]).path == "/_emulator/layer/eu-central-1/123456789012/deps/1"


def test_layer_version_by_arn_not_found(emulator):
    lam = emulator.client("lambda", "eu-central-1")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_layer_version_by_arn(Arn="arn:aws:lambda:eu-central-1:123456789012:layer:nope:1")


def test_downloads_are_logged(emulator, role_arn):
    lam = emulator.client("lambda", "eu-west-1")
    create_function(lam, role_arn)
    download(lam.get_function(FunctionName="f1")["Code"]["Location"])
    layer = lam.publish_layer_version(LayerName="deps", Content={"ZipFile": make_zip("l")})
    download(layer["Content"]["Location"])
    downloads = emulator.requests("download")
    assert [(d["operation"], d["region"], d["status"]) for d in downloads] == [
        ("GetCode", "eu-west-1", 200),
        ("GetLayerContent", "eu-west-1", 200),
    ]
