"""template.yaml as CloudFormation sees it: transformed offline by the SAM translator (the one inside the SAM CLI's
virtualenv), with just enough of CloudFormation's intrinsic functions evaluated to read ARNs, conditions and event
patterns for given parameter values."""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The translator takes the partition from the boto3 session's region; no credentials are needed.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.parser.parser import Parser  # noqa: E402
from samtranslator.translator.translator import Translator  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"

REGION = "us-east-1"
ACCOUNT = "123456789012"  # the emulator's account, and the fixtures'
STACK = "lambda-dr"
NO_VALUE = object()


def event_fixtures(*patterns: str) -> list[Path]:
    """The event fixtures under events/ matching the glob patterns, in a stable order."""
    return sorted({path for pattern in patterns for path in (ROOT / "events").glob(pattern)})


def parameters(**overrides: str) -> dict[str, str]:
    """Parameter values for a deployment: two DR regions, an existing configuration repository named as in the
    fixtures, an alert address; the template's defaults for the rest."""
    values = {
        "TargetRegions": "eu-west-1,us-west-2",
        "ConfigRepositoryName": "lambda-dr-config",
        "CreateConfigRepository": "false",
        "AlertEmail": "oncall@example.com",
        "CreateTrail": "true",
    }
    values.update(overrides)
    return values


@dataclass
class Transformed:
    """The CloudFormation template the SAM transform produced, and the parameter values it was made for."""

    template: dict[str, Any]
    parameter_values: dict[str, str]
    _conditions: dict[str, bool] = field(default_factory=dict)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.template["Resources"]

    def present(self) -> dict[str, dict[str, Any]]:
        """The resources CloudFormation would create for these parameter values (their conditions hold)."""
        return {name: resource for name, resource in self.resources.items()
                if "Condition" not in resource or self.condition(resource["Condition"])}

    def of_type(self, resource_type: str, only_present: bool = True) -> dict[str, dict[str, Any]]:
        source = self.present() if only_present else self.resources
        return {name: resource for name, resource in source.items() if resource["Type"] == resource_type}

    def functions(self) -> dict[str, dict[str, Any]]:
        return self.of_type("AWS::Lambda::Function")

    def alias_of(self, function: str) -> str:
        """The logical id of the function's `live` alias."""
        aliases = [name for name, alias in self.of_type("AWS::Lambda::Alias").items()
                   if alias["Properties"]["FunctionName"] == {"Ref": function}
                   and alias["Properties"]["Name"] == "live"]
        assert len(aliases) == 1, f"{function} has {len(aliases)} aliases named live"
        return aliases[0]

    def parameter(self, name: str) -> Any:
        declared = self.template["Parameters"][name]
        value = self.parameter_values.get(name, declared.get("Default"))
        assert value is not None, f"parameter {name} has no value and no default"
        if declared["Type"] == "CommaDelimitedList":
            return [item.strip() for item in str(value).split(",")]
        return str(value)

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            self._conditions[name] = bool(self.resolve(self.template["Conditions"][name]))
        return self._conditions[name]

    def resolve(self, value: Any) -> Any:
        """Evaluates the intrinsic functions in `value`. A resource's Ref reads `<LogicalId>`, a GetAtt
        `<LogicalId.Attribute>`: what they stand for exists only once deployed."""
        if isinstance(value, list):
            items = [self.resolve(item) for item in value]
            return [item for item in items if item is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, argument), = value.items()
            if key == "Ref":
                return self._ref(argument)
            if key == "Condition":
                return self.condition(argument)
            if key.startswith("Fn::"):
                return self._function(key[4:], argument)
        resolved = {key: self.resolve(item) for key, item in value.items()}
        return {key: item for key, item in resolved.items() if item is not NO_VALUE}

    def _ref(self, name: str) -> Any:
        pseudo = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
                  "AWS::StackName": STACK, "AWS::URLSuffix": "amazonaws.com", "AWS::NoValue": NO_VALUE}
        if name in pseudo:
            return pseudo[name]
        if name in self.template.get("Parameters", {}):
            return self.parameter(name)
        assert name in self.resources, f"Ref to unknown {name}"
        return f"<{name}>"

    def _function(self, name: str, argument: Any) -> Any:
        if name == "If":
            condition, if_true, if_false = argument
            return self.resolve(if_true if self.condition(condition) else if_false)
        if name == "Equals":
            left, right = (self.resolve(item) for item in argument)
            return left == right
        if name == "Not":
            return not self.resolve(argument[0])
        if name == "And":
            return all(self.resolve(item) for item in argument)
        if name == "Or":
            return any(self.resolve(item) for item in argument)
        if name == "Join":
            delimiter, items = argument
            return delimiter.join(str(item) for item in self.resolve(items))
        if name == "Split":
            delimiter, text = argument
            return self.resolve(text).split(delimiter)
        if name == "Select":
            index, items = argument
            return self.resolve(items)[int(self.resolve(index))]
        if name == "FindInMap":
            mapping, first, second = (self.resolve(item) for item in argument)
            return self.template["Mappings"][mapping][first][second]
        if name == "GetAtt":
            logical, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
            assert logical in self.resources, f"GetAtt on unknown {logical}"
            return f"<{logical}.{attribute}>"
        if name == "Sub":
            text, variables = (argument, {}) if isinstance(argument, str) else argument
            values = {key: self.resolve(item) for key, item in variables.items()}
            return _substitute(text, lambda var: values[var] if var in values else self._sub_variable(var))
        raise AssertionError(f"intrinsic function Fn::{name} is not evaluated by these tests")

    def _sub_variable(self, variable: str) -> Any:
        if "." in variable and not variable.startswith("AWS::"):
            return self._function("GetAtt", variable)
        return self._ref(variable)


def _substitute(text: str, lookup) -> str:
    out, position = [], 0
    while True:
        start = text.find("${", position)
        if start < 0:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position:start])
        if text.startswith("${!", start):  # a literal ${
            end = text.index("}", start)
            out.append("${" + text[start + 3:end + 1])
        else:
            end = text.index("}", start)
            out.append(str(lookup(text[start + 2:end])))
        position = end + 1


def transform(parameter_values: dict[str, str]) -> Transformed:
    """template.yaml through the SAM transform, offline: local CodeUri/ContentUri become S3 locations (as
    `sam package` would make them), and no managed policy is looked up by name."""
    template = yaml_parse(TEMPLATE.read_text())
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if isinstance(properties.get(key), str) and not properties[key].startswith("s3://"):
                properties[key] = f"s3://lambda-dr-artifacts/{properties[key]}"
    translated = Translator(None, Parser()).translate(copy.deepcopy(template), parameter_values=dict(parameter_values),
                                                      get_managed_policy_map=lambda: {})
    # Round trip: the translator's output holds its own string and dict types.
    return Transformed(json.loads(json.dumps(translated)), dict(parameter_values))
