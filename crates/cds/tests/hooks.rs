//! The services' logic on synthetic FHIR R4 records, one test per card kind.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{fixture, normalized, run, run_value, run_value_in};
use crampwise_cds::card::{CardKind, CdsResponse};
use crampwise_cds::hooks::Problem;
use serde_json::{json, Value};

fn kinds(r: &CdsResponse) -> Vec<CardKind> {
    r.cards.iter().map(|c| c.kind).collect()
}

#[test]
fn kidney_disease_is_critical_and_offers_to_remove_the_order() {
    let r = run("order-kidney-disease");
    assert_eq!(kinds(&r), [CardKind::ContractCondition]);
    let card = &r.cards[0];
    assert_eq!(card.indicator, "critical");
    assert!(card.summary.contains("Kidney disease"), "{}", card.summary);
    assert!(
        card.detail.contains("may not be cleared"),
        "{}",
        card.detail
    );
    let action = &card.suggestions[0].actions[0];
    assert_eq!(action.kind, "delete");
    assert_eq!(
        action.resource_id.as_deref(),
        Some(&["MedicationRequest/draft-1".to_owned()][..])
    );
    assert_eq!(card.selection_behavior, Some("at-most-one"));
    assert!(card.source.url.as_deref().unwrap().starts_with("https://"));
}

#[test]
fn a_low_egfr_is_read_as_kidney_disease() {
    assert_eq!(kinds(&run("order-egfr")), [CardKind::ContractCondition]);
    // The same result at 45 is no kidney disease: no card.
    let mut request = fixture("order-egfr");
    request["prefetch"]["observations"]["entry"][0]["resource"]["valueQuantity"]["value"] =
        json!(45);
    assert!(run_value(&request).unwrap().cards.is_empty());
}

#[test]
fn heart_block_and_myasthenia_each_give_a_critical_card() {
    let r = run("order-heart-block-myasthenia");
    assert_eq!(
        kinds(&r),
        [CardKind::ContractCondition, CardKind::ContractCondition]
    );
    assert!(r.cards[0].summary.contains("Heart block"));
    assert!(r.cards[1].summary.contains("Myasthenia gravis"));
}

#[test]
fn pregnancy_is_a_critical_clinician_first_point() {
    let r = run("order-pregnancy");
    assert_eq!(kinds(&r), [CardKind::Pregnancy]);
    assert_eq!(r.cards[0].indicator, "critical");
}

#[test]
fn a_dose_above_the_limit_is_worked_out_from_form_strength_and_timing() {
    let r = run("order-dose-above-limit");
    assert_eq!(kinds(&r), [CardKind::DoseAboveLimit]);
    let card = &r.cards[0];
    // 2 tablets of 400 mg oxide twice a day: 1600 mg x 0.603 = 964.8 mg of magnesium.
    assert!(card.summary.contains("964.8 mg a day"), "{}", card.summary);
    assert!(
        card.summary.contains("350 mg a day this patient can add"),
        "{}",
        card.summary
    );
    assert!(
        card.detail
            .contains("800 mg of magnesium oxide a dose, is about 482.4 mg of magnesium, 2 a day"),
        "{}",
        card.detail
    );
    // One tablet twice a day (482.4 mg) still passes 350 mg: once a day (241.2 mg) fits.
    let suggestion = &card.suggestions[0];
    assert_eq!(
        suggestion.label,
        "Lower the dose to 1 tablet once a day (241.2 mg magnesium a day)"
    );
    let resource = suggestion.actions[0].resource.as_ref().unwrap();
    assert_eq!(resource["resourceType"], "MedicationRequest");
    assert_eq!(resource["id"], "draft-1");
    let dosage = &resource["dosageInstruction"][0];
    assert_eq!(dosage["doseAndRate"][0]["doseQuantity"]["value"], json!(1));
    assert_eq!(
        dosage["timing"]["repeat"],
        json!({"frequency": 1, "period": 1, "periodUnit": "d"})
    );
}

#[test]
fn a_service_set_to_the_eu_checks_the_dose_against_the_eu_limit() {
    let r = run_value_in(
        &fixture("order-dose-above-limit"),
        Some(crampwise::Jurisdiction::Eu),
    )
    .unwrap();
    assert_eq!(kinds(&r), [CardKind::DoseAboveLimit]);
    let card = &r.cards[0];
    assert!(
        card.summary.contains("250 mg a day this patient can add"),
        "{}",
        card.summary
    );
    assert!(
        card.summary.contains("(eu)") || card.detail.contains("(eu)"),
        "{}",
        card.detail
    );
    // Once a day (241.2 mg) fits under 250 mg too.
    assert_eq!(
        card.suggestions[0].label,
        "Lower the dose to 1 tablet once a day (241.2 mg magnesium a day)"
    );
    // The same order for a US service names the US limit.
    let us = run("order-dose-above-limit");
    assert!(
        us.cards[0].summary.contains("350 mg a day"),
        "{}",
        us.cards[0].summary
    );
}

