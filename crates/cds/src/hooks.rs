//! The services' logic, without HTTP: a parsed request (with its prefetch)
//! in, cards out. The record is mapped onto a crampwise profile and the
//! engine makes every decision; the cards only report the plan.

use std::collections::BTreeSet;

use crampwise::plan::SupplementPlan;
use crampwise::{Engine, Evaluation, Plan, ProfileInput, Status};
use crampwise_content::cds::{fill, CardText, CdsData, Concept, Finding, Lab};
use crampwise_content::{Content, Interaction, SupplementAdvice};
use serde_json::{json, Value};

use crate::card::{
    fit_summary, uuid_for, Action, Card, CardKind, CdsResponse, Link, Source, Suggestion,
};
use crate::date::Date;
use crate::dose::{self, Dose, DoseUnit, Product};
use crate::fhir::{Bundle, Condition, MedicationUse, Observation, Patient, Resource};
use crate::recognise;
use crate::request::{prefetched, BadRequest, CdsRequest};

/// The hooks served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hook {
    /// `order-select` (and `order-sign`): check magnesium orders.
    Order,
    /// `patient-view`: the plan for cramps or risk factors.
    PatientView,
}

/// Why a call cannot be answered with cards.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A malformed request: 400.
    #[error(transparent)]
    Bad(#[from] BadRequest),
    /// Required prefetch is missing: 412.
    #[error("required prefetch missing: {}", .keys.join(", "))]
    MissingPrefetch {
        /// The keys missing.
        keys: Vec<String>,
        /// Whether the request named a `fhirServer` (fetching from it is not supported yet).
        fhir_server: bool,
    },
}

/// The prefetch keys every service needs.
pub const REQUIRED_PREFETCH: &[&str] = &[
    "patient",
    "conditions",
    "medicationStatements",
    "medicationRequests",
];

/// What the service needs besides the request.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The engine (rules and content).
    pub engine: &'a Engine,
    /// The code tables and card words.
    pub data: &'a CdsData,
    /// The date the age is worked out on.
    pub today: Date,
    /// The intake page linked from the patient-view card.
    pub intake_url: &'a str,
    /// Whose upper limits apply (`None`: the profile's default, `us`). A
    /// FHIR record does not say; the deployment does.
    pub jurisdiction: Option<crampwise::Jurisdiction>,
}

/// The record, as read from the prefetch.
#[derive(Debug, Default)]
struct Record {
    patient: Option<Patient>,
    conditions: Vec<Condition>,
    statements: Vec<MedicationUse>,
    requests: Vec<MedicationUse>,
    observations: Vec<Observation>,
    /// Where a `medicationReference` may point: the prefetched medicines'
    /// bundles and the draft orders.
    medication_bundles: Vec<Bundle>,
}

/// A magnesium draft order.
struct Order<'c> {
    resource: MedicationUse,
    product: Product<'c>,
    dose: Option<Dose>,
}

/// What the record says, in profile terms.
struct Facts<'c> {
    age: Option<i64>,
    sex: Option<&'static str>,
    conditions: BTreeSet<String>,
    medications: BTreeSet<String>,
    cramps: bool,
    pregnant: bool,
    taken: Vec<(Product<'c>, Option<f64>)>,
}

