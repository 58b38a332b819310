"""What the browser tests of the scenarios' two import pages (the population grid, the
postcode areas) share: a scenario that closes Tofte, and a file refused on the page
(line-numbered, nothing saved) before a good one is imported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path


def tofte_closes(site, manager):
    """Tofte, on the map, closing in a week: the scenario the distances are measured for."""
    from torget.core.timeutil import today
    from torget.scenarios.models import ChangeKind
    from torget.scenarios.services import ChangeSpec, create_scenario

    site.tofte.latitude, site.tofte.longitude = Decimal("59.54480"), Decimal("10.56330")
    site.tofte.save()
    return create_scenario(
        actor=manager,
        name="Tofte stenger",
        starts=today() + timedelta(days=7),
        assumptions="",
        changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=site.tofte)],
    )


def _upload(page, path: Path, content: str | bytes) -> None:
    if isinstance(content, str):
        path.write_text(content)
    else:
        path.write_bytes(content)
    page.set_input_files("#id_file", str(path))
    page.locator("main button[type=submit]").press("Enter")


def refused_then_imported(
    page,
    check_page,
    tmp_path: Path,
    *,
    label: str,
    bad: str,
    good: tuple[str, bytes],
    saved: Callable[[], bool],
    imported: Callable[[], bool],
) -> None:
    """On the import page: `bad` (its line 3 wrong) refused with its line number and nothing
    `saved`; then the file `good` (name, content) `imported`. axe checks both results
    (`label`-refused, `label`-done)."""
    _upload(page, tmp_path / "feil.csv", bad)
    page.wait_for_selector("#error-summary")
    assert "3" in page.locator("#error-summary").inner_text()
    assert not saved()
    check_page(page, f"{label}-refused")

    name, content = good
    _upload(page, tmp_path / name, content)
    page.wait_for_selector("#import-result")
    assert imported()
    check_page(page, f"{label}-done")
