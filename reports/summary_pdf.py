"""The executive summary as a PDF (the summary page's "save as PDF"): areas per level, the targets judged at
their deadline, the factories developed, GI / Eco Factory / CSR-DIW counts and the programme results with their
sources. Same data and wording as the page; Sarabun embedded; Thai lines break between words."""
from __future__ import annotations

import pandas as pd

from geo.colours import level_colour
from i18n import date_label, normalise_lang, t, year_label
from programme.dataset import Dataset
from programme.registry import result_source
from reports import as_of_text
from reports.pdf import GREEN, MUTED, Report
from scoring.certified import levels_on_record
from scoring.criteria import version_label
from scoring.summary import Model, area_table, kpis
from scoring.targets import target_lines
from scoring.trends import programme_factory_summary


def summary_report_pdf(ds: Dataset, model: Model, year: int, results: pd.DataFrame | None = None,
                       lang: str = "th") -> bytes:
    """The summary of ``year`` as PDF bytes; ``results``: the programme results table (may be empty)."""
    lang, year = normalise_lang(lang), int(year)
    as_of = date_label(ds.meta["data_as_of"], lang) if ds.meta.get("data_as_of") else t("report.as_of_unknown", lang)
    pdf = Report(ds, t("summary.title", lang), lang)
    pdf.para(t("summary.title", lang), size=20, bold=True, colour=GREEN, h=10)
    pdf.para(year_label(year, lang) + " · " + as_of_text(ds, lang), size=10.5, colour=MUTED)
    if ds.is_demo:
        pdf.notice(t("report.demo_notice", lang))

    table = area_table(ds.areas, ds.provinces, ds.factories, model, year, ds.certifications)
    k = kpis(table)
    names = ds.levels.set_index("level")[f"name_{lang}"]
    pdf.heading(t("summary.areas_title", lang, year=year_label(year, lang)))
    # certified levels counted apart from those only drafted, verified or computed (marked *), as on the page
    rows = [[t("cert.level", lang), t("summary.col_certified", lang), t("summary.col_uncertified", lang)]]
    rows += [[f"{t('level.short', lang, n=lv)} {names.get(lv, '')}", str(k["per_level_certified"][lv]),
              str(k["per_level_uncertified"][lv])] for lv in range(1, 6)]
    rows.append([t("kpi.areas", lang), f"{k['in_programme']}/{k['areas']}", ""])
    fills = {(lv, 0): level_colour(lv, ds.level_colours) for lv in range(1, 6)}
    pdf.table_of(rows, [100, 40, 40], fills=fills, align=["LEFT", "RIGHT", "RIGHT"])
    uncertified = sum(k["per_level_uncertified"].values())
    if uncertified:
        pdf.para(t("summary.uncertified_note", lang, n=uncertified), size=9, colour=MUTED)
    for text, _ in target_lines(levels_on_record(model.levels, ds.certifications), ds.targets, year, ds.areas, lang):
        pdf.para("• " + text, size=10.5)
    pdf.para(t("summary.source_levels", lang, version=version_label(ds.criteria.version, lang), as_of=as_of),
             size=9, colour=MUTED)

    fs = programme_factory_summary(ds.areas, ds.factories, year)  # areas in the programme that year
    pdf.heading(t("summary.factories_title", lang))
    share = f"{fs['developed'] / fs['total']:.0%}" if fs["total"] else "–"
    rows = [[t("summary.factories_title", lang), ""],
            [t("summary.developed", lang), f"{fs['developed']:,} / {fs['total']:,} ({share})"],
            [t("col.eco_factory", lang), f"{fs['eco_factory']:,}"], [t("col.csr_diw", lang), f"{fs['csr_diw']:,}"]]
    rows += [[t("gi.name_" + str(lv), lang), f"{fs['by_gi'][lv]:,}"] for lv in range(0, 6)]
    pdf.table_of(rows, [120, 60], align=["LEFT", "RIGHT"])
    pdf.para(t("summary.source_factories", lang, as_of=as_of), size=9, colour=MUTED)

    pdf.heading(t("summary.results_title", lang))
    if results is None or results.empty:
        pdf.para(t("summary.no_results", lang), size=10.5)
    else:
        rows = [[t("filter.year", lang), t("summary.results_title", lang), "", t("people.note", lang)]]
        for _, r in results.sort_values(["year_be"], ascending=False, kind="stable").iterrows():
            qual = t("summary.qualifier_" + r["qualifier"], lang) if r["qualifier"] else ""
            value = f"{qual}{r['value']:,g} {r[f'unit_{lang}'] or ''}".strip()
            rows.append([year_label(r["year_be"], lang), r[f"label_{lang}"], value, result_source(r, lang)])
        pdf.table_of(rows, [28, 62, 40, 50], size=9)
    return pdf.output_bytes()