/// Answers one call of `hook`.
///
/// # Errors
/// [`Problem::Bad`] with the JSON path of a malformed part,
/// [`Problem::MissingPrefetch`] when a required prefetch key is absent.
pub fn respond(
    hook: Hook,
    request: &CdsRequest,
    inputs: Inputs<'_>,
) -> Result<CdsResponse, Problem> {
    let content = inputs.engine.content();
    let orders = match hook {
        Hook::Order => {
            let orders = draft_orders(request, content, inputs.data)?;
            if orders.is_empty() {
                return Ok(CdsResponse { cards: Vec::new() });
            }
            orders
        }
        Hook::PatientView => Vec::new(),
    };
    let missing: Vec<String> = REQUIRED_PREFETCH
        .iter()
        .filter(|k| {
            request
                .prefetch
                .as_ref()
                .and_then(|p| p.get(**k))
                .is_none_or(Value::is_null)
        })
        .map(|k| (*k).to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(Problem::MissingPrefetch {
            keys: missing,
            fhir_server: request.fhir_server.is_some(),
        });
    }
    let record = read_record(request)?;
    let facts = facts(&record, content, inputs.data, inputs.today)?;
    let mut cards = Vec::new();
    let Some(age) = facts.age else {
        if hook == Hook::Order {
            let t = &inputs.data.cards.age_unknown;
            let links = evidence_links(content, &[], &upper_limit_sources(content));
            cards.push(card(
                request,
                inputs,
                t,
                CardKind::AgeUnknown,
                "age",
                &[],
                Vec::new(),
                links,
            ));
        }
        return Ok(CdsResponse { cards });
    };
    if hook == Hook::PatientView {
        let risk = facts.medications.iter().any(|m| {
            content
                .medication(m)
                .is_some_and(|m| m.interaction == Interaction::Depletes)
        });
        if !(facts.cramps || risk) {
            return Ok(CdsResponse { cards });
        }
    }
    let plan = plan(inputs, &facts, age, hook)?;
    match hook {
        Hook::Order => order_cards(request, inputs, &facts, &orders, &plan, &mut cards),
        Hook::PatientView => cards.push(patient_view_card(request, inputs, &plan)),
    }
    Ok(CdsResponse { cards })
}

fn draft_orders<'c>(
    request: &CdsRequest,
    content: &'c Content,
    data: &CdsData,
) -> Result<Vec<Order<'c>>, BadRequest> {
    let Some(bundle) = &request.context.draft_orders else {
        return Err(BadRequest::at(
            "context.draftOrders",
            "missing field `draftOrders`",
        ));
    };
    // A `medicationReference` may point into the draft orders or the
    // prefetched medicines. A prefetch that does not parse is reported
    // when the record is read; here it only has nothing to resolve.
    let prefetched: Vec<Bundle> = MEDICATION_PREFETCH
        .iter()
        .filter_map(|k| match prefetched(request, k) {
            Ok(Some(Resource::Bundle(b))) => Some(b),
            _ => None,
        })
        .collect();
    let bundles: Vec<&Bundle> = std::iter::once(bundle).chain(&prefetched).collect();
    Ok(bundle
        .resources()
        .filter_map(|r| match r {
            Resource::MedicationRequest(m) => Some(m),
            _ => None,
        })
        .filter_map(|m| {
            let product = dose::product_in(m, &bundles, content, data)?;
            let dose = dose::ordered(m, &product);
            Some(Order {
                resource: m.clone(),
                product,
                dose,
            })
        })
        .collect())
}

/// The prefetch keys whose bundles may hold the Medication a
/// `medicationReference` names.
const MEDICATION_PREFETCH: &[&str] = &["medicationRequests", "medicationStatements"];

fn bundle_of(request: &CdsRequest, key: &str) -> Result<Bundle, BadRequest> {
    match prefetched(request, key)? {
        Some(Resource::Bundle(b)) => Ok(b),
        Some(_) => Err(BadRequest::at(
            format!("prefetch.{key}.resourceType"),
            "expected a `Bundle` (a search result)",
        )),
        None => Ok(Bundle::default()),
    }
}

fn read_record(request: &CdsRequest) -> Result<Record, BadRequest> {
    let patient = match prefetched(request, "patient")? {
        Some(Resource::Patient(p)) => Some(p),
        Some(_) => {
            return Err(BadRequest::at(
                "prefetch.patient.resourceType",
                "expected `Patient`",
            ));
        }
        None => None,
    };
    let mut record = Record {
        patient,
        ..Record::default()
    };
    for r in bundle_of(request, "conditions")?
        .entry
        .into_iter()
        .filter_map(|e| e.resource)
    {
        if let Resource::Condition(c) = r {
            record.conditions.push(c);
        }
    }
    for key in MEDICATION_PREFETCH {
        let bundle = bundle_of(request, key)?;
        for r in bundle.resources() {
            match (r, *key) {
                (Resource::MedicationStatement(m), "medicationStatements") => {
                    record.statements.push(m.clone());
                }
                (Resource::MedicationRequest(m), "medicationRequests") => {
                    record.requests.push(m.clone());
                }
                _ => {}
            }
        }
        record.medication_bundles.push(bundle);
    }
    if let Some(orders) = &request.context.draft_orders {
        record.medication_bundles.push(orders.clone());
    }
    for r in bundle_of(request, "observations")?
        .entry
        .into_iter()
        .filter_map(|e| e.resource)
    {
        if let Resource::Observation(o) = r {
            record.observations.push(o);
        }
    }
    Ok(record)
}

