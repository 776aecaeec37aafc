//! What a source says of a variable beyond its value: why it cannot show
//! it ([`Unseen`]), and what is wrong with how it sets it ([`Defect`]).

use std::borrow::Cow;
use std::fmt;

use zeroize::Zeroizing;

use crate::registry::Loader;

impl fmt::Debug for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Defect::Redefined { lines } => {
                f.debug_struct("Redefined").field("lines", lines).finish()
            }
            Defect::Unresolved { reference, line } => f
                .debug_struct("Unresolved")
                .field("reference_bytes", &reference.len())
                .field("line", line)
                .finish(),
            Defect::FromOutside {
                reference, line, ..
            } => f
                .debug_struct("FromOutside")
                .field("reference_bytes", &reference.len())
                .field("line", line)
                .finish(),
            Defect::LoadersDisagree { line, readings, .. } => f
                .debug_struct("LoadersDisagree")
                .field("line", line)
                .field(
                    "loaders",
                    &readings
                        .iter()
                        .map(|(loader, _)| *loader)
                        .collect::<Vec<_>>(),
                )
                .finish_non_exhaustive(),
        }
    }
}

/// Why a source cannot show a value it sets ([`Source::held_outside`](crate::Source::held_outside)), or
/// why a name it does not set may be set where it cannot see
/// ([`Source::maybe_held_outside`](crate::Source::maybe_held_outside)): in the source's own words, which the
/// load's warning prints.
///
/// ```
/// use jwt_config::Unseen;
///
/// let unseen = Unseen::new(
///     "held_outside",
///     "set from a vault the deployment does not hold",
///     "check it where it is kept",
/// );
/// assert_eq!(unseen.code(), "held_outside");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unseen {
    pub(super) code: &'static str,
    pub(super) reason: Cow<'static, str>,
    pub(super) fix: Cow<'static, str>,
}

impl Unseen {
    /// `code`, what reports call the cause (`held_outside`, or the source's
    /// own); `reason`, why, as a clause a warning goes on from ("set from a
    /// Secret the manifests do not hold"); `fix`, what to do.
    pub fn new(
        code: &'static str,
        reason: impl Into<Cow<'static, str>>,
        fix: impl Into<Cow<'static, str>>,
    ) -> Unseen {
        Unseen {
            code,
            reason: reason.into(),
            fix: fix.into(),
        }
    }

    /// What reports call the cause: `held_outside`, `maybe_held_outside`,
    /// or the source's own (`quotes_secret`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Why the value cannot be seen, as a clause.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// What to do.
    pub fn fix(&self) -> &str {
        &self.fix
    }
}

/// A source's words for a `$reference` it leaves to whoever reads it (see
/// [`Defect::FromOutside`]): a problem says "its value on line 3 comes from
/// `$NAME`, which {unset_in}: {filled_by}", and its fix "set `NAME`
/// {set_in}, or write the value in the file".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outside {
    /// What reports call the problem (`from_shell`).
    pub code: &'static str,
    /// Where the name is not set, as a clause ("neither the Compose file
    /// nor its .env sets").
    pub unset_in: &'static str,
    /// Who would fill it in, and from where ("Compose would take it from
    /// the shell of whoever deploys").
    pub filled_by: &'static str,
    /// Where to set it ("in the project's .env beside the Compose file").
    pub set_in: &'static str,
}

/// Something wrong with how a source sets a variable, beyond its value.
///
/// `Debug` leaves out the name of an unresolved reference: in a secret's
/// value it is part of the secret.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Defect {
    /// Set on several lines with different values: loaders disagree on
    /// which one counts.
    Redefined {
        /// Every line that sets it, in order; the first is the one read.
        lines: Vec<usize>,
    },
    /// Its value refers to `$reference`, which the file does not define
    /// above it (the empty name: a `$` with no name after it). dotenvy
    /// would fill it in from the environment of whoever reads the file.
    Unresolved {
        /// The name referred to.
        reference: String,
        /// The line of the assignment.
        line: usize,
    },
    /// Its value refers to `$reference` (or is `reference` alone), which
    /// the source does not set: whoever reads the source would take it
    /// from outside it, as `outside` words.
    FromOutside {
        /// The name referred to.
        reference: String,
        /// The line of the entry.
        line: usize,
        /// The source's words for where the name is unset and who would
        /// fill it in.
        outside: Outside,
    },
    /// The loaders a service may use read its line differently (the
    /// registry does not say which one the service uses).
    LoadersDisagree {
        /// The line of the assignment.
        line: usize,
        /// What each loader reads: `None` where it sets nothing. Values
        /// are wiped when dropped, and `Debug` leaves them out.
        readings: Vec<(Loader, Option<Zeroizing<String>>)>,
        /// Whether every reading is text of the assignment's own line: a
        /// loader may read a value over several lines (an open quote), and
        /// then the others' variables, secrets among them, are part of it.
        /// Only readings of the line itself may be shown.
        within_line: bool,
    },
}
