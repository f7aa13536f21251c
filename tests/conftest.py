"""Shared fixtures: the real gazetteer (cached once per test session), stores and documents.

The ``store`` fixture is SQLite, and PostgreSQL too when ``CLAIMSMAP_TEST_POSTGRES_URL`` names an
empty database (``scripts/postgres_for_tests.sh start`` prints one): every store test runs on both.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo.pipeline import Pipeline
from geo.settings import Settings
from geo.store import Store

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_82888a97ab0404e3.txt"
POSTGRES_URL = os.environ.get("CLAIMSMAP_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    # The store is fresh; the gazetteer cache is kept between runs (it is keyed by its inputs' hash).
    return Settings(data_dir=tmp_path_factory.mktemp("data"), cache_path=REPO / "data" / "cache")


@pytest.fixture(scope="session")
def pipeline(settings) -> Pipeline:
    return Pipeline.from_settings(settings)


@pytest.fixture(params=["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"])
def store(request) -> Store:
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'claims.db'}")
    yield store
    store.engine.dispose()


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[sa.Engine]:
    if not POSTGRES_URL:
        pytest.skip("CLAIMSMAP_TEST_POSTGRES_URL is not set")
    engine = sa.create_engine(POSTGRES_URL)
    yield engine
    engine.dispose()


@pytest.fixture
def postgresql_store(postgres_admin) -> Iterator[Store]:
    # A fresh schema per test, first on the search path, dropped with everything in it afterwards.
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with postgres_admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = sa.make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    store = Store(url.render_as_string(hide_password=False))
    yield store
    store.engine.dispose()
    with postgres_admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
