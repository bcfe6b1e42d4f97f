"""The database: engine and migrations, schema, bulk upserts, records, certification, notes, accounts, the
import log, and the snapshot of it all that the pages read. No Streamlit here."""
