"""The Streamlit settings the app ships (.streamlit/config.toml), as Streamlit itself reads them when the app
starts from the repository."""
from __future__ import annotations

import subprocess
import sys

from tests.appserver import ROOT


def _option(name: str):
    code = ("from streamlit import config; config.get_config_options(force_reparse=True); "
            f"print(repr(config.get_option({name!r})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_tables_offer_no_raw_csv_download_of_their_cells():
    """Streamlit's table toolbar ("Download as CSV", copy) writes cells raw, formula-like text included: it is
    off for every table, so the app's own downloads (cells neutralised, common.cells) are the only ones."""
    assert _option("client.disableDataExport") == "True"
