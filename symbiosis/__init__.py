"""Industrial symbiosis (level 4): parties, material flows and exchanges as plain pandas frames, and the pure
functions over them (waste codes, status by year, KPIs, candidate matching, visibility). No database, no
Streamlit; the vocabulary is data (``data/symbiosis``, loaded by :mod:`programme.symbiosis`)."""
