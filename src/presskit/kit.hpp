// Internal: the pieces of a press kit that are text formats of their own (slugs, vCard, CSV,
// the captions sheet, the index page), kept apart from the assembly so tests can check each
// against its specification.
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"
#include "galley/presskit.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace galley::detail {

// ---- slugs (src/presskit/slug.cpp)

// A slug of [a-z0-9-]: Latin letters with diacritics lose them (é → e, ß → ss, ø → o),
// anything else separates words; at most `max_length` bytes, cut at a word boundary. Empty
// when nothing usable is left (a headline in Cyrillic, say).
std::string slugify(std::string_view text, std::size_t max_length = 48);

// `slug`, or `slug-2`, `slug-3`… — the first not in `taken`, which it is then added to.
std::string unique_slug(const std::string& slug, std::set<std::string>& taken);

// ---- vCard 4.0, RFC 6350 (src/presskit/vcard.cpp)

// A TEXT value with \ , ; and newlines escaped (RFC 6350 §3.4); other control characters
// are left out.
std::string vcard_escape(std::string_view text);

// One content line ("NAME;PARAM=x:value") folded so that no physical line is longer than 75
// octets, continuation lines starting with one space, never inside a UTF-8 sequence; every
// line ends in CRLF.
std::string vcard_fold(std::string_view line);

// A phone number with a country code as a tel: URI (RFC 3966): "+49 (30) 1234 567" →
// "tel:+49-30-1234-567". nullopt for numbers without "+", or with letters.
std::optional<std::string> tel_uri(std::string_view phone);

// The kit's contacts.vcf: one card for the organisation (KIND:org, with URL), then one per
// contact (FN, ORG, TITLE, EMAIL, TEL;VALUE=uri). Numbers without a country code are written
// as text with a warning naming the manifest line.
std::string contacts_vcard(const PresskitManifest& manifest, Warnings& warnings);

// ---- photo sheets (src/presskit/sheets.cpp)

// What the kit says about one photo, after merging the manifest with the image's metadata.
struct KitPhoto {
    std::string source;       // the path as the manifest gives it
    std::string slug;
    std::string original;     // "photos/<slug>.<ext>"
    std::string web;          // "photos/web/<slug>.jpg"
    std::string thumb;        // "photos/thumbs/<slug>.jpg"
    std::string media_type;   // of the original
    int width = 0, height = 0;             // of the original
    int thumb_width = 0, thumb_height = 0; // of the thumbnail
    int web_long_edge = 0;                 // of the web rendition
    std::string caption, creator, credit, copyright, source_agency, terms, alt;
    // The image's own usage notes — its caption's notes, special instructions and usage
    // terms (only those fields are set) — which decide whether the kit may pass it on. The
    // manifest's `terms` are the organisation's conditions for the kit and are not in here.
    Credit usage;

    // What to print after "Photo: ": as Credit::display — the credit line, else "Creator /
    // Source", else the creator, else the source.
    std::string credit_display() const;
};

// One RFC 4180 field: quoted (with quotes doubled) when it holds a comma, a quote, CR or LF,
// or starts or ends with a space.
std::string csv_field(std::string_view text);

// photos/credits.csv: the header "file,caption,creator,credit,copyright,terms" and one row
// per photo, CRLF line ends, UTF-8.
std::string credits_csv(const std::vector<KitPhoto>& photos);

// photos/captions.txt: one block per photo — its file, the caption, "Photo: CREDIT", the
// copyright, "Terms: …" — separated by blank lines.
std::string captions_text(const std::vector<KitPhoto>& photos);

// ---- index.html (src/presskit/index_html.cpp)

struct KitRelease {
    std::string slug;
    std::string headline;
    std::string dek;
    std::string language;
    std::string date;
    std::string pdf;   // "releases/<slug>.pdf"
    std::string print; // "releases/<slug>-print.pdf"
};

struct KitIndex {
    const PresskitManifest* manifest = nullptr;
    std::vector<KitRelease> releases;
    std::vector<KitPhoto> photos;
    std::string epub;          // "press-kit.epub"
    std::string fact_sheet;    // "fact-sheet.pdf" or empty
    std::string logo;          // "logo.png" or empty
    int logo_width = 0, logo_height = 0;
    std::string credits_csv;   // empty without photos
    std::string captions_txt;
    std::string contacts_vcf;
    std::string manifest_json;
    std::int64_t date = 0;
    // Sizes of the files the page links to, for "PDF, 84 KB".
    std::vector<std::pair<std::string, std::uint64_t>> sizes;
};

// The index page: HTML5 written with libxml2's xmlTextWriter — <!DOCTYPE html>, lang, meta
// charset, a title, inline CSS, no scripts and nothing from outside the kit.
std::string index_html(const KitIndex& index);

// "84 KB", "1.2 MB": sizes for people, with no locale.
std::string human_size(std::uint64_t bytes);

} // namespace galley::detail
