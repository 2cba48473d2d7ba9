//! The kernel's guarantees hold for every card, on random records: no card
//! endorses magnesium for a patient with a contract condition, and no
//! suggested dose passes the cap (the upper limit less what is taken).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use crampwise::Jurisdiction;
use crampwise_cds::card::CardKind;
use crampwise_cds::dose;
use crampwise_cds::fhir::MedicationUse;
use crampwise_content::cds::{CdsData, CodeRow, Concept};
use crampwise_content::SupplementAdvice;
use proptest::prelude::*;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
struct Record {
    age: i64,
    conditions: Vec<usize>,
    egfr: Option<f64>,
    taken: Option<(usize, f64)>,
    medicines: Vec<usize>,
    order_form: usize,
    strength: f64,
    count: u32,
    per_day: u32,
    in_mg: bool,
}

fn record() -> impl Strategy<Value = Record> {
    (
        (
            1i64..100,
            proptest::collection::vec(0usize..1000, 0..3),
            proptest::option::of(5.0f64..120.0),
        ),
        (
            proptest::option::of((0usize..1000, 10.0f64..400.0)),
            proptest::collection::vec(0usize..1000, 0..3),
        ),
        (
            0usize..1000,
            50.0f64..1200.0,
            1u32..5,
            1u32..5,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (age, conditions, egfr),
                (taken, medicines),
                (order_form, strength, count, per_day, in_mg),
            )| Record {
                age,
                conditions,
                egfr,
                taken,
                medicines,
                order_form,
                strength: strength.round(),
                count,
                per_day,
                in_mg,
            },
        )
}

fn pick<T>(items: &[T], i: usize) -> &T {
    &items[i % items.len()]
}

fn bundle(resources: Vec<Value>) -> Value {
    if resources.is_empty() {
        return json!({"resourceType": "Bundle", "type": "searchset"});
    }
    json!({"resourceType": "Bundle", "type": "searchset", "entry": resources.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()})
}

/// The code-table rows that name a condition, which records draw from.
fn condition_rows(data: &CdsData) -> Vec<&CodeRow> {
    data.codes()
        .iter()
        .filter(|row| matches!(row.means, Concept::Condition(_)))
        .collect()
}

