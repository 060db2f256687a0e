from conftest import create_function, make_zip

REGION = "ap-southeast-2"


def test_lambda_operations_are_named_like_the_api(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    layer = lam.publish_layer_version(LayerName="deps", Content={"ZipFile": make_zip("l")})
    fn = create_function(lam, role_arn, Layers=[layer["LayerVersionArn"]])
    lam.get_function(FunctionName="f1")
    lam.get_function_configuration(FunctionName="f1")
    lam.update_function_configuration(FunctionName="f1", Timeout=5)
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    lam.publish_version(FunctionName="f1")
    lam.list_versions_by_function(FunctionName="f1")
    lam.list_functions()
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")
    lam.update_alias(FunctionName="f1", Name="live", Description="d")
    lam.get_alias(FunctionName="f1", Name="live")
    lam.list_aliases(FunctionName="f1")
    lam.tag_resource(Resource=fn["FunctionArn"], Tags={"k": "v"})
    lam.list_tags(Resource=fn["FunctionArn"])
    lam.untag_resource(Resource=fn["FunctionArn"], TagKeys=["k"])
    lam.put_function_concurrency(FunctionName="f1", ReservedConcurrentExecutions=5)
    lam.get_function_concurrency(FunctionName="f1")
    lam.delete_function_concurrency(FunctionName="f1")
    lam.add_permission(FunctionName="f1", StatementId="s1", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com")
    lam.get_policy(FunctionName="f1")
    lam.remove_permission(FunctionName="f1", StatementId="s1")
    lam.get_layer_version(LayerName="deps", VersionNumber=1)
    lam.get_layer_version_by_arn(Arn=layer["LayerVersionArn"])
    lam.list_layers()
    lam.list_layer_versions(LayerName="deps")
    lam.delete_alias(FunctionName="f1", Name="live")
    lam.delete_function(FunctionName="f1")

    logged = emulator.requests("lambda")
    assert [r["operation"] for r in logged] == [
        "PublishLayerVersion", "CreateFunction", "GetFunction", "GetFunctionConfiguration",
        "UpdateFunctionConfiguration", "UpdateFunctionCode", "PublishVersion", "ListVersionsByFunction",
        "ListFunctions", "CreateAlias", "UpdateAlias", "GetAlias", "ListAliases", "TagResource", "ListTags",
        "UntagResource", "PutFunctionConcurrency", "GetFunctionConcurrency", "DeleteFunctionConcurrency",
        "AddPermission", "GetPolicy", "RemovePermission", "GetLayerVersion", "GetLayerVersionByArn",
        "ListLayers", "ListLayerVersions", "DeleteAlias", "DeleteFunction",
    ]
    assert {r["region"] for r in logged} == {REGION}
    assert all(200 <= r["status"] < 300 for r in logged), logged
    assert logged[2] == {"service": "lambda", "region": REGION, "operation": "GetFunction", "method": "GET",
                         "path": "/2015-03-31/functions/f1", "status": 200}


def test_other_services_are_named_by_target_action_or_route(emulator):
    emulator.call("DELETE", "/_emulator/requests")
    s3 = emulator.client("s3", "us-east-1")
    s3.create_bucket(Bucket="bkt")
    s3.head_bucket(Bucket="bkt")
    s3.put_object(Bucket="bkt", Key="k/x.zip", Body=b"1")
    s3.head_object(Bucket="bkt", Key="k/x.zip")
    s3.get_object(Bucket="bkt", Key="k/x.zip")
    s3.list_objects_v2(Bucket="bkt")
    emulator.client("sts", "eu-west-1").get_caller_identity()
    emulator.client("sns", "eu-west-1").create_topic(Name="t")
    emulator.client("sqs", "eu-west-1").create_queue(QueueName="q")
    emulator.client("dynamodb", "eu-west-1").list_tables()
    emulator.client("iam").list_roles()
    emulator.call("GET", "/_emulator/health")

    logged = [(r["service"], r["operation"], r["status"]) for r in emulator.requests(None)]
    assert logged == [
        ("s3", "CreateBucket", 200), ("s3", "HeadBucket", 200), ("s3", "PutObject", 200),
        ("s3", "HeadObject", 200), ("s3", "GetObject", 200), ("s3", "ListObjectsV2", 200),
        ("sts", "GetCallerIdentity", 200), ("sns", "CreateTopic", 200), ("sqs", "CreateQueue", 200),
        ("dynamodb", "ListTables", 200), ("iam", "ListRoles", 200),
    ]


def test_failed_calls_are_logged_with_their_status(emulator):
    lam = emulator.client("lambda", REGION)
    try:
        lam.get_function(FunctionName="missing")
    except lam.exceptions.ResourceNotFoundException:
        pass
    assert [(r["operation"], r["status"]) for r in emulator.requests()] == [("GetFunction", 404)]
    emulator.call("DELETE", "/_emulator/requests")
    assert emulator.requests(None) == []
