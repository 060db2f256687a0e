"""The wiring of the transformed template: failures end at a destination, triggers reach the `live` alias, the
worker writes only in the target regions, and every function logs into a group with retention."""

from __future__ import annotations

import json

import pytest

from sam_template import ACCOUNT, REGION, Transformed

TARGETS = ["eu-west-1", "us-west-2"]  # sam_template.parameters()

# Actions that exist only without resource-level permissions, or read nothing of ours: the only ones allowed on "*".
# Actions IAM authorizes on no resource: "*" is the only way to grant them.
STAR_RESOURCE_ACTIONS = {"lambda:ListFunctions", "tag:GetResources", "ec2:DescribeSecurityGroups",
                         "ec2:DescribeSubnets", "ec2:DescribeVpcs", "sts:GetCallerIdentity",
                         "lambda:ListEventSourceMappings", "lambda:CreateEventSourceMapping",
                         "lambda:ListCodeSigningConfigs",
                         # MSK's and Amazon MQ's listings take no resource: IAM grants them on "*" only.
                         "kafka:ListClustersV2", "mq:ListBrokers"}
WRITE_VERBS = ("Create", "Update", "Publish", "Delete", "Put", "Tag", "Untag", "Add", "Remove")


def ref_target(value) -> str | None:
    return value["Ref"] if isinstance(value, dict) and set(value) == {"Ref"} else None


def function_of_alias(t: Transformed, logical_id: str) -> str | None:
    resource = t.resources.get(logical_id)
    if resource is None or resource["Type"] != "AWS::Lambda::Alias":
        return None
    return ref_target(resource["Properties"]["FunctionName"])


def triggers(t: Transformed) -> list[tuple[str, str, object]]:
    """(what, kind, the value naming the function) for everything that invokes a function."""
    found = []
    for name, rule in t.of_type("AWS::Events::Rule").items():
        for target in rule["Properties"]["Targets"]:
            found.append((f"rule {name}", "async", target["Arn"]))
    for name, schedule in t.of_type("AWS::Scheduler::Schedule").items():
        found.append((f"schedule {name}", "async", schedule["Properties"]["Target"]["Arn"]))
    for name, subscription in t.of_type("AWS::SNS::Subscription").items():
        if subscription["Properties"]["Protocol"] == "lambda":
            found.append((f"subscription {name}", "async", subscription["Properties"]["Endpoint"]))
    for name, repository in t.of_type("AWS::CodeCommit::Repository").items():
        for trigger in repository["Properties"].get("Triggers", []):
            found.append((f"repository trigger {name}/{trigger['Name']}", "async", trigger["DestinationArn"]))
    for name, config in t.of_type("AWS::Lambda::EventInvokeConfig").items():
        destination = config["Properties"].get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        if function_of_alias(t, ref_target(destination) or ""):
            found.append((f"OnFailure destination of {name}", "async", destination))
    for name, function in t.functions().items():
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        for variable in ("WORKER_FUNCTION", "RECONCILE_FUNCTION"):
            if variable in variables:
                # Those functions send work with InvocationType=Event (LambdaWorkDispatcher).
                found.append((f"{variable} of {name}", "async", variables[variable]))
    for name, mapping in t.of_type("AWS::Lambda::EventSourceMapping").items():
        found.append((f"event source mapping {name}", "sync", mapping["Properties"]["FunctionName"]))
    for name, permission in t.of_type("AWS::Lambda::Permission").items():
        found.append((f"permission {name}", "permission", permission["Properties"]["FunctionName"]))
    return found


def asynchronously_invoked(t: Transformed) -> set[str]:
    return {function_of_alias(t, ref_target(value)) for _, kind, value in triggers(t) if kind == "async"}


def role_statements(t: Transformed, function: str) -> list[dict]:
    """The statements of the function's role: its inline policies and the stack's policies attached to it."""
    role_name = t.resources[function]["Properties"]["Role"]["Fn::GetAtt"][0]
    documents = [policy["PolicyDocument"] for policy in t.resources[role_name]["Properties"].get("Policies", [])]
    documents += [policy["Properties"]["PolicyDocument"] for policy in t.of_type("AWS::IAM::Policy").values()
                  if {"Ref": role_name} in policy["Properties"].get("Roles", [])]
    statements = []
    for document in documents:
        listed = t.resolve(document)["Statement"]
        statements.extend(listed if isinstance(listed, list) else [listed])
    return statements


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def requested_regions(statement: dict) -> list[str] | None:
    return statement.get("Condition", {}).get("StringEquals", {}).get("aws:RequestedRegion")


