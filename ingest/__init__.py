"""Bringing uploads in: readers (CSV/XLSX), problem reports, kept uploads, the registry and assessment
validators, the Excel template and the importer that writes them atomically with an import-log row."""