fn request(r: &Record, data: &CdsData, hook: &str) -> Value {
    let engine = common::engine();
    let content = engine.content();
    let condition_rows = condition_rows(data);
    let mut conditions: Vec<Value> = r
        .conditions
        .iter()
        .map(|&i| {
            let row = pick(&condition_rows, i);
            json!({"resourceType": "Condition", "code": {"coding": [{"system": row.system, "code": row.code}]}})
        })
        .collect();
    if hook == "patient-view" {
        conditions.push(json!({"resourceType": "Condition", "code": {"coding": [{"system": "http://snomed.info/sct", "code": "55300003"}]}}));
    }
    let forms = content.forms();
    let mut statements: Vec<Value> = r
        .medicines
        .iter()
        .map(|&i| {
            let m = pick(content.medications(), i);
            json!({"resourceType": "MedicationStatement", "status": "active", "medicationCodeableConcept": {"text": m.examples[0]}})
        })
        .collect();
    if let Some((i, mg)) = r.taken {
        let f = pick(forms, i);
        statements.push(json!({"resourceType": "MedicationStatement", "status": "active",
            "medicationCodeableConcept": {"text": format!("{} {mg:.0} mg elemental capsule", f.aliases[0])},
            "dosage": [{"doseAndRate": [{"doseQuantity": {"value": 1, "unit": "capsule"}}], "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}}]}));
    }
    let form = pick(forms, r.order_form);
    let quantity = if r.in_mg {
        json!({"value": r.strength * f64::from(r.count), "unit": "mg"})
    } else {
        json!({"value": r.count, "unit": "tablet"})
    };
    let order = json!({"resourceType": "MedicationRequest", "id": "draft", "status": "draft", "intent": "order",
        "medicationCodeableConcept": {"text": format!("{} {} MG Oral Tablet", form.aliases[0], r.strength)},
        "dosageInstruction": [{"doseAndRate": [{"doseQuantity": quantity}], "timing": {"repeat": {"frequency": r.per_day, "period": 1, "periodUnit": "d"}}}]});
    let observations: Vec<Value> = r
        .egfr
        .map(|v| json!({"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "62238-1"}]}, "valueQuantity": {"value": v}}))
        .into_iter()
        .collect();
    let mut body = json!({
        "hook": hook, "hookInstance": "prop",
        "context": {"patientId": "p"},
        "prefetch": {
            "patient": {"resourceType": "Patient", "birthDate": format!("{}-01-01", 2026 - r.age)},
            "conditions": bundle(conditions),
            "medicationStatements": bundle(statements),
            "medicationRequests": bundle(Vec::new()),
            "observations": bundle(observations),
        }
    });
    if hook != "patient-view" {
        body["context"]["draftOrders"] = bundle(vec![order]);
    }
    body
}

fn has_contract_condition(r: &Record, data: &CdsData) -> bool {
    let engine = common::engine();
    let content = engine.content();
    let condition_rows = condition_rows(data);
    r.egfr.is_some_and(|v| v < 30.0)
        || r.conditions
            .iter()
            .any(|&i| match &pick(&condition_rows, i).means {
                Concept::Condition(id) => {
                    content.condition(id).unwrap().supplement == SupplementAdvice::NotAdvised
                }
                _ => false,
            })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn guarantees_hold_on_every_card(r in record(), eu in any::<bool>()) {
        let engine = common::engine();
        let data = common::data(&engine);
        let jurisdiction = if eu { Jurisdiction::Eu } else { Jurisdiction::Us };
        let order = common::run_value_in(&request(&r, &data, "order-select"), Some(jurisdiction)).unwrap();
        let view = common::run_value_in(&request(&r, &data, "patient-view"), Some(jurisdiction)).unwrap();
        if has_contract_condition(&r, &data) {
            prop_assert!(order.cards.iter().any(|c| c.kind == CardKind::ContractCondition));
            for card in &order.cards {
                prop_assert_eq!(card.indicator == "critical", card.kind == CardKind::ContractCondition || card.kind == CardKind::Pregnancy);
                prop_assert!(!matches!(card.kind, CardKind::DoseAboveLimit | CardKind::DoseAddsToTaken | CardKind::DoseUnknown));
                for s in &card.suggestions {
                    prop_assert!(s.actions.iter().all(|a| a.kind == "delete"), "{:?}", s);
                }
            }
            prop_assert_eq!(view.cards.len(), 1);
            prop_assert!(view.cards[0].summary.contains(&data.decision.not_advised), "{}", view.cards[0].summary);
        }
        let cap = engine.content().supplemental_ul_mg(f64::from(u32::try_from(r.age).unwrap()), jurisdiction).unwrap_or(0.0);
        let taken = r.taken.map_or(0.0, |(_, mg)| mg.round());
        for card in &order.cards {
            prop_assert!(card.summary.chars().count() < 140);
            prop_assert!(card.source.url.is_some());
            for s in &card.suggestions {
                for a in s.actions.iter().filter(|a| a.kind == "update") {
                    let mut resource = a.resource.clone().unwrap();
                    resource.as_object_mut().unwrap().remove("resourceType");
                    let m: MedicationUse = serde_json::from_value(resource).unwrap();
                    let product = dose::product(&m, engine.content(), &data).unwrap();
                    let d = dose::ordered(&m, &product).unwrap();
                    prop_assert!(d.elemental_mg_per_day <= (cap - taken).max(0.0) + 1e-9,
                        "suggested {} mg a day, cap {} less {} taken", d.elemental_mg_per_day, cap, taken);
                }
            }
        }
    }
}
