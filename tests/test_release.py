"""The release that cache keys carry (newsroom/release.py)."""

from newsroom import release


def sources(root, body="<p>{{ story }}</p>"):
    (root / "articles" / "templatetags").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "articles" / "credits.py").write_text("def byline(): return 'Von'\n")
    (root / "templates" / "story.html").write_text(body)
    return root


def test_the_same_sources_give_the_same_release(tmp_path):
    first = sources(tmp_path / "one")
    second = sources(tmp_path / "two")
    assert release.fingerprint(first) == release.fingerprint(second)


def test_a_change_to_code_or_templates_gives_a_new_release(tmp_path):
    root = sources(tmp_path)
    before = release.fingerprint(root)
    (root / "articles" / "credits.py").write_text("def byline(): return 'By'\n")
    after_code = release.fingerprint(root)
    (root / "templates" / "story.html").write_text("<p>{{ story.headline }}</p>")
    after_template = release.fingerprint(root)
    (root / "articles" / "templatetags" / "new.py").write_text("")
    after_new_file = release.fingerprint(root)
    assert len({before, after_code, after_template, after_new_file}) == 4


def test_compiled_and_cached_files_do_not_change_the_release(tmp_path):
    root = sources(tmp_path)
    before = release.fingerprint(root)
    (root / "articles" / "__pycache__").mkdir()
    (root / "articles" / "__pycache__" / "credits.cpython-313.pyc").write_bytes(b"\0")
    (root / "articles" / "notes.tmp").write_text("scratch")
    assert release.fingerprint(root) == before


def test_the_environment_names_the_release(monkeypatch):
    monkeypatch.setenv("RELEASE", "  2026-11-26.1  ")
    assert release.release() == "2026-11-26.1"
    monkeypatch.setenv("RELEASE", "")
    assert release.release() == release.fingerprint(release.ROOT)