#[test]
fn magnesium_already_taken_spacing_and_depletion() {
    let r = run("order-taken-spacing-depletion");
    assert_eq!(
        kinds(&r),
        [
            CardKind::DoseAboveLimit,
            CardKind::DoseAddsToTaken,
            CardKind::Spacing,
            CardKind::Depletion
        ]
    );
    // 200 mg elemental citrate is on the record: 150 mg is left, 240 mg ordered.
    assert!(
        r.cards[0].summary.contains("240 mg a day"),
        "{}",
        r.cards[0].summary
    );
    assert!(
        r.cards[0].summary.contains("150 mg"),
        "{}",
        r.cards[0].summary
    );
    assert!(
        r.cards[1].detail.contains("440 mg a day"),
        "{}",
        r.cards[1].detail
    );
    assert!(
        r.cards[2].summary.contains("Levothyroxine") && r.cards[2].summary.contains("4 h"),
        "{}",
        r.cards[2].summary
    );
    assert!(
        r.cards[3].summary.contains("Proton pump")
            || r.cards[3].summary.to_lowercase().contains("ppi")
            || r.cards[3].summary.contains("acid"),
        "{}",
        r.cards[3].summary
    );
}

#[test]
fn an_unreadable_dose_says_so() {
    let r = run("order-dose-unknown");
    assert_eq!(kinds(&r), [CardKind::DoseUnknown]);
    assert!(
        r.cards[0].detail.contains("Milk of Magnesia"),
        "{}",
        r.cards[0].detail
    );
}

#[test]
fn unrecognised_codes_give_no_card() {
    let r = run("order-unrecognised");
    assert!(r.cards.is_empty(), "{:?}", kinds(&r));
}

#[test]
fn no_birth_date_gives_one_warning() {
    assert_eq!(kinds(&run("order-no-birth-date")), [CardKind::AgeUnknown]);
}

#[test]
fn patient_view_gives_the_plan_for_cramps() {
    let r = run("patient-view-cramps");
    assert_eq!(kinds(&r), [CardKind::PatientView]);
    let card = &r.cards[0];
    assert_eq!(card.indicator, "info");
    assert_eq!(card.links[0].url, common::INTAKE);
    assert!(card.detail.contains("not a diagnosis"), "{}", card.detail);
    // Without cramps or a risk medicine there is nothing to say.
    let mut request = fixture("patient-view-cramps");
    request["prefetch"]["conditions"]
        .as_object_mut()
        .unwrap()
        .remove("entry");
    request["prefetch"]["medicationStatements"]
        .as_object_mut()
        .unwrap()
        .remove("entry");
    assert!(run_value(&request).unwrap().cards.is_empty());
}

#[test]
fn no_magnesium_order_needs_no_prefetch() {
    let mut request = fixture("order-dose-above-limit");
    request["context"]["draftOrders"]["entry"][0]["resource"]["medicationCodeableConcept"]
        ["text"] = json!("Amoxicillin 500 MG Oral Capsule");
    request.as_object_mut().unwrap().remove("prefetch");
    assert!(run_value(&request).unwrap().cards.is_empty());
}

#[test]
fn missing_prefetch_is_named() {
    let mut request = fixture("order-dose-above-limit");
    request["prefetch"]
        .as_object_mut()
        .unwrap()
        .remove("conditions");
    request["prefetch"]["medicationRequests"] = Value::Null;
    match run_value(&request) {
        Err(Problem::MissingPrefetch { keys, fhir_server }) => {
            assert_eq!(keys, ["conditions", "medicationRequests"]);
            assert!(fhir_server);
        }
        other => panic!("{other:?}"),
    }
}