fn status_code(concept: Option<&crate::fhir::CodeableConcept>) -> Option<&str> {
    concept?.coding.iter().find_map(|c| c.code.as_deref())
}

/// A condition the record holds as current: not refuted or entered in error,
/// and active (or with no clinical status).
fn current(c: &Condition) -> bool {
    let verified = !matches!(
        status_code(c.verification_status.as_ref()),
        Some("refuted" | "entered-in-error")
    );
    let active = matches!(
        status_code(c.clinical_status.as_ref()),
        None | Some("active" | "recurrence" | "relapse")
    );
    verified && active
}

fn in_use(m: &MedicationUse) -> bool {
    matches!(
        m.status.as_deref(),
        None | Some("active" | "intended" | "on-hold")
    )
}

/// eGFR below this (mL/min/1.73 m²) is read as kidney disease (CKD stage 4 or worse).
const EGFR_KIDNEY_DISEASE: f64 = 30.0;

fn facts<'c>(
    record: &Record,
    content: &'c Content,
    data: &CdsData,
    today: Date,
) -> Result<Facts<'c>, BadRequest> {
    let patient = record.patient.as_ref();
    let age = match patient.and_then(|p| p.birth_date.as_deref()) {
        None => None,
        Some(text) => Date::parse_fhir(text)
            .map_err(|m| BadRequest::at("prefetch.patient.birthDate", m))?
            .years_until(today),
    };
    let sex = match patient.and_then(|p| p.gender.as_deref()) {
        Some("female") => Some("female"),
        Some("male") => Some("male"),
        _ => None,
    };
    let mut conditions = BTreeSet::new();
    let mut cramps = false;
    let mut pregnant = false;
    for c in record.conditions.iter().filter(|c| current(c)) {
        for means in c
            .code
            .as_ref()
            .map(|cc| recognise::coded(cc, data))
            .unwrap_or_default()
        {
            match means {
                Concept::Condition(id) => {
                    conditions.insert(id.clone());
                }
                Concept::Finding(Finding::Cramps) => cramps = true,
                Concept::Finding(Finding::Pregnancy) => pregnant = true,
                _ => {}
            }
        }
    }
    for o in record
        .observations
        .iter()
        .filter(|o| !matches!(o.status.as_deref(), Some("cancelled" | "entered-in-error")))
    {
        let means = o
            .code
            .as_ref()
            .map(|cc| recognise::coded(cc, data))
            .unwrap_or_default();
        let value = o
            .value_quantity
            .as_ref()
            .and_then(|q| q.value.as_ref())
            .and_then(serde_json::Number::as_f64);
        if means.contains(&&Concept::Lab(Lab::Egfr))
            && value.is_some_and(|v| v < EGFR_KIDNEY_DISEASE)
        {
            conditions.insert("kidney_disease".to_owned());
        }
    }
    let mut medications = BTreeSet::new();
    let mut taken = Vec::new();
    let bundles: Vec<&Bundle> = record.medication_bundles.iter().collect();
    for m in record
        .statements
        .iter()
        .chain(&record.requests)
        .filter(|m| in_use(m))
    {
        // A reference that does not resolve names nothing: not recognised.
        let Some(concept) = m.medicine(&bundles).map(|medicine| medicine.concept) else {
            continue;
        };
        if let Some(product) = dose::product_in(m, &bundles, content, data) {
            let mg = dose::ordered(m, &product).map(|d| d.elemental_mg_per_day);
            taken.push((product, mg));
        } else if let Some(class) = recognise::medicine_class(concept, content, data) {
            medications.insert(class.id.clone());
        }
    }
    Ok(Facts {
        age,
        sex,
        conditions,
        medications,
        cramps,
        pregnant,
        taken,
    })
}

