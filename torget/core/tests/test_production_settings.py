"""Production settings refuse to start with DEBUG on, without a secret, without allowed hosts
or without the site's address: `manage.py check --deploy` (which the systemd units in
docs/deploy.md run before starting) fails, naming what is wrong. Run as an operator would,
in a process of its own with the environment a deployment sets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION = {
    "SECRET_KEY": "production-test-" + "k7Qz" * 12,
    "ALLOWED_HOSTS": "torget.kommune.no",
    "TORGET_SITE_URL": "https://torget.kommune.no",
    "DATABASE_URL": "sqlite:////nonexistent/never-opened.sqlite3",  # check asks no database
}

CASES = {
    "as deployed": ({}, None),
    "DEBUG on": ({"DEBUG": "1"}, "torget.E001"),
    "no secret": ({"SECRET_KEY": ""}, "torget.E002"),
    "no allowed hosts": ({"ALLOWED_HOSTS": ""}, "torget.E003"),
    "no site address": ({"TORGET_SITE_URL": ""}, "torget.E004"),
    "the demo": ({"TORGET_DEMO": "1"}, "torget.E005"),
}


def _environment(changes: dict[str, str]) -> dict[str, str]:
    """A deployment's environment: nothing of the test run's own (DJANGO_ALLOW_ASYNC_UNSAFE,
    a DATABASE_URL) leaks in."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="torget.settings")
    env.update(changes)
    return {k: v for k, v in env.items() if v != ""}


def test_check_deploy_refuses_what_production_must_not_run_with():
    # All at once: each is a Django start of its own.
    running = {
        name: subprocess.Popen(
            [sys.executable, "manage.py", "check", "--deploy"],
            cwd=ROOT,
            env=_environment(changes),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (changes, _) in CASES.items()
    }
    for name, process in running.items():
        out, err = process.communicate(timeout=120)
        expected = CASES[name][1]
        if expected is None:
            assert process.returncode == 0, f"{name}: {err}"
            assert "torget.E" not in out + err, f"{name}: {out}{err}"
        else:
            assert process.returncode != 0, f"{name}: check --deploy passed"
            # Only the one fault is named, with what to do about it.
            assert [line for line in err.splitlines() if "(torget.E" in line] == [
                line for line in err.splitlines() if f"({expected})" in line
            ], f"{name}: {err}"
            assert f"({expected})" in err and "HINT" in err, f"{name}: {err}"


def test_the_server_entry_points_refuse_to_start_with_debug_on():
    # Beside check --deploy: a server started by hand with DEBUG on does not serve at all.
    for module in ("torget.wsgi", "torget.asgi"):
        process = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            cwd=ROOT,
            env=_environment({"DEBUG": "1"}),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert process.returncode != 0, f"{module} started with DEBUG on"
        assert "DEBUG is on" in process.stderr, process.stderr
        # As deployed, it starts.
        started = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            cwd=ROOT,
            env=_environment({}),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert started.returncode == 0, started.stderr


def test_runserver_serves_with_debug_on():
    # The refusal's message sends developers to runserver: its application must load.
    process = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.core.servers.basehttp import get_internal_wsgi_application; "
            "get_internal_wsgi_application()",
        ],
        cwd=ROOT,
        env=_environment({"DEBUG": "1"}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 0, process.stderr