def is_write(action: str) -> bool:
    service, _, verb = action.partition(":")
    return service in ("lambda", "s3") and verb.startswith(WRITE_VERBS)


def test_every_asynchronously_invoked_function_has_an_on_failure_destination(every_variant):
    t = every_variant
    configs = {ref_target(config["Properties"]["FunctionName"]): config["Properties"]
               for config in t.of_type("AWS::Lambda::EventInvokeConfig").values()}
    invoked = asynchronously_invoked(t)

    assert invoked == set(configs), (
        f"asynchronously invoked: {sorted(invoked)}; with an event invoke configuration: {sorted(configs)}")
    assert {"ReplicationWorkerFunction", "ScheduledReconcileFunction", "ChangeEventsFunction",
            "ConfigurationRepositoryFunction", "SnsCommandsFunction", "FailureAlertsFunction"} <= invoked
    failure_alerts = t.alias_of("FailureAlertsFunction")
    for function, config in configs.items():
        assert config["Qualifier"] == "live", function
        assert 0 <= t.resolve(config["MaximumRetryAttempts"]) <= 2, function
        assert 60 <= t.resolve(config["MaximumEventAgeInSeconds"]) <= 21600, function
        destination = config["DestinationConfig"]["OnFailure"]["Destination"]
        if function == "FailureAlertsFunction":
            # A record it cannot make readable still reaches people, raw.
            assert destination == {"Ref": "AlertsTopic"}
        else:
            assert destination == {"Ref": failure_alerts}, function


def test_no_function_has_a_dead_letter_queue(every_variant):
    for name, function in every_variant.of_type("AWS::Lambda::Function", only_present=False).items():
        assert "DeadLetterConfig" not in function["Properties"], name


def test_every_trigger_points_at_the_live_alias(every_variant):
    t = every_variant
    found = triggers(t)
    kinds = {what.split(" ")[0] for what, _, _ in found}
    assert {"rule", "schedule", "subscription", "event", "permission", "OnFailure"} <= kinds
    for what, _, value in found:
        function = function_of_alias(t, ref_target(value) or "")
        assert function, f"{what} names {json.dumps(value)}, not a function's alias"
        assert t.resources[ref_target(value)]["Properties"]["Name"] == "live", what


def test_the_configuration_repository_is_followed_by_a_trigger_or_a_rule(transformed, transformed_with_repository):
    created = transformed_with_repository
    repository = created.of_type("AWS::CodeCommit::Repository")["ConfigRepository"]["Properties"]
    assert repository["Triggers"][0]["DestinationArn"] == {"Ref": created.alias_of("ConfigurationRepositoryFunction")}
    permission = created.present()["ConfigRepositoryTriggerPermission"]["Properties"]
    assert permission["Principal"] == "codecommit.amazonaws.com"
    assert created.resolve(permission["SourceArn"]) == \
        f"arn:aws:codecommit:{REGION}:{ACCOUNT}:{created.resolve(repository['RepositoryName'])}"
    assert "ConfigRepositoryChangesRule" not in created.present()

    existing = transformed
    assert not existing.of_type("AWS::CodeCommit::Repository")
    pattern = existing.resolve(existing.present()["ConfigRepositoryChangesRule"]["Properties"]["EventPattern"])
    assert pattern["resources"] == [f"arn:aws:codecommit:{REGION}:{ACCOUNT}:lambda-dr-config"]


def test_the_worker_may_read_images_only_in_the_target_regions_own_repositories(transformed):
    statements = role_statements(transformed, "ReplicationWorkerFunction")
    ecr = [s for s in statements if any(a.startswith("ecr:") for a in as_list(s["Action"]))]
    assert len(ecr) == 1, ecr
    statement = ecr[0]
    # Checking the image is there, and what Lambda needs of whoever makes a function run it; never a push.
    assert sorted(as_list(statement["Action"])) == ["ecr:BatchGetImage", "ecr:DescribeImages",
                                                   "ecr:GetDownloadUrlForLayer"]
    assert as_list(statement["Resource"]) == [f"arn:aws:ecr:*:{ACCOUNT}:repository/*"]
    assert sorted(requested_regions(statement)) == sorted(TARGETS)


