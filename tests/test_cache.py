from geo.cache import read_cached, write_cached


def test_a_new_cache_replaces_the_old_ones(tmp_path):
    write_cached(tmp_path / "gazetteer-old.pickle", {"v": 1})
    write_cached(tmp_path / "boundaries-x.pickle", {"b": 1})
    write_cached(tmp_path / "gazetteer-new.pickle", {"v": 2})
    assert read_cached(tmp_path / "gazetteer-new.pickle") == {"v": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["boundaries-x.pickle", "gazetteer-new.pickle"]


def test_no_cache_reads_as_none(tmp_path):
    assert read_cached(tmp_path / "gazetteer-missing.pickle") is None
    assert read_cached(None) is None
    write_cached(None, {"ignored": True})
