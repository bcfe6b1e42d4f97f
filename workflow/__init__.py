"""The programme's workflow rules as pure functions over plain data: submissions by the area working groups,
their review by the Eco Center, verification visits, and what waits for whom (no database, no Streamlit)."""
