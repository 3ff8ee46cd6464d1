"""Property-based test of the JSON API against its own OpenAPI document (schemathesis): for any
generated path and query, no server error, and every answer (200, 401, 404, 422) is one the
document declares, shaped as it says; without a session every operation answers 401."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from govinspect.web.accounts import open_session
from govinspect.web.models import UserRow
from tests.web.conftest import Web

FAST = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                derandomize=True)  # the same cases on every run: CI is not a lottery


def _operations(web: Web) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", web.client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/targets", "/api/targets/{code}", "/api/findings/{finding_id}"}
    return operations


def test_api_answers_as_its_openapi_document_says(web: Web) -> None:
    with web.store.session() as session:
        user_id = session.scalars(select(UserRow.id).where(UserRow.name == "admin1")).one()
    cookie = {"Cookie": f"gi_session={open_session(web.store, user_id)}"}
    for operation in _operations(web):
        @FAST
        @given(case=operation.as_strategy())
        def conforms(case: Any) -> None:
            case.call_and_validate(headers=cookie)

        conforms()


def test_api_without_a_session_is_401(web: Web) -> None:
    for operation in _operations(web):
        @settings(FAST, max_examples=5)
        @given(case=operation.as_strategy())
        def refused(case: Any) -> None:
            assert case.call().status_code == 401

        refused()
