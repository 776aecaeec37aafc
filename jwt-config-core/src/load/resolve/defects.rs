//! What is wrong with how a value is set, beyond the value: defects the
//! source reports, blanks around a value, a value that quotes a secret.

use secrecy::SecretString;

use crate::environment::EnvSet;
use crate::load::error::ProblemKind;
use crate::load::loaded::{Warning, WarningKind};
use crate::load::source::{Defect, Source};
use crate::registry::{Role, Setting};

use super::engine::Load;
use super::reads::{Read, read};

impl<'s, 'f, S: Source + ?Sized> Load<'_, 's, 'f, S> {
    /// A value read from `var` that starts or ends with whitespace (a
    /// trailing line break, say): services read it as part of the value, so
    /// it is never trimmed silently. A problem where deployed (staging,
    /// production), a warning elsewhere. A secret's is judged by the secret
    /// policy where it is strict.
    pub(super) fn check_untrimmed(
        &mut self,
        setting: &'static Setting,
        var: &'static str,
        value: &str,
    ) {
        // A PEM key ends with a line break as written, and every PEM reader
        // takes it so.
        let pem = matches!(setting.role, Some(Role::PrivateKey | Role::PublicKey));
        if pem || !crate::lexical::untrimmed(value) {
            return;
        }
        let env = self.env.follows;
        if setting.is_secret() && self.registry.secret_policy().strict_in.contains(env) {
            return;
        }
        if EnvSet::DEPLOYED.contains(env) {
            self.problem(
                var,
                ProblemKind::Untrimmed,
                format!("remove the whitespace around the value of {var}"),
            );
        } else {
            self.warnings.push(Warning::new(
                var,
                setting.name,
                self.env,
                WarningKind::Untrimmed,
            ));
        }
    }

    /// Whether the value of `name` may be a secret: it is one of a secret
    /// setting, or a name the registry does not know.
    pub(super) fn may_be_secret(&self, name: &str) -> bool {
        self.registry
            .setting_for(name)
            .is_none_or(|setting| setting.is_secret())
    }

    /// What the source says is wrong with how it sets `name`: each a problem.
    pub(super) fn defects(&mut self, name: &str) {
        let defects = self.source.defects(name);
        // Most sources have none: no iterator to build and drop then.
        if defects.is_empty() {
            return;
        }
        for defect in defects {
            let (kind, fix) = match defect {
                Defect::Redefined { lines } => (
                    ProblemKind::Redefined { lines },
                    format!("keep one line setting {name}"),
                ),
                Defect::Unresolved { reference, line } => {
                    // In a secret, the name after `$` is part of the secret.
                    let secret = self.may_be_secret(name);
                    let fix = if reference.is_empty() || secret {
                        format!(
                            "single-quote the value of {name}, or write `\\$` for a literal `$`"
                        )
                    } else {
                        format!(
                            "define {reference} above {name}, single-quote the value, or write `\\$` for a literal `$`"
                        )
                    };
                    let reference = (!secret).then_some(reference);
                    (ProblemKind::Unresolved { reference, line }, fix)
                }
                Defect::LoadersDisagree {
                    line,
                    readings,
                    within_line,
                } => {
                    // A reading beyond its own line may hold other lines'
                    // secrets: each is shown as a fingerprint then.
                    let secret = self.may_be_secret(name) || !within_line;
                    let readings = readings
                        .into_iter()
                        .map(|(loader, value)| {
                            let shown = match value {
                                None => "nothing".to_owned(),
                                Some(value) if secret => crate::fingerprint::fingerprint(
                                    &SecretString::from(value.as_str()),
                                ),
                                Some(value) => format!("`{}`", value.escape_debug()),
                            };
                            (loader, shown)
                        })
                        .collect();
                    (
                        ProblemKind::LoadersDisagree { line, readings },
                        format!(
                            "declare the loader of this service in its [[service]] (`loader = \"python-dotenv\"`, say), or write {name} so that every loader reads it alike (in double quotes, with no `#`, `$` or backslash)"
                        ),
                    )
                }
                Defect::FromOutside {
                    reference,
                    line,
                    outside,
                } => {
                    // `NAME` alone (no `$`) names the variable itself.
                    let secret = reference != name && self.may_be_secret(name);
                    let fix = if secret {
                        format!(
                            "set the variable {}, or write {name}'s value in the file",
                            outside.set_in
                        )
                    } else {
                        format!(
                            "set {reference} {}, or write the value in the file",
                            outside.set_in
                        )
                    };
                    let reference = (!secret).then_some(reference);
                    (
                        ProblemKind::FromOutside {
                            reference,
                            line,
                            outside,
                        },
                        fix,
                    )
                }
            };
            self.problem(name, kind, fix);
        }
    }

    /// Whether `raw` holds the value of a secret this source sets (under
    /// any name of a secret setting, or a field's own name for one).
    pub(super) fn quotes_a_secret(&self, raw: &str) -> bool {
        let fields = self.fields;
        self.registry
            .iter()
            .filter(|setting| setting.is_secret())
            .flat_map(|setting| {
                std::iter::once(setting.name)
                    .chain(setting.aliases.iter().map(|alias| alias.name))
                    .chain(
                        fields
                            .iter()
                            .filter(move |field| field.setting == setting.name)
                            .filter_map(|field| field.var),
                    )
            })
            .any(|name| match read(self.source, name) {
                Read::Set(secret) => {
                    let secret = secret.trim();
                    secret.len() >= 4 && raw.contains(secret)
                }
                _ => false,
            })
    }
}
