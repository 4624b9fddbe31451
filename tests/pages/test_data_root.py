"""``STADSDEL_DATA_DIR`` shows another folder of data sets instead of the shipped demo (the benchmark's
national data set uses it); unset, the demo is shown."""

import shutil

from ui import context


def test_unset_is_the_demo(monkeypatch):
    monkeypatch.delenv(context.DATA_ROOT_VARIABLE, raising=False)
    assert context.data_root() == context.DEMO_ROOT


def test_the_folder_named_is_the_one_shown(tmp_path, monkeypatch, open_page):
    shutil.copytree(context.DEMO_ROOT / "tierp", tmp_path / "tierp")
    monkeypatch.setenv(context.DATA_ROOT_VARIABLE, str(tmp_path))
    assert context.data_root() == tmp_path
    at = open_page("oversikt")
    assert not at.exception
    municipality = next(box for box in at.selectbox if box.label == "Kommun")
    assert municipality.options == ["Tierp"]
    assert "Tierp" in at.title[0].value


def test_an_empty_folder_says_so(tmp_path, monkeypatch, open_page):
    monkeypatch.setenv(context.DATA_ROOT_VARIABLE, str(tmp_path))
    at = open_page("oversikt")
    assert not at.exception
    assert any(str(tmp_path) in error.value for error in at.error)
