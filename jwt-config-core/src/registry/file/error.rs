//! A registry file's problems, each placed at its line and column.

use std::fmt;
use std::ops::Range;

/// A registry file that cannot be used: every problem found in it.
///
/// `Display` writes one `path:line:column: message` line per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    path: String,
    problems: Vec<FileProblem>,
}

impl FileError {
    /// The file at `path` could not be read at all.
    pub(super) fn unreadable(path: String, err: &std::io::Error) -> FileError {
        FileError {
            path,
            problems: vec![FileProblem {
                position: None,
                message: format!("cannot read the registry file: {err}"),
            }],
        }
    }

    /// The problems `found` in `text`, each at its byte range.
    pub(super) fn new(path: &str, text: &str, mut found: Vec<(Range<usize>, String)>) -> FileError {
        found.sort_by_key(|(span, _)| span.start);
        FileError {
            path: path.to_owned(),
            problems: found
                .into_iter()
                .map(|(span, message)| FileProblem {
                    position: Some(Position::of(text, span.start)),
                    message,
                })
                .collect(),
        }
    }

    /// The file's path, as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Every problem, in the order of the file.
    pub fn problems(&self) -> &[FileProblem] {
        &self.problems
    }

    /// The line a tool writes above the problems: the file and how many
    /// problems it has.
    ///
    /// ```
    /// use jwt_config::registry::Registry;
    ///
    /// let err = Registry::from_toml("acme.toml", "schema = 1\ncolour = 1\n").unwrap_err();
    /// assert_eq!(err.summary(), "the registry file acme.toml cannot be used (1 problem)");
    /// ```
    pub fn summary(&self) -> String {
        format!(
            "the registry file {} cannot be used ({})",
            self.path,
            crate::words::count(self.problems.len() as u64, "problem")
        )
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&self.path)?;
            if let Some(Position { line, column }) = problem.position {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": {}", problem.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FileError {}

/// One problem of a registry file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    position: Option<Position>,
    message: String,
}

impl FileProblem {
    /// The line (from 1) the problem is on, if it has one.
    pub fn line(&self) -> Option<usize> {
        self.position.map(|p| p.line)
    }

    /// The column (from 1, in characters) the problem starts at, if it has one.
    pub fn column(&self) -> Option<usize> {
        self.position.map(|p| p.column)
    }

    /// What is wrong and what to write instead.
    pub fn message(&self) -> &str {
        &self.message
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    line: usize,
    column: usize,
}

impl Position {
    fn of(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line,
            column: before[start..].chars().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_from_one() {
        assert_eq!(Position::of("ab\ncé=1", 6), Position { line: 2, column: 3 });
        assert_eq!(Position::of("", 0), Position { line: 1, column: 1 });
    }
}
