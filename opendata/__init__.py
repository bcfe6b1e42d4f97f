"""Open data: the public registers as OGC API – Features collections (GeoJSON, CSV) and CKAN-shaped catalogue
records, as plain functions over the snapshot the database holds (no Streamlit). The thin HTTP layer is
:mod:`opendata.routes`; what each collection may show is :data:`opendata.fields.PUBLIC_FIELDS`."""
