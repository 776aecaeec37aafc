//! The text form of a check report, coloured only on a terminal.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::check::Report;

const HEADING: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const OK: Style = AnsiColor::Green.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// Writes `report` as an operator reads it; `quiet`, only what needs
/// fixing (problems and drift) and the summary.
pub fn text(out: &mut dyn Write, report: &Report, quiet: bool) -> io::Result<()> {
    if !quiet {
        writeln!(
            out,
            "{HEADING}jwt-config check {}{HEADING:#}",
            report.directory
        )?;
        writeln!(
            out,
            "{DIM}registry: {} ({}){DIM:#}",
            report.registry.source, report.registry.fingerprint
        )?;
    }
    for env in &report.environments {
        let failing = env
            .services
            .iter()
            .any(|service| !service.problems.is_empty());
        if quiet && !failing && env.drift.is_consistent() {
            continue;
        }
        writeln!(out)?;
        if env.name.name == env.environment.as_str() {
            writeln!(out, "{HEADING}{}{HEADING:#}", env.name)?;
        } else {
            writeln!(
                out,
                "{HEADING}{}{HEADING:#} {DIM}(follows {}){DIM:#}",
                env.name, env.environment
            )?;
        }
        for service in &env.services {
            let clean = service.problems.is_empty()
                && service.warnings.is_empty()
                && service.unknown.is_empty();
            if quiet && service.problems.is_empty() {
                continue;
            }
            if !service.checked {
                if !quiet {
                    writeln!(
                        out,
                        "  {} {DIM}({}){DIM:#} {DIM}not checked: the registry declares no service `{}`{DIM:#}",
                        service.service, service.file, service.service
                    )?;
                }
                continue;
            }
            write!(out, "  {} {DIM}({}){DIM:#}", service.service, service.file)?;
            if clean {
                writeln!(out, " {OK}ok{OK:#}")?;
                continue;
            }
            writeln!(out)?;
            for problem in &service.problems {
                writeln!(out, "    {ERROR}problem{ERROR:#}: {problem}")?;
            }
            if quiet {
                continue;
            }
            for warning in &service.warnings {
                writeln!(out, "    {WARNING}warning{WARNING:#}: {warning}")?;
            }
            for unknown in &service.unknown {
                writeln!(out, "    {WARNING}warning{WARNING:#}: {unknown}")?;
            }
        }
        if !quiet {
            for absent in &env.absent {
                writeln!(out, "  {WARNING}warning{WARNING:#}: {absent}")?;
            }
        }
        if env.drift.is_consistent() {
            if !quiet {
                let drift = env.drift.to_string();
                let mut lines = drift.lines();
                writeln!(
                    out,
                    "  {OK}drift{OK:#}: {}",
                    lines.next().unwrap_or_default()
                )?;
                for line in lines {
                    writeln!(out, "    {line}")?;
                }
            }
        } else {
            writeln!(out, "  {ERROR}drift{ERROR:#}:")?;
            for line in env.drift.to_string().lines() {
                writeln!(out, "    {line}")?;
            }
        }
    }
    if !quiet && !report.across_environments.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{HEADING}across environments{HEADING:#} {DIM}(information, not drift){DIM:#}"
        )?;
        for difference in &report.across_environments {
            writeln!(out, "  {difference}")?;
        }
    }
    let s = &report.summary;
    writeln!(out)?;
    let (style, verdict) = if report.ok {
        (OK, "consistent")
    } else {
        (ERROR, "not consistent")
    };
    // Even a quiet report says that some services went unjudged.
    let unchecked = if s.unchecked > 0 {
        format!(" ({} not checked)", s.unchecked)
    } else {
        String::new()
    };
    // Nor is a value that could not be compared said to agree.
    let unchecked = if s.not_compared > 0 {
        format!(
            "{unchecked}, {} value{} not compared",
            s.not_compared,
            plural(s.not_compared)
        )
    } else {
        unchecked
    };
    writeln!(
        out,
        "{style}{verdict}{style:#}: {} problem{}, {} drift finding{}, {} warning{} in {} service{}{unchecked} across {} environment{}",
        s.problems,
        plural(s.problems),
        s.drift,
        plural(s.drift),
        s.warnings,
        plural(s.warnings),
        s.services,
        plural(s.services),
        s.environments,
        plural(s.environments),
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
