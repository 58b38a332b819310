from datetime import UTC, date, datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from torget.core.templatetags.torget import (
    clock,
    day,
    format_kroner,
    format_number,
    format_price,
    weekday_date,
)
from torget.core.text import norwegian_slug, norwegian_sort_key


def test_slugs_transliterate_norwegian_letters():
    assert norwegian_slug("Sætre") == "saetre"
    assert norwegian_slug("Asker sentrum") == "asker-sentrum"
    assert norwegian_slug("Løkka") == "lokka"
    assert norwegian_slug("Åros") == "aros"


def test_norwegian_sorting_puts_ae_oe_aa_last():
    names = ["Åros", "Sætre", "Asker sentrum", "Øvre Eiker", "Zeta", "Ænes", "holmen", "Heggedal"]
    assert sorted(names, key=norwegian_sort_key) == [
        "Asker sentrum",
        "Heggedal",
        "holmen",
        "Sætre",
        "Zeta",
        "Ænes",
        "Øvre Eiker",
        "Åros",
    ]


def test_numbers_use_a_narrow_no_break_space_in_bokmaal():
    with translation.override("nb"):
        assert format_number(1517) == "1\u202f517"
        assert format_number(3896.456, 1) == "3\u202f896,5"
        assert format_number(None) == ""
    with translation.override("en"):
        assert format_number(1517) == "1,517"


def test_money_is_whole_kroner_or_two_decimals_after_a_no_break_space():
    with translation.override("nb"):
        assert format_kroner(Decimal("150")) == "kr\u00a0150"
        assert format_kroner(Decimal("150.00")) == "kr\u00a0150"
        assert format_kroner(Decimal("150.5")) == "kr\u00a0150,50"
        assert format_kroner(Decimal("1500.50")) == "kr\u00a01\u202f500,50"
        assert format_kroner(Decimal("0.005")) == "kr\u00a00,01"  # øre, half up
        assert format_kroner(Decimal("99.999")) == "kr\u00a0100"
        assert format_kroner(1500) == "kr\u00a01\u202f500"
        assert format_kroner(None) == ""
        assert format_price(Decimal("0")) == "Gratis"
        assert format_price(Decimal("95")) == "kr\u00a095"
        rendered = Template("{% load torget %}{{ fee|kroner }}").render(
            Context({"fee": Decimal("1500.50")})
        )
        assert rendered == format_kroner(Decimal("1500.50"))
    with translation.override("en"):
        assert format_kroner(Decimal("1500.50")) == "kr\u00a01,500.50"
        assert format_price(0) == "Free"


def test_dates_are_written_day_month_year():
    assert day(date(2026, 11, 23)) == "23.11.2026"


def test_a_time_after_midnight_in_oslo_is_on_the_oslo_day():
    # 23:30 UTC on Wednesday 2 December is 00:30 on Thursday 3 December in Oslo: the
    # confirmation said "onsdag 2. desember 00:30".
    instant = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
    with translation.override("nb"):
        assert f"{weekday_date(instant)} {clock(instant)}" == "torsdag 3. desember 00:30"
        assert day(instant) == "03.12.2026"
    with translation.override("en"):
        assert weekday_date(instant) == "Thursday 3 December"
    assert weekday_date(date(2026, 12, 2)) in {"onsdag 2. desember", "Wednesday 2 December"}
