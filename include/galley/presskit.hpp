// galley — press kits: one YAML manifest of releases, photos, contacts, a logo and a fact sheet
// becomes one complete, credited, checksummed kit (a ZIP, or an unpacked folder).
//
// What a kit holds (entry names are always [a-z0-9-] slugs with a fixed extension, so no
// entry can leave the folder it is unpacked into):
//   index.html                    one page listing everything, with thumbnails, captions,
//                                 credits, terms, contacts and the embargo; works offline
//   releases/<slug>.pdf           each release through the PDF backend (libharu)
//   releases/<slug>-print.pdf     each release through the print backend (Pango/Cairo)
//   press-kit.epub                every release in manifest order, one EPUB 3 book
//   fact-sheet.pdf                the fact sheet (a Markdown file, or a label → value table)
//   photos/<slug>.<ext>           each photo's original bytes, untouched (ext from the bytes)
//   photos/web/<slug>.jpg         a web rendition, long edge at most 1600 px
//   photos/thumbs/<slug>.jpg      the thumbnail index.html shows, long edge at most 480 px
//   photos/credits.csv            RFC 4180: file, caption, creator, credit, copyright, terms
//   photos/captions.txt           caption, credit, copyright and terms, ready to paste
//   contacts.vcf                  vCard 4.0: the organisation and every contact
//   logo.<ext>                    the organisation's logo, untouched
//   manifest.json                 every other file's path, size and SHA-256, the
//                                 organisation, the kit's date and the embargo
//
// Photo metadata: caption, creator, credit line and copyright come from the manifest; where
// it is silent, from the image's own IPTC IIM / XMP / Exif metadata (read_image_metadata in
// image.hpp). When both give a field and they differ, the manifest wins and a warning names
// the photo, the field and both values. The same rule fills the figures inside the releases
// (what the article says wins over the image). A photo left with no credit at all (no credit
// line, creator, copyright or source) stops the kit with UncreditedPhotosError unless
// allow_uncredited; one marked for one-time use, no archives or not for resale stops it with
// RestrictedPhotosError unless allow_restricted.
//
// Reproducible: the same manifest and files give the same bytes (one date for every ZIP entry
// and every backend; files in a fixed order; no clock, no time zone, no locale).
#pragma once

#include "galley/error.hpp"
#include "galley/sink.hpp"
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

// The largest manifest file read_presskit_manifest accepts (ErrorCode::limit beyond it).
inline constexpr std::uint64_t presskit_manifest_max_bytes = 1u << 20;

struct PresskitOrganisation {
    std::string name;    // required
    std::string website; // a URL, shown on the index page
    std::string logo;    // a path relative to the manifest, or empty
    Position logo_at;
};

struct PresskitContact {
    std::string name; // required
    std::string role;
    std::string email;
    std::string phone; // with a country code ("+49 30 1234 567") it becomes a tel: URI
    Position at;
};

// A release: an article file in any input format, with an optional style (a bundled name or
// a .css path relative to the manifest) for its PDF and print PDF.
struct PresskitRelease {
    std::string file;
    std::string style;
    Position at;
    Position style_at;
};

// A photo and what the manifest says about it; empty fields are taken from the image.
struct PresskitPhoto {
    std::string file;
    std::string caption;
    std::string credit; // the credit line as it must be printed
    std::string creator;
    std::string copyright;
    std::string terms; // conditions of use ("Editorial use only")
    std::string alt;   // alternative text for the index page
    Position at;
};

// The fact sheet: a Markdown file, or label → value pairs in manifest order.
struct PresskitFactSheet {
    std::string file;
    std::vector<std::pair<std::string, std::string>> facts;
    Position at;
};

// An embargo moment as written: a date and a time, with or without an offset from UTC.
struct PresskitEmbargo {
    std::string text; // as written in the manifest
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    bool has_offset = false; // false: no offset was written and the time is read as UTC
    int offset_minutes = 0;  // east of UTC
    std::int64_t utc = 0;    // the moment, in seconds since 1970-01-01T00:00:00Z
    Position at;

    // "EMBARGOED UNTIL 2 March 2026, 09:00 UTC+01:00": what every release and the index say.
    std::string notice() const;
};

struct PresskitManifest {
    std::string file;               // the manifest's path, for messages
    std::filesystem::path base_dir; // the folder every path in the manifest is relative to
    PresskitOrganisation organisation;
    std::vector<PresskitContact> contacts;
    std::vector<PresskitRelease> releases; // at least one
    std::vector<PresskitPhoto> photos;
    std::optional<PresskitFactSheet> fact_sheet;
    std::string style; // the kit's style: a bundled name or a .css path; empty: "default"
    Position style_at;
    std::optional<PresskitEmbargo> embargo;
};

// Reads a manifest file (at most presskit_manifest_max_bytes, UTF-8). Unknown keys, keys given
// twice and contacts without a way to reach them are warnings "FILE:LINE:COL: …". Throws
// galley::Error with the file and line:column: ErrorCode::io when it cannot be read,
// ErrorCode::syntax for YAML that does not parse, ErrorCode::invalid for a value of the wrong
// type, a missing organisation name or release list, or a malformed embargo,
// ErrorCode::limit for a file over the size limit, nesting too deep, or aliases that expand
// past the node budget (a "billion laughs" manifest), ErrorCode::encoding for invalid UTF-8.
// Paths are not checked here: build_presskit resolves them.
PresskitManifest read_presskit_manifest(const std::filesystem::path& path, Warnings& warnings);

