"""Download file names: a province's files say which province they are (two provinces' downloads never
overwrite each other), a national one says nothing."""
import pandas as pd

from tests.appserver import ROOT
from ui.exports import file_stem

PROVINCES = pd.read_csv(ROOT / "data" / "provinces.csv", dtype=str)


def test_a_file_name_carries_the_province():
    assert file_stem("areas", 2568, "21", PROVINCES) == "eit-areas-2568-rayong"
    assert file_stem("deck", 2568, "10", PROVINCES).startswith("eit-deck-2568-bangkok")
    assert file_stem("areas", 2568, None, PROVINCES) == "eit-areas-2568"
    assert file_stem("map", 2568, "99", PROVINCES) == "eit-map-2568-99"          # unknown: the code
