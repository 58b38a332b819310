"""The benchmark's bare endpoints: the insert exists only for `make bench`."""

import pytest
from django.db import connection
from django.test import RequestFactory

from torget.core.ping import BENCH_TABLE, ping_insert


def test_the_bare_insert_is_not_served_outside_the_benchmark(client):
    assert client.post("/ping/insert").status_code == 404


@pytest.mark.django_db
def test_the_bare_insert_writes_one_row_per_post():
    pk = "bigserial PRIMARY KEY" if connection.vendor == "postgresql" else "integer PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {BENCH_TABLE} (id {pk}, at timestamp NOT NULL)")
    factory = RequestFactory()
    assert ping_insert(factory.post("/ping/insert")).status_code == 201
    assert ping_insert(factory.post("/ping/insert")).status_code == 201
    assert ping_insert(factory.get("/ping/insert")).status_code == 405
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {BENCH_TABLE}")  # noqa: S608 (our name)
        assert cursor.fetchone()[0] == 2
