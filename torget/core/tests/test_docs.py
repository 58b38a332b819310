"""Docs stay true: every environment variable settings.py reads is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_setting_from_the_environment_is_documented():
    source = (ROOT / "torget" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', source))
    assert names, "settings.py reads no environment variables?"
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert not missing, f"undocumented settings: {missing}"


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make demo") < readme.index("## Where to look")
    assert "make test" in readme


def test_the_server_refuses_the_development_key_outside_demo_and_debug(settings):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from torget.core.security import refuse_development_key

    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.DEBUG, settings.TORGET_DEMO = False, False
    with pytest.raises(ImproperlyConfigured):
        refuse_development_key()
    settings.TORGET_DEMO = True
    refuse_development_key()
    settings.TORGET_DEMO, settings.SECRET_KEY = False, "a-real-secret-" + "x" * 40
    refuse_development_key()