fn bad(request: &Value) -> (String, String) {
    match run_value(request) {
        Err(Problem::Bad(e)) => (e.path, e.message),
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_requests_name_the_path() {
    let mut r = fixture("order-kidney-disease");
    r["prefetch"]["patient"]["birthDate"] = json!(1960);
    assert_eq!(bad(&r).0, "prefetch.patient.birthDate");
    let mut r = fixture("order-kidney-disease");
    r["prefetch"]["patient"]["birthDate"] = json!("15/03/1960");
    assert_eq!(
        bad(&r),
        (
            "prefetch.patient.birthDate".to_owned(),
            "`15/03/1960` is not a FHIR date, expected `YYYY`, `YYYY-MM` or `YYYY-MM-DD`"
                .to_owned()
        )
    );
    let mut r = fixture("order-kidney-disease");
    r["prefetch"]["conditions"]["entry"][0]["resource"]["code"]["coding"] = json!("709044004");
    let (path, message) = bad(&r);
    assert_eq!(path, "prefetch.conditions.entry[0].resource.code.coding");
    assert!(message.contains("expected a sequence"), "{message}");
    let mut r = fixture("order-kidney-disease");
    r["context"]["draftOrders"]["entry"][0]["resource"]["dosageInstruction"][0]["doseAndRate"][0]
        ["doseQuantity"]["value"] = json!("two");
    assert_eq!(bad(&r).0, "context.draftOrders.entry[0].resource.dosageInstruction[0].doseAndRate[0].doseQuantity.value");
    let mut r = fixture("order-kidney-disease");
    r["hookInstanse"] = json!("x");
    let (path, message) = bad(&r);
    assert_eq!(path, "hookInstanse");
    assert!(
        message.starts_with("unknown field `hookInstanse`, expected one of `hook`, `hookInstance`"),
        "{message}"
    );
    let mut r = fixture("order-kidney-disease");
    r["prefetch"]["conditions"] = json!({"resourceType": "Patient"});
    assert_eq!(
        bad(&r),
        (
            "prefetch.conditions.resourceType".to_owned(),
            "expected a `Bundle` (a search result)".to_owned()
        )
    );
    let mut r = fixture("order-kidney-disease");
    r["prefetch"]["patient"]["birthDate"] = json!("1800-01-01");
    let (path, message) = bad(&r);
    assert_eq!(path, "prefetch.patient.birthDate");
    assert!(message.contains("226"), "{message}");
}

#[test]
fn deep_or_large_bodies_are_refused() {
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let e = crampwise_cds::request::parse_request(deep.as_bytes()).unwrap_err();
    assert!(
        e.message.starts_with("nested deeper than `64` levels"),
        "{}",
        e.message
    );
    let big = vec![b' '; crampwise_cds::request::MAX_REQUEST_BYTES + 1];
    assert!(crampwise_cds::request::parse_request(&big)
        .unwrap_err()
        .message
        .contains("larger than the limit"));
}

#[test]
fn fhir_resources_round_trip() {
    use crampwise_cds::fhir::Resource;
    for name in common::fixture_names() {
        let request = fixture(&name);
        let mut values: Vec<Value> = request["prefetch"]
            .as_object()
            .unwrap()
            .values()
            .cloned()
            .collect();
        if !request["context"]["draftOrders"].is_null() {
            values.push(request["context"]["draftOrders"].clone());
        }
        for value in values {
            let typed: Resource = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(&typed).unwrap(), value, "{name}");
            if let Resource::Bundle(b) = &typed {
                for r in b.resources() {
                    assert!(!matches!(r, Resource::Other(_)), "{name}: {r:?}");
                }
            }
        }
    }
    // Types not modelled are kept whole.
    let other =
        json!({"resourceType": "AllergyIntolerance", "id": "a1", "code": {"text": "penicillin"}});
    let typed: Resource = serde_json::from_value(other.clone()).unwrap();
    assert!(matches!(typed, Resource::Other(_)));
    assert_eq!(serde_json::to_value(&typed).unwrap(), other);
}

#[test]
fn cards_are_stable_for_one_call_and_differ_between_calls() {
    let a = run("order-kidney-disease");
    assert_eq!(a, run("order-kidney-disease"));
    let mut request = fixture("order-kidney-disease");
    request["hookInstance"] = json!("another-call");
    let b = run_value(&request).unwrap();
    assert_ne!(a.cards[0].uuid, b.cards[0].uuid);
    assert_eq!(a.cards[0].summary, b.cards[0].summary);
}

/// The golden responses (validated against the schema by
/// tests/test_cds_schema.py) are what the service gives; set
/// `CRAMPWISE_UPDATE_GOLDEN=1` to rewrite them after a deliberate change.
#[test]
fn golden_responses() {
    let update = std::env::var_os("CRAMPWISE_UPDATE_GOLDEN").is_some();
    let dir = common::data_dir().join("responses");
    for name in common::fixture_names() {
        let response = run(&name);
        for card in &response.cards {
            assert!(
                card.summary.chars().count() < 140,
                "{name}: {}",
                card.summary
            );
            assert!(card.source.url.is_some(), "{name}: {:?}", card.kind);
        }
        let got = normalized(&response);
        let path = dir.join(format!("{name}.json"));
        if update {
            std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
            continue;
        }
        let want: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or_else(|_| {
                panic!(
                    "{}: missing or not JSON; run with CRAMPWISE_UPDATE_GOLDEN=1",
                    path.display()
                )
            });
        assert_eq!(got, want, "{name}");
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        common::fixture_names().len(),
        "a golden file without its request: {names:?}"
    );
}

/// The README's example request gives the README's example response.
#[test]
fn readme_example() {
    let readme = std::fs::read_to_string(common::data_dir().join("../../../../README.md")).unwrap();
    let block = |marker: &str| -> Value {
        let start = readme
            .find(marker)
            .unwrap_or_else(|| panic!("README lacks `{marker}`"));
        let rest = &readme[start..];
        let open = rest.find("```json\n").unwrap() + "```json\n".len();
        let close = rest[open..].find("\n```").unwrap();
        serde_json::from_str(&rest[open..open + close]).unwrap()
    };
    let request = block("<!-- cds-example: request order-dose-above-limit -->");
    assert_eq!(request, fixture("order-dose-above-limit"));
    let response = block("<!-- cds-example: response order-dose-above-limit -->");
    assert_eq!(response, normalized(&run_value(&request).unwrap()));
}

/// Replaces a medication use's `medicationCodeableConcept` with a
/// `medicationReference` to `reference`.
fn by_reference(resource: &mut Value, reference: &str) -> Value {
    let concept = resource
        .as_object_mut()
        .unwrap()
        .remove("medicationCodeableConcept")
        .unwrap();
    resource["medicationReference"] = json!({"reference": reference});
    concept
}

fn medication(id: &str, code: Value) -> Value {
    json!({"resourceType": "Medication", "id": id, "code": code})
}

/// The cards of a response, without the uuids and version labels that
/// depend on nothing but the call.
fn cards_of(r: &CdsResponse) -> Value {
    let mut v = normalized(r);
    for card in v["cards"].as_array_mut().unwrap() {
        // The suggestion's resource is the order as sent (with its reference).
        for s in card["suggestions"].as_array_mut().into_iter().flatten() {
            for a in s["actions"].as_array_mut().unwrap() {
                a.as_object_mut().unwrap().remove("resource");
            }
        }
    }
    v
}

#[test]
fn a_medication_reference_to_a_contained_medication_is_read() {
    let want = run("order-dose-above-limit");
    let mut request = fixture("order-dose-above-limit");
    let order = &mut request["context"]["draftOrders"]["entry"][0]["resource"];
    let concept = by_reference(order, "#med1");
    order["contained"] = json!([medication("med1", concept)]);
    let got = run_value(&request).unwrap();
    assert_eq!(kinds(&got), [CardKind::DoseAboveLimit]);
    assert_eq!(cards_of(&got), cards_of(&want));
}

#[test]
fn a_medication_reference_into_a_bundle_is_read_by_id_or_full_url() {
    let want = run("order-dose-above-limit");
    for (reference, full_url) in [
        (
            "Medication/123",
            "https://ehr.example.org/fhir/Medication/123",
        ),
        (
            "urn:uuid:7f1c0d2e-0000-4000-8000-000000000123",
            "urn:uuid:7f1c0d2e-0000-4000-8000-000000000123",
        ),
    ] {
        // In the draft orders' bundle.
        let mut request = fixture("order-dose-above-limit");
        let concept = by_reference(
            &mut request["context"]["draftOrders"]["entry"][0]["resource"],
            reference,
        );
        request["context"]["draftOrders"]["entry"]
            .as_array_mut()
            .unwrap()
            .push(json!({"fullUrl": full_url, "resource": medication("123", concept.clone())}));
        assert_eq!(
            cards_of(&run_value(&request).unwrap()),
            cards_of(&want),
            "{reference}"
        );
        // In the prefetched medication requests.
        let mut request = fixture("order-dose-above-limit");
        by_reference(
            &mut request["context"]["draftOrders"]["entry"][0]["resource"],
            reference,
        );
        request["prefetch"]["medicationRequests"]["entry"] =
            json!([{"fullUrl": full_url, "resource": medication("123", concept)}]);
        assert_eq!(
            cards_of(&run_value(&request).unwrap()),
            cards_of(&want),
            "{reference}"
        );
    }
}

#[test]
fn an_unresolvable_medication_reference_is_not_recognised() {
    for (reference, contained) in [
        // Not there at all.
        ("Medication/999", json!([])),
        // A contained id that is not the one named.
        (
            "#med2",
            json!([medication(
                "med1",
                json!({"text": "Magnesium oxide 400 MG Oral Tablet"})
            )]),
        ),
        // A relative reference never matches a contained resource.
        (
            "Medication/med1",
            json!([medication(
                "med1",
                json!({"text": "Magnesium oxide 400 MG Oral Tablet"})
            )]),
        ),
        // The reference resolves to something that is not a Medication.
        ("#p", json!([{"resourceType": "Patient", "id": "p"}])),
        // A Medication without a code names nothing.
        (
            "#med1",
            json!([{"resourceType": "Medication", "id": "med1"}]),
        ),
    ] {
        let mut request = fixture("order-dose-above-limit");
        let order = &mut request["context"]["draftOrders"]["entry"][0]["resource"];
        by_reference(order, reference);
        order["contained"] = contained;
        let r = run_value(&request).unwrap();
        assert!(r.cards.is_empty(), "{reference}: {:?}", kinds(&r));
    }
    // A Medication elsewhere with the same id but another type's reference.
    let mut request = fixture("order-dose-above-limit");
    let concept = by_reference(
        &mut request["context"]["draftOrders"]["entry"][0]["resource"],
        "Substance/123",
    );
    request["context"]["draftOrders"]["entry"]
        .as_array_mut()
        .unwrap()
        .push(json!({"fullUrl": "urn:uuid:9", "resource": medication("123", concept)}));
    assert!(run_value(&request).unwrap().cards.is_empty());
}

#[test]
fn a_referenced_medication_on_the_record_counts_as_taken() {
    // The citrate on the record, by reference into its own bundle.
    let want = run("order-taken-spacing-depletion");
    let mut request = fixture("order-taken-spacing-depletion");
    let entries = request["prefetch"]["medicationStatements"]["entry"]
        .as_array_mut()
        .unwrap();
    let concept = by_reference(&mut entries[0]["resource"], "Medication/citrate");
    entries.push(json!({"fullUrl": "urn:uuid:m", "resource": medication("citrate", concept)}));
    assert_eq!(cards_of(&run_value(&request).unwrap()), cards_of(&want));
    // Unresolved, it is not counted: no "adds to what is taken" card.
    let mut request = fixture("order-taken-spacing-depletion");
    by_reference(
        &mut request["prefetch"]["medicationStatements"]["entry"][0]["resource"],
        "Medication/gone",
    );
    let r = run_value(&request).unwrap();
    assert!(
        !kinds(&r).contains(&CardKind::DoseAddsToTaken),
        "{:?}",
        kinds(&r)
    );
}

#[test]
fn the_strength_comes_from_the_ingredient_when_the_name_has_none() {
    let want = run("order-dose-above-limit");
    let mut request = fixture("order-dose-above-limit");
    let order = &mut request["context"]["draftOrders"]["entry"][0]["resource"];
    by_reference(order, "#med1");
    let ingredient = |numerator: Value, denominator: Value| {
        json!([{
            "resourceType": "Medication", "id": "med1",
            "code": {"text": "Magnesium oxide oral tablet"},
            "ingredient": [{
                "itemCodeableConcept": {"text": "Magnesium oxide"},
                "isActive": true,
                "strength": {"numerator": numerator, "denominator": denominator}
            }]
        }])
    };
    order["contained"] = ingredient(
        json!({"value": 400, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}),
        json!({"value": 1, "unit": "tablet", "system": "http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm", "code": "TAB"}),
    );
    let got = run_value(&request).unwrap();
    assert_eq!(kinds(&got), [CardKind::DoseAboveLimit]);
    // 2 tablets of 400 mg oxide twice a day, as when the name says 400 MG.
    assert!(
        got.cards[0].summary.contains("964.8 mg a day"),
        "{}",
        got.cards[0].summary
    );
    assert_eq!(
        cards_of(&want)["cards"][0]["suggestions"][0]["label"],
        cards_of(&got)["cards"][0]["suggestions"][0]["label"]
    );
    // A strength in grams, or per 5 mL, is not read: the dose is unknown.
    for (numerator, denominator) in [
        (
            json!({"value": 0.4, "unit": "g"}),
            json!({"value": 1, "unit": "tablet"}),
        ),
        (
            json!({"value": 400, "unit": "mg"}),
            json!({"value": 5, "unit": "mL"}),
        ),
    ] {
        let order = &mut request["context"]["draftOrders"]["entry"][0]["resource"];
        order["contained"] = ingredient(numerator, denominator);
        assert_eq!(
            kinds(&run_value(&request).unwrap()),
            [CardKind::DoseUnknown]
        );
    }
}
