#!/usr/bin/env python3
"""Writes galley's man page (galley.1) from the CLI's own help texts.

Usage: galley_man.py GALLEY_EXECUTABLE OUTPUT [--data-dir DIR] [--description TEXT]

Runs `galley --version`, `galley --help` and `galley help CMD` for every command that
`--help` lists, and turns the texts into roff (man macros):
  - the `usage:` lines become SYNOPSIS (and each command's synopsis);
  - a paragraph that starts with a line ending in ':' ("Options:", "Examples:") is a titled
    block; indented lines with a gap of two or more spaces are term/description items (.TP),
    lines indented further continue the item above; indented lines without a gap are a
    literal block (examples, sample output);
  - "Commands:" and "Exit status:" of the main help become COMMANDS and EXIT STATUS.
The page's date is SOURCE_DATE_EPOCH's (UTC) when set, else left out, so the same build gives
the same bytes. Fails (exit 1) when a command's help cannot be had.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys

# --- roff text ---------------------------------------------------------------------------------


def escape(text):
    """Plain text to roff: backslashes, non-ASCII characters as \\[uXXXX]."""
    out = []
    for ch in text.replace("\\", "\\e"):
        out.append(ch if ord(ch) < 128 else "\\[u%04X]" % ord(ch))
    return "".join(out)


def minus(text):
    """Escaped text with option dashes (at the start of a word) as real minus signs."""
    return re.sub(r"(?<![\w-])(-+)(?=[\w-]|\s|$)", lambda m: "\\-" * len(m.group(1)), text)


def line(text):
    """A text line that roff does not take for a request."""
    return "\\&" + text if text.startswith((".", "'")) else text


def prose(text):
    return line(minus(escape(text)))


def syntax(text, bold_words=()):
    """A usage line or an option term: options and command names bold, metavariables italic."""
    parts = re.split(r"(\s+|[\[\]|.,])", text)
    out = []
    for p in parts:
        if not p:
            continue
        if p.startswith("-") and len(p) > 1:
            out.append("\\fB" + minus(escape(p)) + "\\fR")
        elif p in bold_words:
            out.append("\\fB" + escape(p) + "\\fR")
        elif re.fullmatch(r"[A-Z][A-Z0-9_/]*", p) or re.fullmatch(r"[A-Z][A-Z0-9_]*\.\w+", p):
            out.append("\\fI" + escape(p) + "\\fR")
        else:
            out.append(minus(escape(p)))
    return line("".join(out))


# --- help text structure -----------------------------------------------------------------------


def paragraphs(text):
    """Blank-line separated paragraphs, each a list of lines (trailing spaces removed)."""
    result, current = [], []
    for raw in text.splitlines():
        l = raw.rstrip()
        if l:
            current.append(l)
        elif current:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def indent(l):
    return len(l) - len(l.lstrip(" "))


def split_usage(paras):
    """The usage lines of the first paragraph (and the rest of the paragraphs)."""
    if paras and paras[0][0].startswith("usage:"):
        first = paras[0]
        lines = [first[0][len("usage:"):].strip()]
        rest = first[1:]
        while rest and indent(rest[0]) > 0 and rest[0].strip().startswith("galley"):
            lines.append(rest[0].strip())
            rest = rest[1:]
        remaining = ([rest] if rest else []) + paras[1:]
        return lines, remaining
    return [], paras


def is_heading(l):
    return indent(l) == 0 and l.endswith(":") and len(l) < 60


def description_column(lines):
    """The column where descriptions start in a list of indented item lines, or None."""
    if not lines:
        return None
    columns = {}
    for l in lines:
        m = re.match(r"( +)(\S.*?\S|\S)( {2,})\S", l)
        if m and len(m.group(1)) == min(indent(x) for x in lines):
            col = m.end(3)
            columns[col] = columns.get(col, 0) + 1
    if not columns:
        return None
    best = max(columns, key=lambda c: (columns[c], -c))
    items = sum(1 for l in lines if indent(l) == min(indent(x) for x in lines))
    return best if columns[best] >= 2 or items == 1 else None


def items(lines):
    """Indented lines as (term, description) pairs; None when they are a literal block."""
    col = description_column(lines)
    if col is None:
        return None
    base = min(indent(l) for l in lines)
    # A third column ("… (libharu)      NAME.pdf") where at least two items have one.
    third = description_column([" " * base + l[col:] for l in lines
                                if indent(l) == base and len(l) > col])
    if third is not None:
        third += col - base
    result = []
    for l in lines:
        if indent(l) > base and result:
            # A continuation (indented past the term) adds to the description above.
            result[-1][1].append(l.strip())
            continue
        if len(l) > col and l[col - 1] == " " and l[col] != " ":
            term, desc = l[:col].strip(), l[col:].strip()
            if third and len(l) > third and l[third - 1] == " " and l[third] != " ":
                desc = l[col:third].strip() + "  " + l[third:].strip()
        else:
            m = re.match(r" *(\S.*?)( {2,})(\S.*)", l)
            if not m:
                return None
            term, desc = m.group(1), m.group(3)
        result.append([term, [desc]])
    return [(t, " ".join(d)) for t, d in result]


def render_items(pairs, out, bold_words=()):
    for term, desc in pairs:
        # Columns within a description ("… (libharu)    NAME.pdf") become a dash.
        desc = re.sub(r" {2,}", " \u2014 ", desc)
        out.append(".TP")
        out.append(syntax(term, bold_words) if term.startswith("-") or term in bold_words
                   else "\\fB" + minus(escape(term)) + "\\fR")
        out.append(prose(desc))


def render_literal(lines, out):
    base = min(indent(l) for l in lines)
    out.append(".PP")
    out.append(".RS 4")
    out.append(".nf")
    for l in lines:
        out.append(line(minus(escape(l[base:]))))
    out.append(".fi")
    out.append(".RE")


def render_block(lines, out, bold_words=()):
    """One paragraph: runs of text lines, item lists and literal lines, in order."""
    runs = []  # (kind, lines)
    for l in lines:
        kind = "text" if indent(l) == 0 else "indented"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(l)
        else:
            runs.append((kind, [l]))
    for kind, run in runs:
        if kind == "text":
            out.append(".PP")
            out.extend(prose(l) for l in run)
        else:
            pairs = items(run)
            if pairs is None:
                render_literal(run, out)
            else:
                render_items(pairs, out, bold_words)


def render_help(paras, out, bold_words=()):
    for para in paras:
        if is_heading(para[0]):
            out.append(".PP")
            out.append("\\fB" + prose(para[0]) + "\\fR")
            if len(para) > 1:
                render_block(para[1:], out, bold_words)
        else:
            render_block(para, out, bold_words)


# --- the page ----------------------------------------------------------------------------------


def run(galley, *args):
    result = subprocess.run([galley, *args], capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        sys.exit("galley_man.py: 'galley %s' failed (%d): %s"
                 % (" ".join(args), result.returncode, result.stderr.strip()))
    return result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("galley")
    parser.add_argument("output")
    parser.add_argument("--data-dir", default="/usr/local/share/galley")
    parser.add_argument("--description", default="Document export toolkit for news publishing")
    args = parser.parse_args()

    version = run(args.galley, "--version").split()[-1]
    main_help = paragraphs(run(args.galley, "--help"))
    synopsis, rest = split_usage(main_help)

    commands, exit_status, description = [], None, []
    for para in rest:
        if para[0] == "Commands:":
            commands = items(para[1:]) or []
        elif para[0] == "Exit status:":
            exit_status = items(para[1:])
        else:
            description.append(para)
    if not commands:
        sys.exit("galley_man.py: no 'Commands:' list in 'galley --help'")
    names = [name for name, _ in commands]

    date = ""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        stamp = datetime.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]),
                                                datetime.timezone.utc)
        date = stamp.strftime("%Y-%m-%d")

    out = [
        '.\\" Generated by cmake/galley_man.py from the help texts of galley %s: do not edit.'
        % escape(version),
        '.TH GALLEY 1 "%s" "galley %s" "User Commands"' % (date, escape(version)),
        ".SH NAME",
        "galley \\- " + escape(args.description[0].lower() + args.description[1:]),
        ".SH SYNOPSIS",
        ".nf",
    ]
    out.extend(syntax("galley " + s[len("galley "):] if s.startswith("galley ") else s,
                      ["galley", "help"] + names) for s in synopsis)
    out.append(".fi")

    out.append(".SH DESCRIPTION")
    out.append(".PP")
    out.append(prose("galley reads news articles \u2014 wire copy (.txt), Markdown with YAML front "
                     "matter (.md), NITF and NewsML-G2 (.xml, .nitf, .nml) and its own JSON "
                     "form (.json) \u2014 into one article model, in which photo credits are "
                     "data, and writes them as an article PDF, an EPUB 3 book and a print "
                     "layout (PDF, PNG proofs, SVG), each set to one CSS-like style sheet."))
    render_help(description, out, ["galley", "help"] + names)

    out.append(".SH OPTIONS")
    out.append(".TP")
    out.append(syntax("--version, -V"))
    out.append("Print galley's version and exit.")
    out.append(".TP")
    out.append(syntax("--help, -h"))
    out.append("Print the list of commands and exit; "
               + syntax("galley help COMMAND", ["galley", "help"])
               + " and " + syntax("galley COMMAND --help", ["galley"])
               + " print a command's help.")

    out.append(".SH COMMANDS")
    for name, summary in commands:
        out.append('.SS "%s"' % escape(name))
        paras = paragraphs(run(args.galley, "help", name))
        usage, body = split_usage(paras)
        if usage:
            out.append(".nf")
            out.extend(syntax(u, ["galley", name]) for u in usage)
            out.append(".fi")
        else:
            out.append(".PP")
            out.append(prose(summary))
        render_help(body, out, ["galley", name])

    if exit_status:
        out.append(".SH EXIT STATUS")
        render_items(exit_status, out)

    data_dir = escape(args.data_dir)
    out += [
        ".SH ENVIRONMENT",
        ".TP",
        ".B GALLEY_DATA_DIR",
        "The folder holding galley's bundled " + "\\fIstyles/\\fR and \\fIfonts/\\fR, "
        "instead of the installed one (" + minus(data_dir) + ").",
        ".TP",
        ".B SOURCE_DATE_EPOCH",
        "Seconds since 1970-01-01T00:00:00Z: the date every output carries (else the "
        "article's own date), so the same inputs give the same bytes.",
        ".SH FILES",
        ".TP",
        ".I " + data_dir + "/styles/",
        "The bundled style sheets (" + syntax("galley styles", ["galley", "styles"]) + ").",
        ".TP",
        ".I " + data_dir + "/fonts/",
        "The bundled fonts (Noto Serif, Noto Sans, Noto Sans Mono; SIL Open Font License).",
        ".SH LIBRARY",
        "Everything the command does is a library call: C++20 in "
        "\\fI<galley/galley.hpp>\\fR \\%(\\fBgalley::convert\\fR, \\%\\fBgalley::run_batch\\fR), "
        "and C in \\fI<galley/galley.h>\\fR for other languages' foreign-function "
        "interfaces. Build with CMake's \\fBfind_package(galley)\\fR "
        "\\%(\\fBgalley::galley\\fR, \\%\\fBgalley::galley_shared\\fR) or "
        "\\fBpkg\\-config galley\\fR.",
    ]

    text = "\n".join(out) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    temp = args.output + ".tmp"
    with open(temp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temp, args.output)


if __name__ == "__main__":
    main()
