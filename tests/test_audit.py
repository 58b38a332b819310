"""`make audit` (scripts/audit.py): a finding fails it unless accepted with a reason; `make
test`'s report never fails; an unreachable advisory service is said plainly, quickly."""

import importlib.util
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _audit():
    spec = importlib.util.spec_from_file_location("torget_audit", ROOT / "scripts" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


REPORT = {
    "dependencies": [
        {"name": "Django", "version": "5.2.19", "vulns": []},
        {
            "name": "examplepkg",
            "version": "1.0",
            "vulns": [{"id": "PYSEC-2026-1", "aliases": ["GHSA-aaaa"], "fix_versions": ["1.1"]}],
        },
    ]
}


@pytest.fixture
def audit(monkeypatch, tmp_path):
    module = _audit()
    monkeypatch.setattr(module, "ACCEPTED", tmp_path / "accepted.toml")
    monkeypatch.setattr(module, "reachable", lambda: True)

    def fake_pip_audit(command, **kwargs):
        out = command[command.index("--output") + 1]
        Path(out).write_text(json.dumps(REPORT))
        return subprocess.CompletedProcess(command, 1, "", "")

    monkeypatch.setattr(module.subprocess, "run", fake_pip_audit)
    return module


def test_a_finding_fails_the_audit_but_not_the_report(audit, capsys):
    assert audit.main([]) == 1
    out = capsys.readouterr().out
    assert "FOUND: examplepkg 1.0 PYSEC-2026-1 (fixed in 1.1)" in out
    assert "1 finding(s) in 2 pinned packages" in out
    assert audit.main(["--report-only"]) == 0
    assert "report only" in capsys.readouterr().out


def test_an_accepted_finding_counts_until_its_day(audit, capsys):
    audit.ACCEPTED.write_text(
        '[[accepted]]\nid = "GHSA-aaaa"\npackage = "ExamplePkg"\n'
        'reason = "Only its XML export is affected; Torget does not use it."\n'
        "until = 2999-01-01\n"
    )
    assert audit.main([]) == 0
    out = capsys.readouterr().out
    assert "accepted: examplepkg 1.0 PYSEC-2026-1 — Only its XML export" in out
    # Lapsed: it counts again.
    accepted = audit.load_accepted(audit.ACCEPTED)
    new, known = audit.findings(REPORT, accepted, date(3000, 1, 1))
    assert [row[2] for row in new] == ["PYSEC-2026-1"] and not known


def test_an_acceptance_without_a_reason_is_refused(audit, capsys):
    audit.ACCEPTED.write_text('[[accepted]]\nid = "GHSA-aaaa"\npackage = "examplepkg"\n')
    assert audit.main([]) == 2
    assert "has no reason" in capsys.readouterr().out


def test_the_accepted_file_in_the_repository_reads():
    audit = _audit()
    for entry in audit.load_accepted():
        assert entry.reason and entry.id and entry.package


def test_an_unreachable_service_is_said_plainly_and_quickly(monkeypatch, capsys):
    """Nothing answers on this address: the report says nothing was checked, at once, and
    lets the build go on; `make audit` fails."""
    import time

    audit = _audit()
    monkeypatch.setattr(audit, "SERVICE", "https://127.0.0.1:9/v1/query")
    started = time.monotonic()
    assert audit.main(["--report-only"]) == 0
    assert "cannot be reached from this machine: NOTHING WAS CHECKED" in capsys.readouterr().out
    assert audit.main([]) == 2
    assert time.monotonic() - started < 2 * audit.REACH_TIMEOUT + 1