def test_the_worker_writes_only_in_the_target_regions(transformed):
    statements = role_statements(transformed, "ReplicationWorkerFunction")
    writes = [s for s in statements if s["Effect"] == "Allow" and any(is_write(a) for a in as_list(s["Action"]))]
    assert writes, "the worker has no write permission at all"
    for statement in writes:
        regions = requested_regions(statement)
        for resource in as_list(statement["Resource"]):
            if resource == "*":
                # Only for actions that take no resource, and then only where the request goes to a target region.
                assert set(as_list(statement["Action"])) <= STAR_RESOURCE_ACTIONS, statement["Sid"]
                assert sorted(regions or []) == sorted(TARGETS), statement["Sid"]
                continue
            parts = resource.split(":")
            if parts[2] == "lambda":
                assert parts[4] in (ACCOUNT, "*"), statement["Sid"]
                if parts[5] == "function":
                    assert parts[4] == ACCOUNT, f"{statement['Sid']}: functions of another account"
                region = parts[3]
            else:
                assert parts[2] == "s3", statement["Sid"]
                assert f"lambda-dr-staging-{ACCOUNT}-" in resource, statement["Sid"]
                region = "*"
            if region == "*":
                assert regions, f"{statement['Sid']} names {resource} in every region without aws:RequestedRegion"
                assert sorted(regions) == sorted(TARGETS), statement["Sid"]
            else:
                assert region in TARGETS, f"{statement['Sid']} writes in {region}"
                assert regions is None or sorted(regions) == sorted(TARGETS), statement["Sid"]
    for statement in statements:
        actions = as_list(statement["Action"])
        if any(a.startswith("lambda:Get") or a.startswith("lambda:List") for a in actions) and statement not in writes:
            # Reads: the source region, or the targets.
            regions = requested_regions(statement)
            for resource in as_list(statement["Resource"]):
                if resource != "*":
                    region = resource.split(":")[3]
                    assert region == REGION or (region == "*" and sorted(regions) == sorted(TARGETS)), statement
                else:
                    assert regions in (REGION, TARGETS), statement
    pass_role = [s for s in statements if "iam:PassRole" in as_list(s["Action"])]
    assert len(pass_role) == 1
    assert pass_role[0]["Condition"] == {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}


def test_no_function_may_do_everything_everywhere(every_variant):
    t = every_variant
    for function in t.functions():
        role = t.resources[t.resources[function]["Properties"]["Role"]["Fn::GetAtt"][0]]["Properties"]
        managed = {arn.rsplit("/", 1)[-1] for arn in role.get("ManagedPolicyArns", [])}
        assert managed <= {"AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess",
                           "AWSLambdaSQSQueueExecutionRole"}, function
        for statement in role_statements(t, function):
            actions = as_list(statement["Action"])
            assert not any(action == "*" or action.endswith(":*") for action in actions), (function, statement)
            if "*" in as_list(statement["Resource"]):
                assert set(actions) <= STAR_RESOURCE_ACTIONS, (function, statement)
                assert "Sid" in statement, (function, statement)


def test_functions_log_json_into_their_own_group_with_retention(every_variant):
    t = every_variant
    groups = t.of_type("AWS::Logs::LogGroup")
    used = []
    for name, function in t.functions().items():
        logging = function["Properties"]["LoggingConfig"]
        assert logging["LogFormat"] == "JSON", name
        group = ref_target(logging["LogGroup"])
        assert group in groups, f"{name} logs into {logging['LogGroup']}, not a log group of the stack"
        used.append(group)
    assert len(used) == len(set(used)), "two functions share a log group"
    for name, group in groups.items():
        assert int(t.resolve(group["Properties"]["RetentionInDays"])) >= 1, name


def test_functions_have_the_handlers_environment(every_variant):
    t = every_variant
    needs = {
        "ReplicationWorkerFunction": set(),
        "ScheduledReconcileFunction": {"WORKER_FUNCTION"},
        "ChangeEventsFunction": {"WORKER_FUNCTION"},
        "ConfigurationRepositoryFunction": {"RECONCILE_FUNCTION"},
        "SnsCommandsFunction": {"WORKER_FUNCTION", "RECONCILE_FUNCTION", "ARCHIVE_QUEUE_URL"},
        "SqsCommandsFunction": {"WORKER_FUNCTION", "RECONCILE_FUNCTION", "ARCHIVE_QUEUE_URL"},
        "FailureAlertsFunction": set(),
    }
    assert set(t.functions()) == set(needs)
    for name, function in t.functions().items():
        variables = t.resolve(function["Properties"]["Environment"]["Variables"])
        assert variables["SOURCE_REGION"] == REGION
        assert variables["TARGET_REGIONS"] == ",".join(TARGETS)
        assert variables["STATE_TABLE"] == "<StateTable>"
        assert variables["ALERTS_TOPIC_ARN"] == "<AlertsTopic>"
        assert variables["POWERTOOLS_SERVICE_NAME"] == "lambda-dr"
        assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "lambda-dr"
        assert {"CONFIG_BRANCH", "CONFIG_PATH", "BASELINE_TAG_PATTERN", "WORKER_CONCURRENCY", "FLOW_CONCURRENCY",
                "PROTECT_TAG_KEY", "PROTECT_TAG_VALUE", "CONFIG_REPOSITORY"} <= set(variables), name
        optional = {"WORKER_FUNCTION", "RECONCILE_FUNCTION", "ARCHIVE_QUEUE_URL"}
        assert optional & set(variables) == needs[name], name
        if "WORKER_FUNCTION" in variables:
            assert variables["WORKER_FUNCTION"] == f"<{t.alias_of('ReplicationWorkerFunction')}>"
        if "RECONCILE_FUNCTION" in variables:
            assert variables["RECONCILE_FUNCTION"] == f"<{t.alias_of('ScheduledReconcileFunction')}>"


