"""A user's script with typos mypy --strict must catch (tests/test_types.py
runs mypy on it and checks each error, line by line). Not collected by pytest."""

from __future__ import annotations

import crampwise
from crampwise import Profile

profile: Profile = {"age": 58, "conditons": ["kidney_disease"]}  # error: misspelt key
nested: Profile = {"age": 58, "cramps": {"per_week": 3, "timng": ["night"]}}  # error: nested key
good: Profile = {"age": 58, "cramps": {"per_week": 3, "timing": ["night"]}, "sex": "female"}
bad_value: Profile = {"age": 58, "sex": "femal"}  # error: not a Literal value

plan = crampwise.recommend(good)
data = plan.to_dict()
print(data["supplment"])  # error: misspelt plan key
print(data["supplement"]["status"], plan.triage["level"], plan.schedule, plan.trace)
print(plan.supplement["daily_elemental_mg"]["maxx"])  # error: misspelt nested plan key

crampwise.recommend_batch(None, errors="colect")  # error: not an option
crampwise.schema("plann")  # error: not a schema kind

report = crampwise.check_label("Magnesium (as glycinate) 200 mg")
print(report["verdictt"])  # error: misspelt report key
estimate = crampwise.estimate_foods([{"id": "almonds", "servings": 1}], age=40)
print(estimate["gap_mgs"])  # error: misspelt estimate key
level: crampwise.TriageLevel = plan.triage_level
