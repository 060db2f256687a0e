"""Every configuration field lambda-dr copies reads back as written."""

from conftest import create_function, make_zip
from per_qualifier import moto_alone

REGION = "eu-west-1"
DLQ = f"arn:aws:sqs:{REGION}:123456789012:dlq"
KMS = f"arn:aws:kms:{REGION}:123456789012:key/k1"
EFS = [{"Arn": f"arn:aws:elasticfilesystem:{REGION}:123456789012:access-point/fsap-1", "LocalMountPath": "/mnt/data"}]

FULL = dict(
    Description="first",
    Timeout=30,
    MemorySize=256,
    Environment={"Variables": {"A": "1"}},
    EphemeralStorage={"Size": 1024},
    Architectures=["arm64"],
    TracingConfig={"Mode": "Active"},
    LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG", "LogGroup": "custom"},
    SnapStart={"ApplyOn": "PublishedVersions"},
    DeadLetterConfig={"TargetArn": DLQ},
    KMSKeyArn=KMS,
    FileSystemConfigs=EFS,
    VpcConfig={"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]},
)

EXPECTED_AFTER_CREATE = {
    "Description": "first",
    "Timeout": 30,
    "MemorySize": 256,
    "Environment": {"Variables": {"A": "1"}},
    "EphemeralStorage": {"Size": 1024},
    "Architectures": ["arm64"],
    "TracingConfig": {"Mode": "Active"},
    "LoggingConfig": {"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG", "SystemLogLevel": "INFO", "LogGroup": "custom"},
    "SnapStart": {"ApplyOn": "PublishedVersions", "OptimizationStatus": "Off"},
    "DeadLetterConfig": {"TargetArn": DLQ},
    "KMSKeyArn": KMS,
    "FileSystemConfigs": EFS,
    "Handler": "index.handler",
    "Runtime": "python3.12",
}


def assert_fields(config: dict, expected: dict):
    for name, value in expected.items():
        assert config.get(name) == value, (name, config.get(name))


def all_reads(lam, qualifier=None):
    """The same function or version as every read API shows it."""
    kwargs = {"Qualifier": qualifier} if qualifier else {}
    version = qualifier or "$LATEST"
    yield lam.get_function(FunctionName="f1", **kwargs)["Configuration"]
    yield lam.get_function_configuration(FunctionName="f1", **kwargs)
    yield next(v for v in lam.list_versions_by_function(FunctionName="f1")["Versions"] if v["Version"] == version)
    listed = lam.list_functions(FunctionVersion="ALL")["Functions"]
    yield next(f for f in listed if f["Version"] == version)


def test_create_round_trips_every_field(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    created = create_function(lam, role_arn, **FULL)
    assert_fields(created, EXPECTED_AFTER_CREATE)
    assert created["VpcConfig"]["SubnetIds"] == ["subnet-1"]
    for config in all_reads(lam):
        assert_fields(config, EXPECTED_AFTER_CREATE)
    assert_fields(lam.list_functions()["Functions"][0], EXPECTED_AFTER_CREATE)


def test_update_configuration_round_trips_every_field(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, **FULL)
    other_role = emulator.client("iam").create_role(RoleName="other", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    layer = lam.publish_layer_version(LayerName="deps", Content={"ZipFile": make_zip("l")})["LayerVersionArn"]
    updated = lam.update_function_configuration(
        FunctionName="f1",
        Description="second",
        Timeout=60,
        MemorySize=512,
        Environment={"Variables": {"B": "2"}},
        EphemeralStorage={"Size": 2048},
        TracingConfig={"Mode": "PassThrough"},
        LoggingConfig={"LogFormat": "Text"},
        SnapStart={"ApplyOn": "None"},
        DeadLetterConfig={"TargetArn": ""},
        KMSKeyArn="",
        FileSystemConfigs=[],
        VpcConfig={"SubnetIds": ["subnet-2"], "SecurityGroupIds": ["sg-2"]},
        Layers=[layer],
        Handler="index.other",
        Runtime="python3.11",
        Role=other_role,
    )
    expected = {
        "Description": "second",
        "Timeout": 60,
        "MemorySize": 512,
        "Environment": {"Variables": {"B": "2"}},
        "EphemeralStorage": {"Size": 2048},
        "TracingConfig": {"Mode": "PassThrough"},
        # Only LogFormat was sent: the log group stays, levels go with JSON.
        "LoggingConfig": {"LogFormat": "Text", "LogGroup": "custom"},
        "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
        "Handler": "index.other",
        "Runtime": "python3.11",
        "Role": other_role,
        "Architectures": ["arm64"],
    }
    for config in [updated, *all_reads(lam)]:
        assert_fields(config, expected)
        assert "DeadLetterConfig" not in config and "KMSKeyArn" not in config and "FileSystemConfigs" not in config
        assert config["VpcConfig"]["SubnetIds"] == ["subnet-2"]
        assert [l["Arn"] for l in config["Layers"]] == [layer]


def test_update_code_changes_architectures(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, Architectures=["x86_64"])
    updated = lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"), Architectures=["arm64"])
    assert updated["Architectures"] == ["arm64"]
    for config in all_reads(lam):
        assert config["Architectures"] == ["arm64"]


def test_published_versions_keep_their_own_fields(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, **FULL)
    published = lam.publish_version(FunctionName="f1")
    assert published["Version"] == "1"
    assert_fields(published, {**EXPECTED_AFTER_CREATE, "SnapStart": {"ApplyOn": "PublishedVersions", "OptimizationStatus": "On"}})

    lam.update_function_configuration(FunctionName="f1", KMSKeyArn=KMS + "-2", TracingConfig={"Mode": "PassThrough"})
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"), Architectures=["x86_64"])
    lam.publish_version(FunctionName="f1")

    for config in all_reads(lam, "1"):
        assert config["KMSKeyArn"] == KMS and config["TracingConfig"] == {"Mode": "Active"}
        assert config["Architectures"] == ["arm64"]
        assert config["SnapStart"]["OptimizationStatus"] == "On"
    for config in all_reads(lam, "2"):
        assert config["KMSKeyArn"] == KMS + "-2" and config["TracingConfig"] == {"Mode": "PassThrough"}
        assert config["Architectures"] == ["x86_64"]
    for config in all_reads(lam):
        assert config["KMSKeyArn"] == KMS + "-2" and config["SnapStart"]["OptimizationStatus"] == "Off"
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")
    assert lam.get_function_configuration(FunctionName="f1", Qualifier="live")["KMSKeyArn"] == KMS


def test_create_with_publish_snapshots_version_one(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    created = create_function(lam, role_arn, Publish=True, KMSKeyArn=KMS)
    assert created["Version"] == "1" and created["KMSKeyArn"] == KMS
    assert lam.get_function_configuration(FunctionName="f1", Qualifier="1")["KMSKeyArn"] == KMS


def test_defaults_when_nothing_extra_is_sent(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    config = lam.get_function_configuration(FunctionName="f1")
    assert config["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": "/aws/lambda/f1"}
    assert config["SnapStart"] == {"ApplyOn": "None", "OptimizationStatus": "Off"}
    assert "KMSKeyArn" not in config and "DeadLetterConfig" not in config


def test_fields_are_kept_per_region_and_forgotten_on_delete_and_reset(emulator, role_arn):
    ireland, frankfurt = emulator.client("lambda", REGION), emulator.client("lambda", "eu-central-1")
    create_function(ireland, role_arn, KMSKeyArn=KMS)
    create_function(frankfurt, role_arn)
    assert "KMSKeyArn" not in frankfurt.get_function_configuration(FunctionName="f1")

    ireland.delete_function(FunctionName="f1")
    create_function(ireland, role_arn)
    assert "KMSKeyArn" not in ireland.get_function_configuration(FunctionName="f1")

    ireland.update_function_configuration(FunctionName="f1", KMSKeyArn=KMS)
    emulator.call("POST", "/_emulator/reset")
    role = emulator.client("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    create_function(ireland, role)
    assert "KMSKeyArn" not in ireland.get_function_configuration(FunctionName="f1")


def test_moto_api_reset_also_forgets_fields(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, KMSKeyArn=KMS)
    assert emulator.call("POST", "/moto-api/reset")[0] == 200
    role = emulator.client("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    create_function(lam, role)
    assert "KMSKeyArn" not in lam.get_function_configuration(FunctionName="f1")


NEWER = {"CapacityProviderConfig": {"LambdaManagedInstancesCapacityProviderConfig": {
             "CapacityProviderArn": f"arn:aws:lambda:{REGION}:123456789012:capacity-provider:fleet"}},
         "DurableConfig": {"RetentionPeriodInDays": 7, "ExecutionTimeout": 900},
         "TenancyConfig": {"TenantIsolationMode": "PER_TENANT"}}


def test_the_newer_settings_round_trip_on_create_and_update_and_stay_with_published_versions(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, name="f1", **NEWER)
    lam.publish_version(FunctionName="f1")

    lam.update_function_configuration(FunctionName="f1", DurableConfig={"RetentionPeriodInDays": 9})

    for config in all_reads(lam, "1"):
        assert_fields(config, NEWER)
    for config in all_reads(lam):
        assert_fields(config, {**NEWER, "DurableConfig": {"RetentionPeriodInDays": 9}})


def test_moto_alone_drops_the_newer_settings():
    # What the layer supplies (config_overlay.py): moto takes the settings and keeps none of them.
    with moto_alone() as lam:
        updatable = {name: value for name, value in NEWER.items() if name != "TenancyConfig"}  # creation only
        lam.update_function_configuration(FunctionName="f1", **updatable)
        lam.create_function(FunctionName="f2", Runtime="python3.12", Handler="index.handler",
                            Role=lam.get_function(FunctionName="f1")["Configuration"]["Role"],
                            Code={"ZipFile": make_zip("f2")}, **NEWER)

        for name in ("f1", "f2"):
            assert not set(NEWER) & set(lam.get_function_configuration(FunctionName=name)), name