def test_worker_concurrency_is_reserved(transformed):
    worker = transformed.functions()["ReplicationWorkerFunction"]["Properties"]
    assert worker["ReservedConcurrentExecutions"] == {"Ref": "WorkerConcurrency"}
    assert worker["Timeout"] == 900


def concurrency_bound(t: Transformed, function: str) -> int | None:
    """How many instances of the function may run at once: its reserved concurrency, or its event source mappings'
    maximum concurrency; None when nothing bounds it."""
    reserved = t.functions()[function]["Properties"].get("ReservedConcurrentExecutions")
    if reserved is not None:
        return int(reserved)
    mappings = [mapping["Properties"] for mapping in t.of_type("AWS::Lambda::EventSourceMapping").values()
                if function_of_alias(t, ref_target(mapping["Properties"]["FunctionName"])) == function]
    bounds = [mapping.get("ScalingConfig", {}).get("MaximumConcurrency") for mapping in mappings]
    return sum(bounds) if bounds and None not in bounds else None


def test_the_flows_that_call_lambdas_control_plane_are_bounded_and_counted_in_the_rate_budget(every_variant):
    t = every_variant
    calling = [name for name in t.functions() if name != "ReplicationWorkerFunction"
               and any(action.startswith("lambda:") and action != "lambda:InvokeFunction"
                       for statement in role_statements(t, name) for action in as_list(statement["Action"]))]
    assert set(calling) == {"ScheduledReconcileFunction", "ChangeEventsFunction", "SnsCommandsFunction",
                            "SqsCommandsFunction"}
    bounds = {name: concurrency_bound(t, name) for name in calling}
    assert None not in bounds.values(), f"unbounded: {bounds}"
    for function in t.functions().values():
        variables = t.resolve(function["Properties"]["Environment"]["Variables"])
        assert int(variables["FLOW_CONCURRENCY"]) == sum(bounds.values()), bounds


