"""Shared fixtures: the real gazetteer (cached once per test session), stores and documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.pipeline import Pipeline
from geo.settings import Settings
from geo.store import Store

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_82888a97ab0404e3.txt"


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    # The store is fresh; the gazetteer cache is kept between runs (it is keyed by its inputs' hash).
    return Settings(data_dir=tmp_path_factory.mktemp("data"), cache_path=REPO / "data" / "cache")


@pytest.fixture(scope="session")
def pipeline(settings) -> Pipeline:
    return Pipeline.from_settings(settings)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'claims.db'}")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
