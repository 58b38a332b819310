"""The ledger's API: the import (administrators). The key figures are `torget.keyfigures.api`."""

from typing import cast

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, UploadedFile
from pydantic import Field

from torget.accounts.models import User
from torget.core.schemas import ProblemOut
from torget.ledger import imports

router = Router(tags=["ledger"])

PROBLEMS: dict[int, type] = {401: ProblemOut, 403: ProblemOut, 422: ProblemOut}


def _auth():
    from torget.accounts.api_auth import signed_in

    return signed_in


class RejectedOut(Schema):
    line: int = Field(description="The file's line number; the header is line 1.")
    error: str = Field(description="Why, in the request's language.")


class ImportOut(Schema):
    imported: int = Field(description="Rows written (0 in a dry run or when any row is bad).")
    rejected: list[RejectedOut] = Field(description="The first 100 bad rows.")
    rejected_more: int = Field(description="Bad rows after those, counted but not listed.")
    valid: int = Field(description="Rows that passed the checks.")
    dry_run: bool
    batch: str = Field(description="The import's id: its rows' `source_id` is `<batch>:<line>`.")


@router.post(
    "/imports/ledger",
    response={200: ImportOut, 413: ProblemOut, **PROBLEMS},
    auth=_auth(),
    summary="Import historical statistics into the ledger (CSV or xlsx, at most 20 MB)",
    description=(
        "Refused with 413 before any row is read when the file is over 20 MB, an xlsx unpacks"
        " to over 40 MB, or the file has over 500,000 rows or 50 columns."
    ),
)
def import_ledger(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    partial: Form[bool] = False,
):
    # Who may import is the service's rule; its PermissionDenied is a 403 problem.
    result = imports.import_upload(
        actor=cast(User, request.user),
        file=file,
        filename=file.name or "",
        size=file.size or 0,
        dry_run=dry_run,
        partial=partial,
    )
    return result.as_json()
