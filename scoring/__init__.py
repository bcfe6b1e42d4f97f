"""Pure scoring core of the EIT dashboard: criteria, indicator scores and levels (no streamlit)."""

from scoring.criteria import DIMENSIONS, Criteria, criteria_counts, load_criteria
from scoring.levels import (
    RULES,
    LevelRule,
    area_levels,
    blocking_indicators,
    cumulative_rule,
    get_rule,
    register_rule,
)
from scoring.scores import dimension_scores, evaluate, indicator_passes, indicator_score

__all__ = [
    "DIMENSIONS", "Criteria", "criteria_counts", "load_criteria",
    "RULES", "LevelRule", "area_levels", "blocking_indicators", "cumulative_rule", "get_rule", "register_rule",
    "dimension_scores", "evaluate", "indicator_passes", "indicator_score",
]