fn plan(inputs: Inputs<'_>, facts: &Facts<'_>, age: i64, hook: Hook) -> Result<Plan, BadRequest> {
    let engine = inputs.engine;
    let mut profile = json!({
        "age": age,
        "conditions": facts.conditions,
        "medications": facts.medications,
        "supplements": facts.taken.iter().map(|(p, mg)| match mg {
            Some(mg) => json!({"form": p.form.id, "elemental_mg": round1(*mg)}),
            None => json!({"form": p.form.id}),
        }).collect::<Vec<_>>(),
    });
    if let Value::Object(map) = &mut profile {
        if let Some(sex) = facts.sex {
            map.insert("sex".into(), json!(sex));
        }
        if let Some(jurisdiction) = inputs.jurisdiction {
            map.insert("jurisdiction".into(), json!(jurisdiction.as_str()));
        }
        // The record says pregnant but not the trimester: the rules that do
        // not depend on it decide (symptoms are not read, so none of the
        // trimester-specific ones can fire).
        if facts.pregnant {
            map.insert("pregnancy".into(), json!("trimester1"));
        }
        if hook == Hook::PatientView && facts.cramps {
            map.insert("cramps".into(), json!({}));
        }
    }
    let to_bad = |d: crampwise::Diagnostics| {
        let first = d.iter().next().map(|d| (d.path_text(), d.to_string()));
        match first {
            Some((path, text)) if path == "age" => {
                BadRequest::at("prefetch.patient.birthDate", text)
            }
            Some((path, text)) => BadRequest::at(
                "prefetch",
                format!("the record gives an invalid profile at `{path}`: {text}"),
            ),
            None => BadRequest::at("prefetch", "the record gives an invalid profile"),
        }
    };
    let profile = engine
        .profile(ProfileInput::Value(&profile))
        .map_err(to_bad)?;
    engine
        .recommend(&profile)
        .map(Evaluation::into_plan)
        .map_err(to_bad)
}

