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


def test_processes_writing_one_cache_at_once_each_write_a_file_of_their_own(tmp_path, monkeypatch):
    from pathlib import Path

    moved = []
    replace = Path.replace
    monkeypatch.setattr(Path, "replace", lambda self, target: moved.append(self.name) or replace(self, target))
    for pid in (101, 202):
        monkeypatch.setattr("os.getpid", lambda pid=pid: pid)
        write_cached(tmp_path / "shapes-abc.pickle", {"v": pid})
    assert [name.split("-")[1] for name in moved] == ["abc.101", "abc.202"] and all(n.endswith(".tmp") for n in moved)
    assert read_cached(tmp_path / "shapes-abc.pickle") == {"v": 202}
    assert [p.name for p in tmp_path.iterdir()] == ["shapes-abc.pickle"]
