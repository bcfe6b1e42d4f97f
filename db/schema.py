"""The database tables (SQLAlchemy Core).  The migrations in ``db/migrations`` create exactly these; a test
compares the two.

Rows a person wrote and rows the demo loaded are told apart: certifications, their log and the area notes carry
``demo`` (true only for rows loaded by ``demo.seed.seed_demo``); factories, their history and checklist and the
assessments come only from imports or the demo, and the demo is loaded only while no import exists, so in a demo
database without a landed import they are all demo rows.

Area and indicator ids are plain text: the area registry and the criteria stay versioned
files in ``data/``, not tables.  Years are Buddhist era; timestamps are UTC.
"""
from __future__ import annotations

import sqlalchemy as sa

from common.vocab import AUTH_EVENTS, ROLES, VISIT_FINDINGS

ROLE_CHECK = "role IN (" + ", ".join(f"'{r}'" for r in ROLES) + ")"
FINDING_CHECK = "finding IN (" + ", ".join(f"'{f}'" for f in VISIT_FINDINGS) + ")"
AUTH_EVENT_CHECK = "event IN (" + ", ".join(f"'{e}'" for e in AUTH_EVENTS) + ")"

metadata = sa.MetaData()


factories = sa.Table(
    "factories", metadata,
    sa.Column("registration_no", sa.String(64), primary_key=True),
    sa.Column("fid", sa.String(32)),
    sa.Column("name_th", sa.Text),
    sa.Column("name_en", sa.Text),
    sa.Column("owner", sa.Text),                # the registry's operator name (ONAME), searched; migration 0010
    sa.Column("factory_class", sa.Integer),
    sa.Column("category", sa.String(32)),
    sa.Column("isic", sa.String(16)),
    sa.Column("province_code", sa.String(2)),
    sa.Column("district_code", sa.String(4)),
    sa.Column("subdistrict_code", sa.String(6)),
    sa.Column("area_id", sa.String(32), index=True),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("status", sa.Integer),
    sa.Column("workers", sa.Integer),
    sa.Column("gi_level", sa.Integer, nullable=False, server_default="0"),
    sa.Column("eco_factory_year", sa.Integer),
    sa.Column("csr_diw_year", sa.Integer),
    sa.Column("developed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("developed_year", sa.Integer),
    sa.Column("data_as_of", sa.String(10)),
)

factory_history = sa.Table(
    "factory_history", metadata,
    sa.Column("registration_no", sa.String(64), sa.ForeignKey("factories.registration_no", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("compliance", sa.String(16), nullable=False),
    sa.Column("inspections", sa.Integer, nullable=False, server_default="0"),
    sa.Column("complaints", sa.Integer, nullable=False, server_default="0"),
)

factory_checklist = sa.Table(
    "factory_checklist", metadata,
    sa.Column("registration_no", sa.String(64), sa.ForeignKey("factories.registration_no", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("item_id", sa.String(32), primary_key=True),
    sa.Column("result", sa.String(8), nullable=False),
    sa.Column("checked_on", sa.String(10), nullable=False),
)

assessments = sa.Table(
    "assessments", metadata,
    sa.Column("area_id", sa.String(32), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("indicator_id", sa.String(32), primary_key=True),
    sa.Column("criteria_version", sa.String(64), nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("evidence", sa.Text),
)

certifications = sa.Table(
    "certifications", metadata,
    sa.Column("area_id", sa.String(32), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("drafted_by", sa.String(64)),
    sa.Column("drafted_at", sa.DateTime(timezone=True)),
    sa.Column("verified_by", sa.String(64)),
    sa.Column("verified_at", sa.DateTime(timezone=True)),
    sa.Column("certified_by", sa.String(64)),
    sa.Column("certified_at", sa.DateTime(timezone=True)),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),   # loaded by the demo (0003)
    sa.CheckConstraint("status IN ('draft', 'verified', 'certified')", name="ck_certifications_status"),
    sa.CheckConstraint("level BETWEEN 1 AND 5", name="ck_certifications_level"),
)

#: Every certification step, in order (a new draft over a certified record keeps the old one here).
certification_log = sa.Table(
    "certification_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("area_id", sa.String(32), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("previous_status", sa.String(16)),
    sa.Column("previous_level", sa.Integer),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),   # loaded by the demo (0003)
    sa.Index("ix_certification_log_area_year", "area_id", "year"),
)

imports = sa.Table(
    "imports", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("stored_path", sa.Text),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("skip_invalid", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("rows_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_inserted", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_updated", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_unchanged", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_skipped", sa.Integer, nullable=False, server_default="0"),
    sa.Column("n_errors", sa.Integer, nullable=False, server_default="0"),
    sa.Column("n_warnings", sa.Integer, nullable=False, server_default="0"),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.CheckConstraint("kind IN ('factories', 'assessments', 'parties', 'flows', 'exchanges')",
                       name="ck_imports_kind"),   # the last three since migration 0004
    sa.CheckConstraint("status IN ('landed', 'rejected')", name="ck_imports_status"),
)

users = sa.Table(
    "users", metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(ROLE_CHECK, name="ck_users_role"),   # the roles of common.vocab.ROLES since migration 0005
)

# The areas a scoped account (an area working group) may write (migration 0005).
account_areas = sa.Table(
    "account_areas", metadata,
    sa.Column("username", sa.String(64), sa.ForeignKey("users.username", ondelete="CASCADE"), primary_key=True),
    sa.Column("area_id", sa.String(32), primary_key=True),
)

# Sign-ins that last (migration 0006): one row per signed-in browser.  The browser holds a random token in an
# HttpOnly cookie; the database keeps only its SHA-256 (``token_hash``, set when the cookie is issued in exchange
# for the one-time ``code_hash`` the sign-in page handed over).  A session ends when revoked (sign-out, an admin,
# a new password) or at ``expires_at`` (the idle time after it was last seen).
sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), unique=True),
    sa.Column("code_hash", sa.String(64), unique=True),
    sa.Column("code_expires_at", sa.DateTime(timezone=True)),
    sa.Column("username", sa.String(64), sa.ForeignKey("users.username", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("client", sa.String(64), nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_by", sa.String(64)),
)

# Every sign-in, wrong password, lock, refusal while locked, sign-out and ended session (migration 0006).
# ``username`` is the name as typed (also one no account has); ``client`` the browser's address.
auth_log = sa.Table(
    "auth_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("event", sa.String(16), nullable=False),
    sa.Column("username", sa.String(64), nullable=False, server_default="", index=True),
    sa.Column("client", sa.String(64), nullable=False, server_default="", index=True),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
    sa.CheckConstraint(AUTH_EVENT_CHECK, name="ck_auth_log_event"),
)

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),   # JSON-encoded
)

# Problems and recommendations (ปัญหา อุปสรรค และข้อเสนอแนะ) recorded per area and year (migration 0002).
area_notes = sa.Table(
    "area_notes", metadata,
    sa.Column("area_id", sa.String(32), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("problems", sa.Text, nullable=False, server_default=""),
    sa.Column("recommendations", sa.Text, nullable=False, server_default=""),
    sa.Column("updated_by", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),   # loaded by the demo (0003)
)

# Industrial symbiosis (migration 0004): the parties that are not factories (a factory is named by its
# registration number), the material-flow records of every party and year, the exchanges between two parties
# and the dated history of each exchange's status. Codes (kinds, classes, categories, statuses, units, sources,
# visibility) are the vocabulary of data/symbiosis; dates are ISO (Christian era), years Buddhist era.
parties = sa.Table(
    "parties", metadata,
    sa.Column("party_id", sa.String(40), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("name_th", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text),
    sa.Column("area_id", sa.String(32), index=True),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("note", sa.Text),
)

material_flows = sa.Table(
    "material_flows", metadata,
    sa.Column("party_id", sa.String(64), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("direction", sa.String(16), primary_key=True),
    sa.Column("material_th", sa.String(200), primary_key=True),
    sa.Column("material_en", sa.Text),
    sa.Column("flow_class", sa.String(32), nullable=False),
    sa.Column("material_class", sa.String(32)),
    sa.Column("waste_code", sa.String(16)),
    sa.Column("quantity", sa.Float),
    sa.Column("unit", sa.String(16)),
    sa.Column("period", sa.String(16), nullable=False, server_default="year"),
)

exchanges = sa.Table(
    "exchanges", metadata,
    sa.Column("exchange_id", sa.String(40), primary_key=True),
    sa.Column("from_party", sa.String(64), nullable=False, index=True),
    sa.Column("to_party", sa.String(64), nullable=False, index=True),
    sa.Column("area_id", sa.String(32), index=True),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("material_class", sa.String(32)),
    sa.Column("material_th", sa.Text, nullable=False),
    sa.Column("material_en", sa.Text),
    sa.Column("waste_code", sa.String(16)),
    sa.Column("quantity", sa.Float),
    sa.Column("unit", sa.String(16)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("status_on", sa.String(10)),
    sa.Column("landfill_diverted_t", sa.Float),
    sa.Column("co2e_avoided_t", sa.Float),
    sa.Column("cost_saved_thb", sa.Float),
    sa.Column("water_saved_m3", sa.Float),
    sa.Column("virgin_saved_t", sa.Float),
    sa.Column("co2e_basis", sa.Text),
    sa.Column("source", sa.String(32)),
    sa.Column("visibility", sa.String(16), nullable=False, server_default="public"),
    sa.Column("note", sa.Text),
    sa.CheckConstraint("from_party <> to_party", name="ck_exchanges_two_parties"),
)

exchange_status_history = sa.Table(
    "exchange_status_history", metadata,
    sa.Column("exchange_id", sa.String(40), sa.ForeignKey("exchanges.exchange_id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("status", sa.String(16), primary_key=True),
    sa.Column("changed_on", sa.String(10), nullable=False),
)

# Verification visits (ทวนสอบ, migration 0008): one visit per area and year, its audit team (the lead auditor, an
# account, and the members: auditor accounts or named external auditors) and its findings per indicator. Dates
# are calendar days (Christian era in the database, Buddhist era wherever a person reads them).
visits = sa.Table(
    "visits", metadata,
    sa.Column("area_id", sa.String(32), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("end_on", sa.Date, nullable=False),
    sa.Column("lead_auditor", sa.String(64), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("recorded_by", sa.String(64), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.CheckConstraint("end_on >= start_on", name="ck_visits_dates"),
)

visit_team = sa.Table(
    "visit_team", metadata,
    sa.Column("area_id", sa.String(32), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),      # 0 = the lead auditor
    sa.Column("username", sa.String(64)),                     # an account, or NULL for a named external auditor
    sa.Column("name", sa.Text, nullable=False),
    # an external auditor is a person: the organisation, and whether they agreed to the findings (migration 0011)
    sa.Column("organisation", sa.Text, nullable=False, server_default=""),
    sa.Column("agreed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.ForeignKeyConstraint(["area_id", "year"], ["visits.area_id", "visits.year"], ondelete="CASCADE",
                            name="fk_visit_team_visit"),
)

visit_findings = sa.Table(
    "visit_findings", metadata,
    sa.Column("area_id", sa.String(32), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("indicator_id", sa.String(32), primary_key=True),
    sa.Column("finding", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("updated_by", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["area_id", "year"], ["visits.area_id", "visits.year"], ondelete="CASCADE",
                            name="fk_visit_findings_visit"),
    sa.CheckConstraint(FINDING_CHECK, name="ck_visit_findings_finding"),
)

# Evidence files of a visit's finding on one indicator (migration 0009): the bytes are kept on disk by checksum
# (ingest.evidence, as a submission's evidence), the row names them; removed with the finding or the visit.
finding_evidence = sa.Table(
    "finding_evidence", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("area_id", sa.String(32), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("indicator_id", sa.String(32), nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content_type", sa.String(80), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["area_id", "year", "indicator_id"],
                            ["visit_findings.area_id", "visit_findings.year", "visit_findings.indicator_id"],
                            ondelete="CASCADE", name="fk_finding_evidence_finding"),
    sa.Index("ix_finding_evidence_visit", "area_id", "year"),
)

# ------------------------------------------------------------------------------------------ submissions (0007)
# An area working group's submission of its results for a year (workflow.submissions: draft -> submitted ->
# returned -> resubmitted -> accepted), who did each step and when; the values typed per indicator, the Eco
# Center's comments per indicator at each return, the evidence files kept by checksum, and a log of every step.
SUBMISSION_CHECK = "status IN ('draft', 'submitted', 'returned', 'resubmitted', 'accepted')"

submissions = sa.Table(
    "submissions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("area_id", sa.String(32), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("criteria_version", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("submitted_by", sa.String(64)),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.Column("returned_by", sa.String(64)),
    sa.Column("returned_at", sa.DateTime(timezone=True)),
    sa.Column("accepted_by", sa.String(64)),
    sa.Column("accepted_at", sa.DateTime(timezone=True)),
    sa.Column("rounds", sa.Integer, nullable=False, server_default="0"),    # returns so far
    sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("area_id", "year", name="uq_submissions_area_year"),
    sa.CheckConstraint(SUBMISSION_CHECK, name="ck_submissions_status"),
)

submission_values = sa.Table(
    "submission_values", metadata,
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("indicator_id", sa.String(32), primary_key=True),
    sa.Column("value", sa.Float),
)

submission_comments = sa.Table(
    "submission_comments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("indicator_id", sa.String(32), nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

evidence_files = sa.Table(
    "evidence_files", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("indicator_id", sa.String(32), nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content_type", sa.String(80), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

submission_log = sa.Table(
    "submission_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("area_id", sa.String(32), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("step", sa.String(16), nullable=False),
    sa.Column("from_status", sa.String(16)),
    sa.Column("to_status", sa.String(16), nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)