/// A whole number as FHIR writes an integer (`1`, not `1.0`).
fn whole(x: f64) -> Option<serde_json::Number> {
    let rounded = x.round();
    if (x - rounded).abs() < 1e-9 && (0.0..9.0e15).contains(&rounded) {
        format!("{rounded:.0}")
            .parse::<u64>()
            .ok()
            .map(serde_json::Number::from)
    } else {
        serde_json::Number::from_f64(x)
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A number as the cards write it: whole, or with one decimal.
fn mg(x: f64) -> String {
    let r = round1(x);
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// The sources of the supplemental upper limits (`intakes.toml`).
fn upper_limit_sources(content: &Content) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in content
        .intakes()
        .upper_limit
        .iter()
        .flat_map(|b| &b.sources)
    {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

fn evidence_links(content: &Content, claims: &[String], sources: &[String]) -> Vec<Link> {
    let mut ids: Vec<&str> = Vec::new();
    for claim in claims.iter().filter_map(|c| content.claim(c)) {
        for s in &claim.sources {
            if !ids.contains(&s.as_str()) {
                ids.push(s);
            }
        }
    }
    for s in sources {
        if !ids.contains(&s.as_str()) {
            ids.push(s);
        }
    }
    ids.iter()
        .filter_map(|id| content.source(id))
        .take(3)
        .map(|s| Link {
            label: s.title.clone(),
            url: s.url.clone(),
            kind: "absolute",
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn card(
    request: &CdsRequest,
    inputs: Inputs<'_>,
    text: &CardText,
    kind: CardKind,
    key: &str,
    values: &[(&str, &str)],
    suggestions: Vec<Suggestion>,
    links: Vec<Link>,
) -> Card {
    let url = links.first().map(|l| l.url.clone());
    let selection_behavior = (!suggestions.is_empty()).then_some("at-most-one");
    Card {
        uuid: uuid_for(&request.hook_instance, key),
        summary: fit_summary(fill(&text.summary, values)),
        detail: fill(&text.detail, values),
        indicator: text.indicator.as_str(),
        source: Source {
            label: format!(
                "{} (content {}, CDS tables {})",
                inputs.data.source_label,
                inputs.engine.content_version(),
                inputs.data.version()
            ),
            url,
        },
        suggestions,
        selection_behavior,
        links,
        kind,
    }
}

fn order_ref(order: &Order<'_>) -> Option<String> {
    order
        .resource
        .id
        .as_ref()
        .map(|id| format!("MedicationRequest/{id}"))
}

fn jurisdiction(s: &SupplementPlan) -> &'static str {
    s.cap.jurisdiction.as_str()
}

fn order_cards(
    request: &CdsRequest,
    inputs: Inputs<'_>,
    facts: &Facts<'_>,
    orders: &[Order<'_>],
    plan: &Plan,
    cards: &mut Vec<Card>,
) {
    let content = inputs.engine.content();
    let words = &inputs.data.cards;
    let supplement = &plan.supplement;
    let remove = |key: &str| -> Vec<Suggestion> {
        let ids: Vec<String> = orders.iter().filter_map(order_ref).collect();
        if ids.is_empty() {
            return Vec::new();
        }
        vec![Suggestion {
            label: words.remove_order.label.clone(),
            uuid: uuid_for(&request.hook_instance, &format!("{key}/remove")),
            is_recommended: true,
            actions: vec![Action {
                kind: "delete",
                description: words.remove_order.label.clone(),
                resource: None,
                resource_id: Some(ids),
            }],
        }]
    };
    let decisions = safety_decisions(inputs.engine, plan);
    let not_advised = decisions.iter().any(|d| d.status == Status::NotAdvised);
    for decision in &decisions {
        let key = format!("safety/{}", decision.rule);
        if let (Status::NotAdvised, Some(condition)) =
            (decision.status, content.condition(&decision.rule))
        {
            if condition.supplement != SupplementAdvice::NotAdvised {
                continue;
            }
            let links = evidence_links(content, &condition.claims, &[]);
            cards.push(card(
                request,
                inputs,
                &words.contract_condition,
                CardKind::ContractCondition,
                &key,
                &[
                    ("condition", &condition.name),
                    ("condition_text", &condition.text),
                    ("plan_reason", &decision.note),
                ],
                remove(&key),
                links,
            ));
            continue;
        }
        let (text, kind) = match (decision.status, decision.rule.as_str()) {
            (Status::ClinicianFirst, "pregnancy") => (&words.pregnancy, CardKind::Pregnancy),
            (Status::ClinicianFirst, _) => (&words.clinician_first, CardKind::ClinicianFirst),
            _ => continue,
        };
        let links = evidence_links(content, &decision.claims, &[]);
        cards.push(card(
            request,
            inputs,
            text,
            kind,
            &key,
            &[("plan_reason", &decision.note)],
            Vec::new(),
            links,
        ));
    }
    let ul_sources = upper_limit_sources(content);
    let taken = supplement.cap.already_taken_mg;
    let limit = order_limit(supplement);
    let upper = supplement
        .cap
        .upper_limit_mg
        .map_or_else(|| "0".to_owned(), mg);
    if !not_advised {
        for (i, order) in orders.iter().enumerate() {
            let key = format!("order/{i}");
            let links = evidence_links(content, &[], &ul_sources);
            let Some(dose) = &order.dose else {
                cards.push(card(
                    request,
                    inputs,
                    &words.dose_unknown,
                    CardKind::DoseUnknown,
                    &key,
                    &[
                        ("product", &order.product.name),
                        ("upper_limit_mg", &upper),
                        ("jurisdiction", jurisdiction(supplement)),
                        ("taken_mg", &mg(taken)),
                    ],
                    Vec::new(),
                    links,
                ));
                continue;
            };
            let ordered = mg(dose.elemental_mg_per_day);
            if dose.elemental_mg_per_day > limit {
                let dose_text = dose_text(inputs.data, order, dose);
                let suggestions = lower_suggestion(request, inputs, order, dose, limit, &key);
                cards.push(card(
                    request,
                    inputs,
                    &words.dose_above_limit,
                    CardKind::DoseAboveLimit,
                    &format!("{key}/limit"),
                    &[
                        ("ordered_mg", &ordered),
                        ("limit_mg", &mg(limit)),
                        ("dose_text", &dose_text),
                        ("upper_limit_mg", &upper),
                        ("jurisdiction", jurisdiction(supplement)),
                        ("taken_mg", &mg(taken)),
                    ],
                    suggestions,
                    links.clone(),
                ));
            }
            if !facts.taken.is_empty() {
                let taken_text = facts
                    .taken
                    .iter()
                    .map(|(p, amount)| match amount {
                        Some(a) => fill(
                            &inputs.data.dose.taken_item,
                            &[("form", &p.form.name), ("elemental_mg", &mg(*a))],
                        ),
                        None => fill(&inputs.data.dose.taken_unknown, &[("form", &p.form.name)]),
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                cards.push(card(
                    request,
                    inputs,
                    &words.dose_adds_to_taken,
                    CardKind::DoseAddsToTaken,
                    &format!("{key}/taken"),
                    &[
                        ("taken_mg", &mg(taken)),
                        ("ordered_mg", &ordered),
                        ("taken_text", &taken_text),
                        ("total_mg", &mg(taken + dose.elemental_mg_per_day)),
                        ("upper_limit_mg", &upper),
                        ("jurisdiction", jurisdiction(supplement)),
                    ],
                    Vec::new(),
                    links,
                ));
            }
        }
    }
    for spacing in &supplement.spacing {
        let Some(medication) = content.medication(spacing.medication.as_str()) else {
            continue;
        };
        let hours = hours_text(inputs.data, spacing.hours_before, spacing.hours_after);
        cards.push(card(
            request,
            inputs,
            &words.spacing,
            CardKind::Spacing,
            &format!("spacing/{}", medication.id),
            &[
                ("medication", &medication.name),
                ("hours", &hours),
                ("spacing_text", &spacing.text),
            ],
            Vec::new(),
            evidence_links(content, &medication.claims, &[]),
        ));
    }
    for id in &facts.medications {
        let Some(medication) = content.medication(id) else {
            continue;
        };
        if medication.interaction != Interaction::Depletes {
            continue;
        }
        cards.push(card(
            request,
            inputs,
            &words.depletion,
            CardKind::Depletion,
            &format!("depletion/{id}"),
            &[
                ("medication", &medication.name),
                ("medication_text", &medication.text),
            ],
            Vec::new(),
            evidence_links(content, &medication.claims, &[]),
        ));
    }
}

/// A safety rule the plan's trace shows fired with a status other than
/// `suggested`, and the content note that says why.
struct SafetyDecision {
    rule: String,
    status: Status,
    note: String,
    claims: Vec<String>,
}

/// The safety decisions of the plan, in trace order. The plan's own status
/// also weighs the indication (a record gives no cramp frequency, so it is
/// usually "no cramps reported"); an order is already a decision to give
/// magnesium, so the order cards report the safety rules that fired.
fn safety_decisions(engine: &Engine, plan: &Plan) -> Vec<SafetyDecision> {
    let content = engine.content();
    plan.trace
        .iter()
        .filter_map(|t| engine.ruleset().rule(&t.rule))
        .filter(|r| r.category.is_safety())
        .filter_map(|r| {
            let (status, note) = r.effects.status.as_ref()?;
            (*status != Status::Suggested).then(|| SafetyDecision {
                rule: r.id.clone(),
                status: *status,
                note: content
                    .note(note)
                    .map(|n| n.text.clone())
                    .unwrap_or_default(),
                claims: r.claims.clone(),
            })
        })
        .collect()
}

/// What an order may add a day: the plan's cap, the supplemental upper limit
/// less what is already taken (none where no limit is established),
/// whatever the plan says about starting a supplement. The rules' lower
/// `rule_cap_mg` is the cramp-trial target, a dose to aim for, not a limit.
fn order_limit(s: &SupplementPlan) -> f64 {
    s.cap
        .upper_limit_mg
        .map_or(0.0, |ul| (ul - s.cap.already_taken_mg).max(0.0))
}

fn hours_text(data: &CdsData, before: Option<f64>, after: Option<f64>) -> String {
    let (b, a) = (before.map(mg), after.map(mg));
    let values = [
        ("hours_before", b.as_deref().unwrap_or("")),
        ("hours_after", a.as_deref().unwrap_or("")),
    ];
    match (before, after) {
        (Some(_), Some(_)) => fill(&data.hours.both, &values),
        (Some(_), None) => fill(&data.hours.before, &values),
        _ => fill(&data.hours.after, &values),
    }
}

fn dose_text(data: &CdsData, order: &Order<'_>, dose: &Dose) -> String {
    let template = if dose.timed {
        &data.dose.text
    } else {
        &data.dose.no_timing
    };
    fill(
        template,
        &[
            ("product", &order.product.name),
            ("compound_mg", &mg(dose.compound_mg)),
            ("form", &order.product.form.name.to_lowercase()),
            (
                "elemental_mg",
                &mg(dose.compound_mg * order.product.fraction),
            ),
            ("doses_per_day", &mg(dose.per_day)),
        ],
    )
}

fn lower_suggestion(
    request: &CdsRequest,
    inputs: Inputs<'_>,
    order: &Order<'_>,
    dose: &Dose,
    limit: f64,
    key: &str,
) -> Vec<Suggestion> {
    let Some(lower) = dose::lowered(dose, &order.product, limit) else {
        return Vec::new();
    };
    let unit = match &dose.unit {
        DoseUnit::Mass => "mg".to_owned(),
        DoseUnit::Count(name) => name.clone(),
    };
    let mut resource = order.resource.clone();
    if let Some(dosage) = resource.dosage_instruction.first_mut() {
        if let Some(q) = dosage
            .dose_and_rate
            .first_mut()
            .and_then(|r| r.dose_quantity.as_mut())
        {
            q.value = whole(lower.amount);
        }
        if lower.per_day != dose.per_day || !dose.timed {
            let timing = dosage.timing.get_or_insert_with(Default::default);
            let repeat = timing.repeat.get_or_insert_with(Default::default);
            repeat.frequency = whole(lower.per_day);
            repeat.period = whole(1.0);
            repeat.period_unit = Some("d".to_owned());
        }
        // The old instruction's words no longer match the dose.
        dosage.text = None;
    }
    let value = match serde_json::to_value(Resource::MedicationRequest(resource)) {
        Ok(v) => v,
        Err(_) => return Vec::new(),
    };
    let timing = if lower.per_day == 1.0 {
        inputs.data.dose.once_a_day.clone()
    } else {
        fill(
            &inputs.data.dose.times_a_day,
            &[("doses_per_day", &mg(lower.per_day))],
        )
    };
    let (amount, elemental) = (lower.amount, lower.elemental_mg_per_day);
    let label = fill(
        &inputs.data.cards.lower_dose.label,
        &[
            ("dose", &format!("{} {unit} {timing}", mg(amount))),
            ("elemental_mg", &mg(elemental)),
        ],
    );
    vec![Suggestion {
        label: label.clone(),
        uuid: uuid_for(&request.hook_instance, &format!("{key}/lower")),
        is_recommended: true,
        actions: vec![Action {
            kind: "update",
            description: label,
            resource: Some(value),
            resource_id: None,
        }],
    }]
}

fn patient_view_card(request: &CdsRequest, inputs: Inputs<'_>, plan: &Plan) -> Card {
    let data = inputs.data;
    let decision = match plan.supplement.status {
        Status::Suggested => &data.decision.suggested,
        Status::ClinicianFirst => &data.decision.clinician_first,
        Status::NotAdvised => &data.decision.not_advised,
    };
    let triage = match plan.triage.level {
        crampwise::TriageLevel::SelfCare => &data.triage.self_care,
        crampwise::TriageLevel::Clinician => &data.triage.clinician,
        crampwise::TriageLevel::Urgent => &data.triage.urgent,
        crampwise::TriageLevel::Emergency => &data.triage.emergency,
    };
    let summary: String = plan.summary.iter().map(|l| format!("- {l}\n")).collect();
    let mut links = vec![Link {
        label: data.cards.intake_link.label.clone(),
        url: inputs.intake_url.to_owned(),
        kind: "absolute",
    }];
    let content = inputs.engine.content();
    links.extend(evidence_links(
        content,
        &[],
        &plan
            .evidence
            .iter()
            .flat_map(|e| e.sources.iter().map(ToString::to_string))
            .collect::<Vec<_>>(),
    ));
    let mut c = card(
        request,
        inputs,
        &data.cards.patient_view,
        CardKind::PatientView,
        "patient-view",
        &[
            ("triage", triage),
            ("decision", decision),
            ("plan_summary", summary.trim_end()),
            ("disclaimer", &plan.disclaimer),
        ],
        Vec::new(),
        links,
    );
    c.source.url = c.links.get(1).map(|l| l.url.clone());
    c
}
