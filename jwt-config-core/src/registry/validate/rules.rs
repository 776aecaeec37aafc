//! The rules between settings: each names settings of the kinds it compares.

use super::{Place, Validator};
use crate::registry::{Kind, Rule};

impl Validator<'_> {
    pub(super) fn rules(&mut self) {
        for (index, rule) in self.registry.rules().iter().enumerate() {
            match *rule {
                Rule::LongerThan {
                    longer, shorter, ..
                } => {
                    self.operand(index, "setting", longer, Operand::Duration);
                    self.operand(index, "than", shorter, Operand::Duration);
                }
                Rule::Distinct { setting, from, .. } => {
                    self.operand(index, "setting", setting, Operand::Secret);
                    self.operand(index, "from", from, Operand::Secret);
                }
                Rule::TrueOnlyIn { setting, .. } => {
                    self.operand(index, "setting", setting, Operand::Flag);
                }
            }
            if let Rule::LongerThan {
                longer: a,
                shorter: b,
                ..
            }
            | Rule::Distinct {
                setting: a,
                from: b,
                ..
            } = *rule
                && a == b
            {
                self.problem(
                    Place::Rule {
                        index,
                        key: "setting",
                    },
                    format!("the rule compares `{a}` with itself"),
                );
            }
        }
    }

    /// The setting `name` under `key` of rule `index` exists and is of the
    /// kind the rule compares.
    fn operand(&mut self, index: usize, key: &'static str, name: &str, needs: Operand) {
        let place = Place::Rule { index, key };
        match self.registry.get(name) {
            None => self.problem(
                place,
                format!("the rule names `{name}`, which is not a setting of this registry"),
            ),
            Some(setting) if !needs.fits(setting.kind) => self.problem(
                place,
                format!(
                    "the rule compares `{name}`, a {} setting; it needs {}",
                    setting.kind.name(),
                    needs.name()
                ),
            ),
            Some(_) => {}
        }
    }
}

/// The kinds a rule compares.
#[derive(Clone, Copy)]
enum Operand {
    Duration,
    Secret,
    Flag,
}

impl Operand {
    fn fits(self, kind: Kind) -> bool {
        match self {
            Operand::Duration => matches!(kind, Kind::Duration { .. }),
            Operand::Secret => kind == Kind::Secret,
            Operand::Flag => kind == Kind::Flag,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Operand::Duration => "a duration",
            Operand::Secret => "a secret",
            Operand::Flag => "a flag",
        }
    }
}