def test_deployments_are_canaries_guarded_by_each_functions_errors(every_variant):
    t = every_variant
    groups = t.of_type("AWS::CodeDeploy::DeploymentGroup")
    for function in t.functions():
        alias = t.resources[t.alias_of(function)]
        group = ref_target(alias["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]["DeploymentGroupName"])
        properties = groups[group]["Properties"]
        assert t.resolve(properties["DeploymentConfigName"]) == "CodeDeployDefault.LambdaCanary10Percent5Minutes"
        alarms = [ref_target(alarm["Name"]) for alarm in properties["AlarmConfiguration"]["Alarms"]]
        assert len(alarms) == 1, function
        alarm = t.resources[alarms[0]]["Properties"]
        assert alarm["MetricName"] == "Errors"
        dimensions = {d["Name"]: d["Value"] for d in alarm["Dimensions"]}
        assert dimensions["FunctionName"] == {"Ref": function}, alarms[0]


def test_alarms_alert_through_the_alerts_topic(transformed):
    alarms = transformed.of_type("AWS::CloudWatch::Alarm")
    alerting = {name for name, alarm in alarms.items() if alarm["Properties"].get("AlarmActions")}
    assert {"WorkerErrorsAlarm", "DestinationDeliveryFailuresAlarm", "ReplicationLagAlarm"} <= alerting
    for name in alerting:
        assert alarms[name]["Properties"]["AlarmActions"] == [{"Ref": "AlertsTopic"}], name

    delivery = transformed.resolve(alarms["DestinationDeliveryFailuresAlarm"]["Properties"]["Metrics"])
    watched = {m["MetricStat"]["Metric"]["Dimensions"][0]["Value"] for m in delivery if "MetricStat" in m}
    assert watched == {f"<{f}>" for f in asynchronously_invoked(transformed)}

    lag = alarms["ReplicationLagAlarm"]["Properties"]
    # HandlerMetrics.recordLag flushes the all-regions ReplicationLag with an empty dimension set, which replaces
    # Powertools' default Service dimension: the metric has no dimension at all.
    assert (lag["Namespace"], lag["MetricName"], lag["Statistic"]) == ("lambda-dr", "ReplicationLag", "Maximum")
    assert "Dimensions" not in lag
    assert lag["Threshold"] == {"Ref": "LagThresholdSeconds"}


def test_failure_records_are_archived_and_mailed(transformed, transformed_with_repository):
    t = transformed
    subscriptions = t.of_type("AWS::SNS::Subscription")
    archive = subscriptions["FailureArchiveSubscription"]["Properties"]
    assert archive["TopicArn"] == {"Ref": "AlertsTopic"}
    assert archive["Protocol"] == "sqs"
    assert archive["Endpoint"] == {"Fn::GetAtt": ["FailureArchiveQueue", "Arn"]}
    assert archive["RawMessageDelivery"] is True
    assert archive["FilterPolicy"] == {"kind": ["failure"]}
    assert archive.get("FilterPolicyScope", "MessageAttributes") == "MessageAttributes"
    policy = t.resolve(t.resources["FailureArchiveQueuePolicy"]["Properties"])
    assert policy["Queues"] == ["<FailureArchiveQueue>"]
    [statement] = policy["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "sns.amazonaws.com"}
    assert statement["Action"] == "sqs:SendMessage"
    assert statement["Condition"] == {"ArnEquals": {"aws:SourceArn": "<AlertsTopic>"}}
    email = subscriptions["AlertEmailSubscription"]["Properties"]
    assert (email["Protocol"], t.resolve(email["Endpoint"])) == ("email", "oncall@example.com")
    assert "AlertEmailSubscription" not in transformed_with_repository.present()
    queues = t.of_type("AWS::SQS::Queue")
    assert all("RedrivePolicy" not in queue["Properties"] for queue in queues.values())


def test_state_table(transformed):
    table = transformed.resources["StateTable"]["Properties"]
    assert {k["AttributeName"]: k["KeyType"] for k in table["KeySchema"]} == {"pk": "HASH", "sk": "RANGE"}
    assert {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]} == {"pk": "S", "sk": "S"}
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expiresAt", "Enabled": True}
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


@pytest.mark.parametrize("create_trail, expected", [("true", True), ("false", False)])
def test_the_trail_is_created_only_when_asked(create_trail, expected):
    from sam_template import parameters, transform
    t = transform(parameters(CreateTrail=create_trail))
    trails = t.of_type("AWS::CloudTrail::Trail")
    assert bool(trails) == expected
    if expected:
        trail = trails["Trail"]["Properties"]
        assert trail["IsMultiRegionTrail"] is True and trail["IsLogging"] is True


def test_the_dashboard_body_is_json_with_the_application_metrics(transformed):
    body = json.loads(transformed.resolve(transformed.resources["Dashboard"]["Properties"]["DashboardBody"]))
    text = json.dumps(body)
    for metric in ("Replications", "Failures", "ReplicationLag", "Writes", "CodeBytes", "Errors", "Throttles",
                   "ConcurrentExecutions"):
        assert metric in text, metric
    assert all(widget["properties"].get("region", "us-east-1") == "us-east-1" for widget in body["widgets"])


@pytest.mark.parametrize("commands", ["SnsCommandsFunction", "SqsCommandsFunction"])
def test_redrive_may_invoke_every_function_whose_failures_are_archived(transformed, commands):
    failing = {ref_target(config["Properties"]["FunctionName"])
               for config in transformed.of_type("AWS::Lambda::EventInvokeConfig").values()
               if config["Properties"]["DestinationConfig"]["OnFailure"]["Destination"]
               == {"Ref": transformed.alias_of("FailureAlertsFunction")}}
    assert "ReplicationWorkerFunction" in failing
    invocable = {resource for statement in role_statements(transformed, commands)
                 if "lambda:InvokeFunction" in as_list(statement["Action"])
                 for resource in as_list(statement["Resource"])}
    for function in failing:
        assert {f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:<{function}>*", f"<{function}.Arn>:*"} & invocable, (
            f"{commands} cannot invoke {function} again (redrive)")
