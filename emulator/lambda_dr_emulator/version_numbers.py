"""Published version numbers that are never reused, as Lambda numbers them.

moto 5.2.1 numbers a new version ``len(versions) + 1`` (found by experiment, see README): after a version other than
the last is deleted, the next publish reuses a number that is still taken (versions 1, 2, 3; delete 2; publish: 1, 3,
3), and after the last is deleted, its number comes back. Lambda never reuses a number while the function exists,
and starts again at 1 only for a function deleted and created anew.

The layer wraps moto's publish so that a new version takes one more than the highest number the function ever had.
The highest number is kept in moto's own record of the function, so that it goes when the function goes.
"""

from __future__ import annotations

from moto.awslambda.models import LambdaStorage

_HIGHEST = "lambda_dr_highest_version"


def never_reuse_version_numbers() -> None:
    """Installs the wrapper around moto's publish (``app.configure_moto`` calls it once per process)."""
    original = LambdaStorage.publish_version

    def publish_version(self, name_or_arn: str, description: str = ""):
        function = self.get_function_by_name_or_arn_forbid_qualifier(name_or_arn)
        record = self._functions.get(function.function_name, {})
        versions = record.get("versions", [])
        count = len(versions)
        published = original(self, name_or_arn, description)
        if published is None or len(versions) == count:
            return published  # nothing published: moto answered with the last version
        number = max([record.get(_HIGHEST, 0), *(int(v.version) for v in versions[:-1])]) + 1
        if int(published.version) != number:
            self._arns.pop(published.function_arn, None)
            published.set_version(number)
            self._arns[published.function_arn] = published
        record[_HIGHEST] = number
        return published

    LambdaStorage.publish_version = publish_version
