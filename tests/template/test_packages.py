"""What `sam build` produced (.aws-sam/build, made by `make test` just before): each function's package is its
module's jar alone, holding its handler class; the layer holds functions/common, core and one version of each
dependency. Skipped when nothing was built."""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict

import pytest
from samtranslator.yaml_helper import yaml_parse

from sam_template import ROOT

BUILD = ROOT / ".aws-sam" / "build"

pytestmark = pytest.mark.skipif(not (BUILD / "template.yaml").exists(),
                                reason="no .aws-sam/build: run `sam build` (make test does)")


@pytest.fixture(scope="module")
def built():
    return yaml_parse((BUILD / "template.yaml").read_text())


def resources(built, resource_type):
    return {name: r["Properties"] for name, r in built["Resources"].items() if r["Type"] == resource_type}


def layer_jars(built) -> list[str]:
    [layer] = resources(built, "AWS::Serverless::LayerVersion").values()
    return sorted(path.name for path in (BUILD / layer["ContentUri"] / "java" / "lib").glob("*.jar"))


def test_each_function_package_is_its_modules_jar_with_its_handler(built):
    functions = resources(built, "AWS::Serverless::Function")
    assert len(functions) == 7
    layer = set(layer_jars(built))
    for name, function in functions.items():
        package = BUILD / function["CodeUri"]
        files = sorted(path.relative_to(package).as_posix() for path in package.rglob("*") if path.is_file())
        assert len(files) == 1 and re.fullmatch(r"lib/lambda-dr-[a-z-]+\.jar", files[0]), f"{name}: {files}"
        assert files[0].split("/")[1] not in layer, name
        handler_class = function["Handler"].split("::")[0].replace(".", "/") + ".class"
        with zipfile.ZipFile(package / files[0]) as jar:
            assert handler_class in jar.namelist(), f"{name}: {handler_class} is not in {files[0]}"


def test_the_layer_holds_common_core_and_one_version_of_each_dependency(built):
    jars = layer_jars(built)
    assert any(jar.startswith("lambda-dr-functions-common-") for jar in jars), jars
    assert any(jar.startswith("lambda-dr-core-") for jar in jars), jars
    assert any(jar.startswith("powertools-metrics-") for jar in jars), jars
    versions = defaultdict(list)
    for jar in jars:
        match = re.fullmatch(r"(.+?)-(\d[\w.]*(?:-SNAPSHOT)?)(-[a-z][\w-]*)?\.jar", jar)
        assert match, jar
        versions[match.group(1) + (match.group(3) or "")].append(match.group(2))
    assert {artifact: v for artifact, v in versions.items() if len(v) > 1} == {}
