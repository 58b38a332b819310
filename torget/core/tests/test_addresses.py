"""`page_address` gives what `reverse()` gives, under any script prefix."""

import pytest
from django.urls import reverse, set_script_prefix

from torget.core.addresses import page_address


@pytest.mark.parametrize("prefix", ["/", "/torget/"])
def test_the_address_is_reverse_s_under_any_prefix(prefix):
    set_script_prefix(prefix)
    try:
        for name, values in [
            ("places:hub", {"slug": "holmen"}),
            ("places:space", {"slug": "nesbru-bibliotek", "pk": 12}),
            ("events:detail", {"pk": 987}),
        ]:
            assert page_address(name, **values) == reverse(name, kwargs=values)
        assert page_address("events:detail", pk=1).startswith(prefix)
    finally:
        set_script_prefix("/")
