"""Known vulnerabilities in the pinned requirements: pip-audit against
requirements/constraints.txt, asking the OSV advisory database.

    python scripts/audit.py                 # `make audit`: exit 1 on a finding
    python scripts/audit.py --report-only   # `make test`: prints, never fails the build

A finding listed in requirements/audit-accepted.toml (with its reason, and optionally a
day it lapses) is shown but does not count. When the advisory service cannot be reached
from this machine, the script says so plainly after a few seconds: nothing was checked,
and `make audit` fails (exit 2) because it could not show the requirements are clean.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements" / "constraints.txt"
ACCEPTED = ROOT / "requirements" / "audit-accepted.toml"
SERVICE = "https://api.osv.dev/v1/query"  # the OSV advisory database pip-audit asks
REACH_TIMEOUT = 5  # seconds for the first question; offline, we know at once
AUDIT_TIMEOUT = 15  # seconds per question pip-audit asks


@dataclass(frozen=True)
class Accepted:
    id: str
    package: str
    reason: str
    until: date | None


def load_accepted(path: Path | None = None) -> list[Accepted]:
    """The accepted findings; a wrong entry (no id, no reason) is an error, not skipped."""
    path = path or ACCEPTED
    data = tomllib.loads(path.read_text()) if path.exists() else {}
    accepted = []
    for n, entry in enumerate(data.get("accepted", []), start=1):
        missing = [k for k in ("id", "package", "reason") if not str(entry.get(k, "")).strip()]
        if missing:
            raise ValueError(f"{path.name}: accepted finding {n} has no {', '.join(missing)}")
        until = entry.get("until")
        if until is not None and not isinstance(until, date):
            raise ValueError(f"{path.name}: accepted finding {n}: until must be a date")
        accepted.append(
            Accepted(entry["id"], entry["package"].lower(), entry["reason"].strip(), until)
        )
    return accepted


def reachable(timeout: float = REACH_TIMEOUT) -> bool:
    """Whether the advisory service answers at all (any HTTP answer counts)."""
    try:
        urllib.request.urlopen(
            urllib.request.Request(SERVICE, data=b"{}", method="POST"), timeout=timeout
        )
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False
    return True


def findings(report: dict, accepted: list[Accepted], today: date) -> tuple[list, list]:
    """(new findings, accepted findings) from pip-audit's JSON report."""
    new, known = [], []
    for dep in report.get("dependencies", []):
        for vuln in dep.get("vulns", []):
            names = {vuln["id"], *vuln.get("aliases", [])}
            row = (dep["name"], dep.get("version", "?"), vuln["id"], vuln.get("fix_versions", []))
            match = next(
                (
                    a
                    for a in accepted
                    if a.id in names
                    and a.package == dep["name"].lower()
                    and (a.until is None or today <= a.until)
                ),
                None,
            )
            (known if match else new).append((*row, match.reason if match else ""))
    return new, known


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report-only", action="store_true", help="print the findings, never fail")
    args = parser.parse_args(argv)
    fail = 0 if args.report_only else 1
    note = " (report only: the build does not fail on it)" if args.report_only else ""
    print(f"== pip-audit: known vulnerabilities in {REQUIREMENTS.relative_to(ROOT)}{note}")
    try:
        accepted = load_accepted()
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        print(f"   {exc}")
        return fail and 2
    if not reachable():
        print(
            "   The advisory service (OSV, api.osv.dev) cannot be reached from this machine: "
            "NOTHING WAS CHECKED. Run `make audit` where it can be reached."
        )
        return fail and 2
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        result = subprocess.run(
            [
                *(sys.executable, "-m", "pip_audit", "-r", str(REQUIREMENTS)),
                *("--no-deps", "--disable-pip", "--vulnerability-service", "osv"),
                *("--timeout", str(AUDIT_TIMEOUT), "--progress-spinner", "off"),
                *("--format", "json", "--output", out.name),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            report = json.loads(Path(out.name).read_text() or "{}")
        except json.JSONDecodeError:
            report = {}
    if result.returncode not in (0, 1) or "dependencies" not in report:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"   pip-audit could not finish: {last[:300]}")
        return fail and 2
    new, known = findings(report, accepted, date.today())
    for name, version, vuln, _, reason in known:
        print(f"   accepted: {name} {version} {vuln} — {reason}")
    for name, version, vuln, fixes, _ in new:
        fixed = f"fixed in {', '.join(fixes)}" if fixes else "no fixed version yet"
        print(f"   FOUND: {name} {version} {vuln} ({fixed})")
    checked = len(report["dependencies"])
    if new:
        print(
            f"   {len(new)} finding(s) in {checked} pinned packages: upgrade the pin, or "
            f"accept it with a reason in {ACCEPTED.name} (requirements/)"
        )
        return fail
    print(f"   no known vulnerabilities in {checked} pinned packages ({len(known)} accepted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
