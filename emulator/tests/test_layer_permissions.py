import json

from conftest import make_zip


def test_a_layer_permission_for_an_organization_keeps_its_condition(emulator):
    lam = emulator.client("lambda", "eu-west-1")
    version = lam.publish_layer_version(LayerName="deps", Content={"ZipFile": make_zip("deps")})["Version"]

    lam.add_layer_version_permission(LayerName="deps", VersionNumber=version, StatementId="org",
                                     Action="lambda:GetLayerVersion", Principal="*", OrganizationId="o-abc123")
    lam.add_layer_version_permission(LayerName="deps", VersionNumber=version, StatementId="one-account",
                                     Action="lambda:GetLayerVersion", Principal="210987654321")

    statements = {s["Sid"]: s for s in json.loads(
        lam.get_layer_version_policy(LayerName="deps", VersionNumber=version)["Policy"])["Statement"]}
    assert statements["org"]["Principal"] == "*"
    assert statements["org"]["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}
    assert "Condition" not in statements["one-account"]
