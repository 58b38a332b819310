"""What the tests of the scenarios' two imports (the population grid, the postcode areas)
share: an import run as the operator, and what it says of a file it refuses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from torget.core.errors import ValidationFailed
from torget.scenarios import imports


def as_operator(run: Callable[..., Any], data: bytes | str, filename: str, **kwargs: Any) -> Any:
    """`run` (`import_grid`, `import_postcodes`) as the operator, on `data` as a file."""
    if isinstance(data, str):
        data = data.encode()
    return run(actor=imports.OPERATOR, data=data, filename=filename, **kwargs)


def refusal(run: Callable[[str], Any], data: str) -> str:
    """What an import says of a file it refuses: the file's problem, or each bad row's as
    "Line N: ..." as the page shows it. Fails when the file was imported or had no bad row."""
    try:
        result = run(data)
    except ValidationFailed as error:
        return " ".join(imports.refused(error))
    assert not result.imported and result.rejected_count
    return " ".join(f"Line {r['line']}: {r['error']}" for r in result.rejected)
