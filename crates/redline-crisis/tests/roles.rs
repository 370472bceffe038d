//! Roles, not countries: every shipped crisis runs through the same roles,
//! a scenario's actors must fill them, and the keys named for Iran before
//! roles existed still mean what they meant.

use redline_crisis::assume::Assumptions;
use redline_crisis::{CrisisModel, ensemble};

fn model(id: &str, sets: &[&str]) -> Result<CrisisModel, redline_core::InputError> {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    CrisisModel::new(redline_scenarios::load_shipped(id, &sets)?)
}

#[test]
fn every_shipped_scenario_fills_the_roles_and_uses_every_actor() {
    for id in redline_scenarios::ids() {
        let model = model(id, &[]).unwrap_or_else(|e| panic!("{id}: {e}"));
        let roles = model.roles();
        assert_eq!(roles.strikers[0].actor.id, roles.coercer.id, "{id}");
        assert_eq!(roles.strikers.len(), 1 + roles.allies.len(), "{id}");
        // Every strike outcome belongs to a striker, and each striker has one.
        let strikes: Vec<&str> = model
            .outcomes()
            .outcomes()
            .filter_map(|o| o.actor.as_deref())
            .collect();
        assert_eq!(strikes.len(), roles.strikers.len(), "{id}: {strikes:?}");
        // No declared actor goes unused (the 2013 case's sanctions outcomes
        // cannot happen there: it warns about them, not about an actor).
        for w in model.warnings() {
            assert!(
                !w.message.contains("is not used"),
                "{id}: an unused actor: {w}"
            );
        }
    }
}

#[test]
fn the_crises_beyond_iran_have_their_own_actors_and_outcomes() {
    let nk = model("north-korea-2017-08-08", &[]).expect("loads");
    assert_eq!(nk.roles().target.id, "north_korea");
    assert!(nk.roles().allies.is_empty());
    let ids: Vec<&str> = nk.outcomes().ids().collect();
    assert!(ids.contains(&"strike_us") && ids.contains(&"nuclear_test"));
    // Already so on the day: out of the forecast, not forecast at 100 %.
    assert!(!ids.contains(&"treaty_withdrawal") && !ids.contains(&"weaponization_decision"));
    let libya = model("libya-2003-03-20", &[]).expect("loads");
    assert!(libya.roles().guarantors.is_empty());
    assert!(!libya.outcomes().ids().any(|id| id.starts_with("sanctions")));
    assert!(libya.warnings().is_empty(), "{:?}", libya.warnings());
    assert!(nk.warnings().is_empty(), "{:?}", nk.warnings());
}

#[test]
fn an_outcome_already_so_on_the_as_of_date_is_refused_in_outcomes() {
    let text = redline_scenarios::by_id("north-korea-2017-08-08")
        .expect("shipped")
        .1
        .replace(
            "[outcomes.nuclear_test]",
            "[outcomes.npt]\nkind = \"treaty_withdrawal\"\n[outcomes.nuclear_test]",
        );
    let read = |path: &std::path::Path| -> std::io::Result<String> {
        match path.to_str() {
            Some("nk.toml") => Ok(text.clone()),
            _ => Err(std::io::ErrorKind::NotFound.into()),
        }
    };
    let loaded = redline_scenarios::load(Some(std::path::Path::new("nk.toml")), &[], &[], &read)
        .expect("loads");
    let error = CrisisModel::new(loaded).expect_err("refused");
    assert!(
        error.to_string().contains("already left its treaty"),
        "{error}"
    );
    assert_eq!(error.key.as_deref(), Some("outcomes.npt"));
}

#[test]
fn a_scenario_must_name_one_target_and_one_coercer() {
    let flagship = redline_scenarios::FLAGSHIP;
    let cases = [
        (
            flagship.replace("role = \"coercer\"", "role = \"ally\""),
            "no actor has the role `coercer`",
        ),
        (
            flagship.replace("role = \"mediator\"", "role = \"target\""),
            "a second `target`",
        ),
    ];
    for (text, words) in cases {
        let read = |path: &std::path::Path| -> std::io::Result<String> {
            match path.to_str() {
                Some("case.toml") => Ok(text.clone()),
                _ => Err(std::io::ErrorKind::NotFound.into()),
            }
        };
        let scenario =
            redline_scenarios::load(Some(std::path::Path::new("case.toml")), &[], &[], &read)
                .expect("the file format is fine");
        let error = CrisisModel::new(scenario).expect_err(words);
        assert!(error.to_string().contains(words), "{error}");
        assert!(error.line.is_some(), "located: {error}");
    }
}

#[test]
fn old_keys_still_set_the_same_parameters() {
    // The same change written with the old key and the new one gives the
    // same forecast, byte for byte.
    let runs = 600;
    let forecast = |sets: &[&str]| {
        let m = model(redline_scenarios::FLAGSHIP_ID, sets).expect("loads");
        ensemble::forecast(&m, &Assumptions::none(), runs, 7, 1, &|_| {}).counts
    };
    let old = forecast(&[
        "strikes.israel.base_annual=0.5",
        "reciprocity.iran_response=0.1",
        "initial.goldstein_us_to_iran=-8",
    ]);
    let new = forecast(&[
        "actors.israel.strike.base_annual=0.5",
        "reciprocity.target_response=0.1",
        "initial.goldstein_coercer_to_target=-8",
    ]);
    assert_eq!(old, new);
    assert_ne!(old, forecast(&[]), "the change changes the forecast");
}

#[test]
fn a_mediator_role_is_what_gives_the_back_channel_its_mediator() {
    // Recasting the mediator as a guarantor leaves `talks.mediator_available`
    // at 1 but removes the mediator's bonus: fewer secret talks, on common
    // random numbers, and a warning says why.
    let base = model(redline_scenarios::FLAGSHIP_ID, &[]).expect("loads");
    let text = redline_scenarios::FLAGSHIP.replace("role = \"mediator\"", "role = \"guarantor\"");
    let read = |path: &std::path::Path| -> std::io::Result<String> {
        match path.to_str() {
            Some("case.toml") => Ok(text.clone()),
            _ => Err(std::io::ErrorKind::NotFound.into()),
        }
    };
    let scenario =
        redline_scenarios::load(Some(std::path::Path::new("case.toml")), &[], &[], &read)
            .expect("loads");
    let without = CrisisModel::new(scenario).expect("valid");
    assert!(
        without
            .warnings()
            .iter()
            .any(|w| w.message.contains("no actor has the role `mediator`"))
    );
    let none = Assumptions::none();
    let d = ensemble::paired((&base, &none), (&without, &none), 4000, 11);
    let secret = d[0];
    assert!(secret.ci95.1 < 0.0, "{secret:?}");
}