// The same for a manifest already in memory; `file` names it in messages and `base_dir` is
// the folder its paths are relative to.
PresskitManifest parse_presskit_manifest(std::string_view yaml, const std::string& file,
                                         const std::filesystem::path& base_dir,
                                         Warnings& warnings);

// Parses an embargo moment: "2026-03-02T09:00:00+01:00", "2026-03-02T09:00Z",
// "2026-03-02 09:00" (no offset: UTC); seconds and fractions optional. nullopt when `text` is
// not an ISO 8601 date and time or names an impossible one (2026-02-30, 25:00).
std::optional<PresskitEmbargo> parse_presskit_embargo(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Building a kit

struct PresskitOptions {
    // Build the kit even when a photo has no credit at all (a warning names each).
    bool allow_uncredited = false;
    // Build the kit even with photos whose own metadata (IPTC Special Instructions, XMP usage
    // terms, notes in the caption) or whose figure's credit restricts them to one-time use,
    // no archives or not for resale (a warning names each). See RestrictedPhotosError.
    bool allow_restricted = false;
    // Let manifest paths (and the images inside releases) be absolute, use "..", or lead
    // outside the manifest's folder. (Symbolic links inside it are followed either way: the
    // rule is on the paths as written.)
    bool allow_outside = false;
    // Folders searched, in order, for a release's relative image reference not found beside
    // the release (--resource-path); an image there may be used like one in the manifest's
    // folder.
    std::vector<std::filesystem::path> resource_paths;
    // Replaces the manifest's `style` (releases with their own style keep it).
    std::optional<StyleSheet> style;
    // The kit's date — every ZIP entry, every backend's document date, manifest.json — in
    // seconds since 1970-01-01T00:00:00Z. nullopt: SOURCE_DATE_EPOCH, else the latest date of
    // the releases, else 1980-01-01T00:00:00Z. Never the clock.
    std::optional<std::int64_t> date;
    // Releases and photos processed at a time; 0: the number of cores.
    int jobs = 0;
};

// One file of a kit.
struct PresskitFile {
    std::string path;  // inside the kit, with '/' ("photos/web/harbour.jpg")
    std::string bytes; // the content
    bool compress = true; // deflate in a ZIP (false for JPEG, PDF, EPUB: already compressed)
};

// A kit assembled in memory, in its fixed order (manifest.json last).
struct PresskitKit {
    std::vector<PresskitFile> files;
    Warnings warnings;
    std::int64_t date = 0; // the kit's date (see PresskitOptions::date)
};

// Photos without any credit, when allow_uncredited is off: an ErrorCode::invalid error naming
// every such photo (with the manifest's line:column of the first). The CLI exits 1 for it.
class UncreditedPhotosError : public Error {
  public:
    UncreditedPhotosError(std::string file, Position pos, std::vector<std::string> photos);
    // The photos' paths as the manifest gives them.
    const std::vector<std::string>& photos() const noexcept { return photos_; }

  private:
    std::vector<std::string> photos_;
};

// Photos that may not be passed on, when allow_restricted is off: a press kit is
// redistribution, so a photo marked for one-time use, no archives or not for resale
// (galley::restricts_redistribution) stops it. Counted are a kit photo's own metadata and
// notes (never the manifest's `terms`, which are the kit's conditions) and, for figures in
// the releases that are not kit photos, the figure's credit as the article and the image
// give it. An ErrorCode::invalid error naming every such photo and its restriction (with the
// manifest's line:column of the first); the CLI exits 1 for it.
class RestrictedPhotosError : public Error {
  public:
    struct Photo {
        std::string name;         // "photos/a.jpg", or "releases/x.md: image 'b.jpg'"
        std::string restrictions; // `one-time use only ("ONE TIME USE ONLY")`
    };
    RestrictedPhotosError(std::string file, Position pos, std::vector<Photo> photos);
    const std::vector<Photo>& photos() const noexcept { return photos_; }

  private:
    std::vector<Photo> photos_;
};

// Builds every file of the kit in memory; nothing is written anywhere. Throws galley::Error:
// ErrorCode::invalid naming the manifest and line:column for a refused path (absolute, "..",
// a URL), ErrorCode::io for a missing file or one that is not a regular file; the readers'
// and image functions' errors (naming the release, photo or style) for what cannot be read;
// UncreditedPhotosError; RestrictedPhotosError; ErrorCode::backend when a backend fails. A photo inside a release
// that is missing or remote is left out with a warning, as every backend does
// (drop_unusable_images); one whose path leads outside the manifest's folder is refused.
PresskitKit assemble_presskit(const PresskitManifest& manifest, const PresskitOptions& options);

// Writes a kit as a ZIP (entries in the kit's order, one fixed DOS timestamp, Unix mode 0644)
// to `sink` and finishes it. Throws what the sink throws and ErrorCode::backend for libzip.
void write_presskit_zip(const PresskitKit& kit, Sink& sink);

// Writes a kit as a folder: assembled in a temporary sibling of `folder`, then renamed into
// place, so a failure leaves no partial kit. An existing `folder` is replaced only when it is
// empty or an earlier kit (its manifest.json says galley made it); anything else is refused
// with ErrorCode::io. File times are the kit's date. Throws ErrorCode::io on failure.
void write_presskit_folder(const PresskitKit& kit, const std::filesystem::path& folder);

// assemble_presskit, then write_presskit_zip or write_presskit_folder. Returns the warnings.
Warnings build_presskit(const PresskitManifest& manifest, const PresskitOptions& options,
                        Sink& zip);
Warnings build_presskit_folder(const PresskitManifest& manifest, const PresskitOptions& options,
                               const std::filesystem::path& folder);

} // namespace galley
