"""The plan as typed Python data: `Plan.to_dict()` and the plan's attributes.

Generated from `crampwise.schema("plan")` by `python -m tests.typed_plan`; do
not edit (`tests/test_types.py` fails when it is out of date).
"""

from __future__ import annotations

from typing import List, Literal, Optional, TypedDict

FormId = Literal["glycinate", "malate", "citrate", "oxide", "chloride", "sulfate", "taurate", "l_threonate", "lactate", "aspartate", "carbonate", "hydroxide", "orotate", "gluconate"]
"""Magnesium forms a person may already take (`bisglycinate` is read as `glycinate`)."""

Grade = Literal["strong", "moderate", "limited", "insufficient", "practice", "contradicted"]
"""How strong the evidence behind a claim is."""

Jurisdiction = Literal["us", "eu"]
"""Whose tolerable upper intake levels apply."""

Medication = Literal["bisphosphonate", "tetracycline", "fluoroquinolone", "levothyroxine", "loop_diuretic", "thiazide_diuretic", "potassium_sparing_diuretic", "ppi", "statin", "beta_agonist", "digoxin", "calcium_channel_blocker", "gabapentinoid"]
"""Medicine classes that interact with magnesium or cause cramps."""

Status = Literal["suggested", "clinician_first", "not_advised"]
"""Whether a supplement is suggested."""

TimeOfDay = Literal["morning", "midday", "evening", "bedtime"]
"""A usual time of day to take something; ordered through the day."""

TriageLevel = Literal["self_care", "clinician", "urgent", "emergency"]
"""How urgently someone should seek care; ordered by urgency."""


class Assumption(TypedDict):
    """A question that was not asked, and what the plan assumed."""
    fields: List[str]
    """Profile fields that were not asked."""
    id: str
    """Content id of the note."""
    text: str
    """What was assumed, and what to do if it is wrong."""


class _CapRequired(TypedDict):
    already_taken_mg: float
    """Magnesium already taken as supplements, mg a day."""
    jurisdiction: Jurisdiction
    """Whose upper limits apply (`us` or `eu`)."""


class Cap(_CapRequired, total=False):
    """How the cap was derived."""
    rule_cap_mg: Optional[float]
    """Lower caps set by rules, if any."""
    upper_limit_mg: Optional[float]
    """The supplemental upper limit for this age; `null` where none is established."""


class _CompanionRequired(TypedDict):
    id: str
    """Companion id."""
    name: str
    """Its name."""
    text: str
    """What to do."""


class Companion(_CompanionRequired, total=False):
    """A companion nutrient."""
    daily_mg: Optional[float]
    """Suggested amount a day, within the limit minus what is already taken."""
    limit_mg: Optional[float]
    """The limit applied, if any."""


class DailyDose(TypedDict):
    """Start, target and maximum, mg of elemental magnesium a day."""
    max: float
    """The cap applied: the supplemental upper limit minus what is already taken."""
    start: float
    """The first one to two weeks."""
    target: float
    """After titration."""


class Dose(TypedDict):
    """One dose in the day."""
    elemental_mg: float
    """Elemental magnesium, mg."""
    form: FormId
    """Magnesium form."""
    time: TimeOfDay
    """When to take it."""


class Evidence(TypedDict):
    """A claim behind the plan."""
    claim: str
    """Claim id."""
    grade: Grade
    """Evidence grade."""
    sources: List[str]
    """Source ids."""
    statement: str
    """The claim, in plain words."""


class Food(TypedDict):
    """A food that adds magnesium."""
    id: str
    """Food id."""
    mg_per_serving: float
    """Magnesium per serving, mg."""
    name: str
    """Its name."""
    serving: str
    """The serving."""


class Measure(TypedDict):
    """A lifestyle measure."""
    id: str
    """Measure id."""
    rank: int
    """Rank, 1 is most useful."""
    text: str
    """What to do."""


class Note(TypedDict):
    """A caution or an expectation."""
    id: str
    """Content id."""
    text: str
    """The text."""


class RankedForm(TypedDict):
    """A form the engine considered."""
    because: List[str]
    """Ids of the rules that scored it."""
    form: FormId
    """The form."""
    name: str
    """Its name."""
    score: int
    """Sum of rule scores."""


class Reason(TypedDict):
    """One reason for the triage level."""
    id: str
    """Content id of the warning sign."""
    level: TriageLevel
    """The level this reason alone calls for."""
    text: str
    """What it may mean and what to do."""


class _SpacingRequired(TypedDict):
    medication: Medication
    """The medicine class."""
    text: str
    """What to do."""


class Spacing(_SpacingRequired, total=False):
    """Spacing advice for an interacting medicine."""
    hours_after: Optional[float]
    """Or at least this many hours after magnesium."""
    hours_before: Optional[float]
    """Take the medicine at least this many hours before magnesium."""


class SupplementPlan(TypedDict):
    """The supplement part of the plan."""
    cap: Cap
    """How the cap was worked out."""
    daily_elemental_mg: DailyDose
    """Start, target and the cap applied, mg of elemental magnesium a day."""
    forms: List[RankedForm]
    """Forms considered, best first, with why."""
    reason: str
    """Why, in plain words."""
    reason_id: str
    """Content id of the reason."""
    schedule: List[Dose]
    """Doses a day; empty unless `status` is `suggested`."""
    spacing: List[Spacing]
    """Spacing from interacting medicines."""
    status: Status
    """The decision."""


class TraceEntry(TypedDict):
    """One rule that fired."""
    because: str
    """The profile values that made its condition true."""
    rule: str
    """Rule id."""


class Triage(TypedDict):
    """The triage decision."""
    level: TriageLevel
    """`self_care` < `clinician` < `urgent` < `emergency`."""
    reasons: List[Reason]
    """Why the level is above `self_care`."""


class Undecided(TypedDict):
    """A safety or triage rule that could not be decided."""
    rule: str
    """Rule id."""
    unknown: List[str]
    """The fields that were not asked."""


class Versions(TypedDict):
    """Versions behind a plan."""
    content: str
    """Content version."""
    contract: str
    """Contract version, `"1"`."""
    rules: str
    """Rules version."""


class PlanDict(TypedDict):
    """An explained, safe plan for one profile."""
    assumptions: List[Assumption]
    """Questions not asked that mattered, and what the plan assumed."""
    cautions: List[Note]
    """Cautions that apply to this person."""
    companions: List[Companion]
    """Companion nutrients, within their limits."""
    disclaimer: str
    """This is guidance, not a diagnosis."""
    evidence: List[Evidence]
    """The claims behind this plan, with their evidence grade."""
    expectations: List[Note]
    """What to expect, honestly: evidence, when to reassess, when to stop."""
    foods: List[Food]
    """Foods that add magnesium."""
    lifestyle: List[Measure]
    """Lifestyle measures, most useful first."""
    safety_net: str
    """What every plan says whatever the answers: when a cramp needs urgent advice."""
    summary: List[str]
    """What to do now, in a few short lines: the triage and why, what was not asked, the supplement decision and the one or two most useful actions."""
    supplement: SupplementPlan
    """Whether magnesium is suggested, which form, when and how much."""
    trace: List[TraceEntry]
    """Every rule that fired, in order, and the profile values that made it fire."""
    triage: Triage
    """Whether to see a clinician first, and why."""
    undecided: List[Undecided]
    """Safety rules that could not be decided because a question was not asked."""
    versions: Versions
    """Versions of the content, the rules and the contract."""
