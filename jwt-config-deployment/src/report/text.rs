//! The text form of a check report: coloured for the command (which strips
//! the colours off a terminal), plain for `Display`.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::report::Report;

/// The styles of the text report.
#[derive(Clone, Copy)]
pub(crate) struct Palette {
    heading: Style,
    error: Style,
    warning: Style,
    ok: Style,
    dim: Style,
}

impl Palette {
    /// Bold headings, red problems, yellow warnings, green success.
    pub(crate) const COLOURED: Palette = Palette {
        heading: Style::new().bold(),
        error: AnsiColor::Red.on_default().bold(),
        warning: AnsiColor::Yellow.on_default().bold(),
        ok: AnsiColor::Green.on_default().bold(),
        dim: Style::new().dimmed(),
    };

    /// No escape sequence at all.
    pub(crate) const PLAIN: Palette = Palette {
        heading: Style::new(),
        error: Style::new(),
        warning: Style::new(),
        ok: Style::new(),
        dim: Style::new(),
    };
}

/// Writes `report` as an operator reads it, in `palette`; `quiet`, only
/// what needs fixing (problems and drift) and the summary.
pub(crate) fn write(
    out: &mut dyn Write,
    report: &Report,
    quiet: bool,
    palette: Palette,
) -> io::Result<()> {
    let Palette {
        heading: head_style,
        error: error_style,
        warning: warning_style,
        ok: ok_style,
        dim: dim_style,
    } = palette;
    if !quiet {
        writeln!(
            out,
            "{head_style}jwt-config check {}{head_style:#}",
            report.directory
        )?;
        writeln!(
            out,
            "{dim_style}registry: {} ({}){dim_style:#}",
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
            writeln!(out, "{head_style}{}{head_style:#}", env.name)?;
        } else {
            writeln!(
                out,
                "{head_style}{}{head_style:#} {dim_style}(follows {}){dim_style:#}",
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
                        "  {} {dim_style}({}){dim_style:#} {dim_style}not checked: the registry declares no service `{}`{dim_style:#}",
                        service.service, service.file, service.service
                    )?;
                }
                continue;
            }
            write!(
                out,
                "  {} {dim_style}({}){dim_style:#}",
                service.service, service.file
            )?;
            if clean {
                writeln!(out, " {ok_style}ok{ok_style:#}")?;
                continue;
            }
            writeln!(out)?;
            for problem in &service.problems {
                writeln!(out, "    {error_style}problem{error_style:#}: {problem}")?;
            }
            if quiet {
                continue;
            }
            for warning in &service.warnings {
                writeln!(
                    out,
                    "    {warning_style}warning{warning_style:#}: {warning}"
                )?;
            }
            for unknown in &service.unknown {
                writeln!(
                    out,
                    "    {warning_style}warning{warning_style:#}: {unknown}"
                )?;
            }
        }
        if !quiet {
            for absent in &env.absent {
                writeln!(out, "  {warning_style}warning{warning_style:#}: {absent}")?;
            }
        }
        if env.drift.is_consistent() {
            if !quiet {
                let drift = env.drift.to_string();
                let mut lines = drift.lines();
                writeln!(
                    out,
                    "  {ok_style}drift{ok_style:#}: {}",
                    lines.next().unwrap_or_default()
                )?;
                for line in lines {
                    writeln!(out, "    {line}")?;
                }
            }
        } else {
            writeln!(out, "  {error_style}drift{error_style:#}:")?;
            for line in env.drift.to_string().lines() {
                writeln!(out, "    {line}")?;
            }
        }
    }
    if !quiet && !report.across_environments.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{head_style}across environments{head_style:#} {dim_style}(information, not drift){dim_style:#}"
        )?;
        for difference in &report.across_environments {
            writeln!(out, "  {difference}")?;
        }
    }
    let s = &report.summary;
    writeln!(out)?;
    let (style, verdict) = if report.ok {
        (ok_style, "consistent")
    } else {
        (error_style, "not consistent")
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
