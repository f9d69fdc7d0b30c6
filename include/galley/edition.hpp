// galley — newspaper editions: many stories made up into full pages, with folios and jumps.
//
// A YAML manifest names the edition (title, date, language, style) and its pages in order;
// each page has a section, its stories in order of importance (the first leads), optionally a
// folder or glob of briefs set as one column, and fixed advertisements. build_edition sets
// every story through the shared layout engine (the print medium of the style) as a module:
// one rectangle on the page's column grid holding its headline, photo, caption and text.
// Modules are arranged automatically and deterministically; a story that does not fit its
// module continues on its jump page with "Continued on page N" at the cut and a jump head
// where it resumes. Every page carries a folio (title, date in the edition's language, page
// number, section); page 1 carries the nameplate.
//
// Reproducible: the same manifest, files, style and options give the same bytes.
#pragma once

#include "galley/error.hpp"
#include "galley/print.hpp"
#include "galley/style.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace galley {

// ---------------------------------------------------------------------------------------------
// The manifest

// The largest manifest file read_edition_manifest accepts (ErrorCode::limit beyond it).
inline constexpr std::uint64_t edition_manifest_max_bytes = 1u << 20;

// A story: an article file in any input format galley reads.
struct EditionStory {
    std::string file;        // as written in the manifest, relative to it
    std::optional<int> jump; // the page (from 1) what does not fit continues on
    // `as: briefs`: `file` is a folder or a glob whose articles are set as one column of
    // briefs (short items, small headlines), in file-name order.
    bool briefs = false;
    Position at;
};

// Where a fixed advertisement sits on its page: in a corner of the type area, or `bottom`,
// across its full width at the foot (the ad's `columns` is kept as written, but the whole
// width is used).
enum class AdPlacement { bottom_right, bottom_left, top_right, top_left, bottom };

// A fixed box on the page: a PNG or JPEG image, or the first page of a PDF drawn as vectors.
struct EditionAd {
    std::string file;
    int columns = 1;   // the width in grid columns, at least 1
    double height = 0; // points, > 0 ("80mm", "8cm", "3in", "200pt", "300px" in the manifest)
    AdPlacement at = AdPlacement::bottom_right;
    Position position;
};

struct EditionPage {
    std::string section;
    bool nameplate = false;
    std::vector<EditionStory> stories; // the first leads
    std::vector<EditionAd> ads;
    Position at;
};

struct EditionManifest {
    std::string file;               // the manifest's path, for messages
    std::filesystem::path base_dir; // the folder every path in the manifest is relative to
    std::string title;              // required: the nameplate and every folio
    std::string date;               // ISO 8601 date (YYYY-MM-DD), required
    std::string language = "en";    // BCP 47; the folios' date is written in it
    std::string style;              // a bundled style name or a .css path; empty: "broadsheet"
    Position style_at;
    std::vector<EditionPage> pages; // at least one
};

// Reads a manifest file (at most edition_manifest_max_bytes, UTF-8). Unknown keys are errors
// "FILE:LINE:COL: unknown key …", and so is a key given twice: there are no warnings. Throws
// galley::Error with the file and line:column: ErrorCode::io when it cannot be read,
// ErrorCode::syntax for YAML that does not parse, ErrorCode::invalid for a value of the wrong
// type, an unknown key, a missing title, date or page list, a date that is not a real
// YYYY-MM-DD day, a language that is not shaped like a BCP 47 tag, a page without a section
// or with neither stories nor ads, a story or ad without a file, a jump to a page that does
// not exist or to the story's own page, an `as:` other than `briefs`, an ad without a height
// (or one not > 0 with a unit of mm, cm, in, pt or px), columns below 1, an unknown `at:`;
// ErrorCode::limit for a file over the size limit, nesting past yaml-cpp's depth guard or
// aliases past the node budget; ErrorCode::encoding for invalid UTF-8, ErrorCode::empty_input
// for an empty file. Story and ad files are not checked here.
EditionManifest read_edition_manifest(const std::filesystem::path& path);

// The same for a manifest already in memory; `file` names it in messages and `base_dir` is
// the folder its paths are relative to.
EditionManifest parse_edition_manifest(std::string_view yaml, const std::string& file,
                                       const std::filesystem::path& base_dir);

// ---------------------------------------------------------------------------------------------
// Building an edition

struct EditionOptions {
    PrintOutput output = PrintOutput::pdf; // pdf, png, svg or layout
    double dpi = 150;                      // PNG proofs
    // Replaces the manifest's style.
    std::optional<StyleSheet> style;
    // A missing story, a story with no text, an ad that does not fit: an error (nothing
    // written) instead of a warning and the page made up without it.
    bool strict = false;
    // The PDF's dates; nullopt: SOURCE_DATE_EPOCH, else the edition's date.
    std::optional<std::int64_t> created;
};

// A rectangle on a page, in points from the trim box's top-left corner.
struct EditionRect {
    int page = 0; // from 1
    double x = 0, y = 0, width = 0, height = 0;
};

// Where a story went.
struct EditionStoryReport {
    std::string story;                // as in the manifest (a brief: the folder's file)
    std::vector<EditionRect> modules; // one per page it is on: all of its text there
    std::optional<EditionRect> headline;
    std::vector<int> jumps; // the pages it continues on
    int overset_words = 0;  // words that found no room (0 unless warned)
};

struct EditionPageReport {
    int page = 0;
    std::string section;
    double fill = 0; // the share of the type area covered by modules and ads
};

struct EditionResult {
    std::vector<EditionStoryReport> stories;
    std::vector<EditionPageReport> pages;
    Warnings warnings;
};

// One output file: 0 for the PDF or the layout dump, the page number for PNG and SVG.
using EditionSinks = PrintSinks;

// Makes the edition up and writes it. Everything is laid out and drawn before the first sink
// is asked for. Throws galley::Error naming the file: a missing or unreadable story or ad,
// a story with no text, an ad larger than its page or more ads than a page holds (ErrorCode::
// invalid; only with options.strict, else a warning and the page made up without it), what
// the readers throw for a story, ErrorCode::backend when Cairo, poppler or qpdf fail.
EditionResult build_edition(const EditionManifest& manifest, const EditionOptions& options,
                            const EditionSinks& sinks);

} // namespace galley
