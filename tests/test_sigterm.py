"""SIGTERM (``timeout``, ``kill``, a service manager) ends a run as Ctrl-C does: a write in progress
removes its temporary file (it was left behind, 134 MB for a village JSON), one line in the reader's
language, exit 143. Output already sent to standard output is said to be incomplete."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import EXIT_STOPPED, Stopped, cli

SAMPLE = resources.indicators_dir() / "contoh_smart_city.xlsx"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_write_stopped_by_sigterm_leaves_no_temporary_file(tmp_path, monkeypatch, lang):
    from scorecard.io import score_output

    real = score_output.score_json_chunks

    def stopped_midway(*a, **k):
        chunks = real(*a, **k)
        yield next(chunks)
        raise Stopped()  # as the SIGTERM handler raises it, in the middle of the write

    monkeypatch.setattr(score_output, "score_json_chunks", stopped_midway)
    out = tmp_path / "skor.json"
    res = CliRunner().invoke(cli, ["--lang", lang, "score", str(SAMPLE), "--format", "json", "-o", str(out)])
    assert res.exit_code == EXIT_STOPPED == 143
    want = {"id": "Dihentikan (SIGTERM); tidak ada file setengah jadi yang tertinggal.",
            "en": "Stopped (SIGTERM); no half-written file was left behind."}[lang]
    assert res.stderr.strip().splitlines()[-1] == want
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither the output nor a temporary file


def test_sigterm_to_the_process_while_standard_output_is_written(tmp_path):
    """The real process: SIGTERM while it waits to write the rest of the score JSON (66 KB) to a pipe
    nobody reads yet (64 KB hold): exit 143, and the line says that what came out is incomplete."""
    proc = subprocess.Popen([sys.executable, "-m", "scorecard", "--lang", "en", "score", str(SAMPLE),
                             "--format", "json", "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "no output within 60 s"
        time.sleep(0.3)  # the pipe is full; the writer waits for room
        assert proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143
    text = err.decode("utf-8")
    assert "Traceback" not in text
    assert text.strip().splitlines()[-1] == ("Stopped (SIGTERM); the output already sent to standard output is "
                                             "incomplete, do not use it; no half-written file was left behind.")
    # what came out is the start of the JSON (cut where the write stopped; on a loaded machine the
    # reader may drain the pipe before the process runs again, and the write then finishes first)
    assert out.startswith(b"{")


def test_a_host_programs_own_sigterm_handler_is_left_alone():
    from scorecard.cli import _stop_on_sigterm

    mine = lambda signum, frame: None  # noqa: E731
    before = signal.signal(signal.SIGTERM, mine)
    try:
        _stop_on_sigterm()
        assert signal.getsignal(signal.SIGTERM) is mine
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _stop_on_sigterm()
        handler = signal.getsignal(signal.SIGTERM)
        assert callable(handler) and handler is not mine
        with pytest.raises(Stopped):
            handler(signal.SIGTERM, None)
    finally:
        signal.signal(signal.SIGTERM, before)
    assert os.getpid()  # (the test process itself was never signalled)
