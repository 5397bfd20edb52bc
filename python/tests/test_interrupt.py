"""Ctrl-C out of a long solve: KeyboardInterrupt, not a partial result (docs/progress.md).

The cancel hook of gosplan_module.cc (PythonCancelHook) runs Python's signal handlers every 50 ms
while the library solves without the GIL. A timer thread sends SIGINT to the process (what Ctrl-C
does) while gosplan.plan() solves a generated 1,000-product economy, whose CLP dual simplex takes
tens of seconds (docs/benchmarks.md: 27.7 s on a quiet machine); the call must raise
KeyboardInterrupt within seconds and write no plan folder.
"""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

import gosplan

SOURCE = Path(os.environ.get("GOSPLAN_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CLI = os.environ.get("GOSPLAN_CLI", str(SOURCE / "build" / "gosplan"))


@pytest.fixture(scope="module")
def big_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("interrupt") / "model"
    subprocess.run([CLI, "generate", "--products", "1000", "--inputs-per-product", "8",
                    "--years", "5", "--seed", "1", "-q", "--out", str(folder)], check=True)
    return folder


def test_ctrl_c_raises_keyboard_interrupt_out_of_plan(big_model, tmp_path):
    model = gosplan.load_model(big_model)
    out = tmp_path / "plan"
    timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            gosplan.plan(model, out=out)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 15.0
    assert not out.exists()

