"""``python -m reports board|slides``: exit codes like ``python -m analysis`` (0 ok, 1 data or file, 2 usage),
Swedish help and messages, never a traceback."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

import texts
from reports import cli, images, screens
from ui.context import DEMO_ROOT

ROOT = Path(__file__).resolve().parents[2]
TIERP = str(DEMO_ROOT / "tierp")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_help_is_swedish_and_lists_both_commands(capsys):
    assert run("--help")[0] == 0
    out = capsys.readouterr().out  # argparse prints help to stdout itself
    assert "användning: python -m reports" in out and "board" in out and "slides" in out
    assert run("board", "--help")[0] == 0
    out = capsys.readouterr().out
    assert "--ar ÅR" in out and "--skarmar" in out
    assert ",".join(screens.SCREENS) in "".join(out.split())  # argparse wraps the default list anywhere


def test_the_board_report_from_the_command_line(tmp_path):
    target = tmp_path / "rapport.pdf"
    code, out, err = run("board", "--data", TIERP, "--ar", "2024", "--skarmar", "trend", "--datum", "2026-12-01",
                         "--out", str(target))  # fmt: skip
    assert (code, err) == (0, "")
    pages = len(PdfReader(target).pages)
    assert out.strip() == texts.reports_cli_wrote(str(target), pages, slides=False)
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Styrelserapport: Tierp 2024" in text and "2026-12-01" in text


def test_the_slides_in_english_with_a_chosen_sequence(tmp_path):
    target = tmp_path / "bilder.pptx"
    code, out, err = run("slides", "--data", TIERP, "--ar", "2024", "--lang", "en", "--skarmar", "trend,segregation",
                         "--out", str(target))  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("Wrote ") and "(3 slides)" in out
    titles = [slide.shapes.title.text_frame.text for slide in Presentation(str(target)).slides]
    assert titles[0] == "Tierp 2024: segregation and outcomes by district"
    assert titles[1].startswith("The share with a positive outcome") and titles[2].startswith("Residential")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["board", "--data", "/finns/inte", "--ar", "2024"], 1, "finns inte eller är ingen mapp"),
        (["board", "--data", TIERP, "--ar", "1990"], 2, "Året 1990 finns inte i datamängden för Tierp"),
        (["board", "--data", TIERP, "--ar", "tjugo"], 2, "ogiltigt heltal: 'tjugo'"),
        (["board", "--data", TIERP], 2, "följande argument krävs: --ar"),
        (["slides", "--data", TIERP, "--ar", "2024", "--skarmar", "trend,okänd"], 2, "Okända skärmar: okänd"),
        (["board", "--data", TIERP, "--ar", "2024", "--datum", "1/3"], 2, "Ogiltigt datum '1/3'"),
        (["board", "--data", TIERP, "--ar", "2024", "--lang", "fi"], 2, "ogiltigt val: 'fi'"),
        (["board", "--data", TIERP, "--ar", "2024", "--lang", "en", "--datum", "x"], 2, "Invalid date 'x'"),
        (["rapport"], 2, "ogiltigt val: 'rapport'"),
        ([], 2, "användning:"),
    ],
)
def test_errors_have_an_exit_code_and_a_clear_message(tmp_path, argv, code, message):
    if "--out" not in argv and argv and argv[0] in cli.KINDS:
        argv = [*argv, "--out", str(tmp_path / "ut.pdf")]
    got, _, err = run(*argv)
    assert got == code, err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "ut.pdf").exists()


def test_an_output_folder_that_does_not_exist(tmp_path):
    code, _, err = run("board", "--data", TIERP, "--ar", "2024", "--out", str(tmp_path / "saknas" / "r.pdf"))
    assert code == 1 and "Mappen för utfilen finns inte" in err


def test_without_chromium_it_says_what_to_install(tmp_path, monkeypatch):
    def no_browser():
        raise images.ImagesUnavailable("Bilder kan inte ritas: Chromium saknas på servern.")

    monkeypatch.setattr(images, "_started", False)
    monkeypatch.setattr(images, "chromium_path", no_browser)
    code, _, err = run(
        "slides", "--data", TIERP, "--ar", "2024", "--skarmar", "trend", "--out", str(tmp_path / "b.pptx")
    )
    assert code == 1 and "Chromium saknas" in err and "Traceback" not in err
    assert not (tmp_path / "b.pptx").exists()


def test_an_unexpected_error_names_only_its_kind(tmp_path, monkeypatch):
    from reports import slides

    def broken(*args, **kwargs):
        raise KeyError("personnummer 19630404-8215")

    monkeypatch.setattr(slides, "build", broken)
    code, _, err = run("slides", "--data", TIERP, "--ar", "2024", "--out", str(tmp_path / "b.pptx"))
    assert code == 1 and "KeyError" in err and "8215" not in err


def test_as_a_real_process_without_a_traceback(tmp_path):
    argv = ["board", "--data", "/finns/inte", "--ar", "2024", "--out", str(tmp_path / "r.pdf")]
    result = subprocess.run(
        [sys.executable, "-m", "reports", *argv],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "finns inte" in result.stderr and "Traceback" not in result.stderr
