// galley — the article model every reader produces and every backend consumes.
//
// An Article is metadata plus a list of blocks. Blocks and inlines are closed sums
// (std::variant), so a visitor that forgets a case does not compile. Every block carries an
// Attr (id, classes, key/values) that style sheets can target. Photo credits are data
// (`Credit`), not caption text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace galley {

// Generic attributes on a block: an id, classes and ordered key/value pairs.
struct Attr {
    std::string id;
    std::vector<std::string> classes;
    std::vector<std::pair<std::string, std::string>> values;

    bool empty() const { return id.empty() && classes.empty() && values.empty(); }
    bool has_class(std::string_view name) const;
    // The value of `key`, or nullptr.
    const std::string* get(std::string_view key) const;
    bool operator==(const Attr&) const = default;
};

// ---------------------------------------------------------------------------------------------
// Inlines

struct Inline;
using Inlines = std::vector<Inline>;

struct Text {
    std::string text; // UTF-8, may hold U+00AD soft hyphens and U+00A0 no-break spaces
    bool operator==(const Text&) const = default;
};
struct Emphasis {
    Inlines content;
    bool operator==(const Emphasis&) const;
};
struct Strong {
    Inlines content;
    bool operator==(const Strong&) const;
};
struct Link {
    std::string url;
    std::string title;
    Inlines content;
    bool operator==(const Link&) const;
};
struct Code {
    std::string text;
    bool operator==(const Code&) const = default;
};
struct Superscript {
    Inlines content;
    bool operator==(const Superscript&) const;
};
struct Subscript {
    Inlines content;
    bool operator==(const Subscript&) const;
};
struct LineBreak {
    bool operator==(const LineBreak&) const = default;
};
struct SmallCaps {
    Inlines content;
    bool operator==(const SmallCaps&) const;
};

using InlineVariant =
    std::variant<Text, Emphasis, Strong, Link, Code, Superscript, Subscript, LineBreak, SmallCaps>;

struct Inline {
    InlineVariant node;

    Inline() : node(Text{}) {}
    template <class T>
        requires std::is_constructible_v<InlineVariant, T&&> &&
                 (!std::is_same_v<std::remove_cvref_t<T>, Inline>)
    Inline(T&& value) : node(std::forward<T>(value)) {}
    bool operator==(const Inline&) const = default;
};

// The text of inlines with markup dropped (line breaks become spaces).
std::string plain_text(const Inlines& inlines);
// Inlines holding one Text run, or nothing for an empty string.
Inlines text_inlines(std::string text);

// ---------------------------------------------------------------------------------------------
// Figures and credits

// Who made a photo, how it must be credited, and on what terms it may be used. All fields are
// optional (empty).
//
// A credit split off the end of a caption ("… THE CANADIAN PRESS/Paul Chiasson", "(AP
// Photo/Jane Doe)") gives `creator` and `source` and no `line`, so that it prints in the one
// credit form, "Paul Chiasson / The Canadian Press". The usage fields are kept as written;
// galley::usage_restrictions (image.hpp) says what they restrict.
struct Credit {
    std::string creator;   // the person who made the image ("Asel Ismailova")
    std::string line;      // the credit line as it must be printed ("AP Photo/Asel Ismailova")
    std::string copyright; // copyright notice ("© 2025 Example News")
    std::string source;    // agency or supplier ("AP")
    // (The fields below have initialisers, so that the four-field form Credit{creator, line,
    // copyright, source} stays free of -Wmissing-field-initializers.)
    std::string creator_title{}; // the creator's job title (IPTC 2:85 By-line Title: "Staff
                                 // photographer"); never printed in the credit
    // Notes to editors taken out of the caption, as written without their asterisks
    // ("MANDATORY CREDIT", "NO SALES", "NO ARCHIVES"), in caption order.
    std::vector<std::string> notes{};
    std::string instructions{}; // special instructions (IPTC 2:40, XMP photoshop:Instructions):
                                // "HANDOUT PHOTO; ONE TIME USE ONLY; NO ARCHIVES"
    std::string usage_terms{};  // rights usage terms (XMP xmpRights:UsageTerms): "NotForResale"

    bool empty() const {
        return creator.empty() && line.empty() && copyright.empty() && source.empty() &&
               creator_title.empty() && notes.empty() && instructions.empty() &&
               usage_terms.empty();
    }
    // What to print: the credit line; else "Creator / Source" when both are known (and
    // differ); else the creator, else the source. Empty when none of them is known.
    std::string display() const;
    bool operator==(const Credit&) const = default;
};

// A reference to an image: a path (relative to the article's file, as written) or bytes.
struct ImageRef {
    std::string src;        // as written in the source; may be empty when `data` is set
    std::string media_type; // "image/jpeg", "image/png", … when known
    std::string data;       // the bytes, when the image came embedded (JSON: base64)
    int width = 0;          // pixels, 0 when unknown
    int height = 0;
    bool operator==(const ImageRef&) const = default;
};

// ---------------------------------------------------------------------------------------------
// Blocks

struct Block;
using Blocks = std::vector<Block>;

struct Paragraph {
    Attr attr;
    Inlines content;
    bool operator==(const Paragraph&) const;
};
struct Heading {
    Attr attr;
    int level = 2; // 2..4; level 1 is the headline
    Inlines content;
    bool operator==(const Heading&) const;
};
struct BlockQuote {
    Attr attr;
    Blocks content;
    std::string attribution; // who is quoted, when given
    bool operator==(const BlockQuote&) const;
};
struct PullQuote {
    Attr attr;
    Inlines content;
    std::string attribution;
    bool operator==(const PullQuote&) const;
};
struct Figure {
    Attr attr;
    std::optional<ImageRef> image; // absent when only a credit is known
    std::string alt;               // alternative text for the image
    Inlines caption;
    Credit credit;
    // The reference of a photo a backend left out on its copy of the article because it
    // cannot be used (missing, remote: drop_unusable_images in image.hpp); empty otherwise.
    std::string image_left_out;
    bool operator==(const Figure&) const;
};
struct List {
    Attr attr;
    bool ordered = false;
    int start = 1;
    std::vector<Blocks> items;
    bool operator==(const List&) const;
};
struct Rule {
    Attr attr;
    bool operator==(const Rule&) const = default;
};

enum class Align { none, left, center, right };

struct TableCell {
    Inlines content;
    Align align = Align::none;
    int colspan = 1;
    int rowspan = 1;
    bool header = false; // a header cell (<th>), in the head or in the body (a row's label)
    bool operator==(const TableCell&) const;
};
using TableRow = std::vector<TableCell>;

struct Table {
    Attr attr;
    Inlines caption;
    std::vector<TableRow> head;
    std::vector<TableRow> body;
    bool operator==(const Table&) const;
};
struct Tagline {
    Attr attr;
    Inlines content;
    bool operator==(const Tagline&) const;
};
// Content kept verbatim in a named format ("html", "code", "nitf"): backends that do not
// understand the format show it as preformatted text or leave it out.
struct Raw {
    Attr attr;
    std::string format;
    std::string text;
    bool operator==(const Raw&) const = default;
};

using BlockVariant = std::variant<Paragraph, Heading, BlockQuote, PullQuote, Figure, List, Rule,
                                  Table, Tagline, Raw>;

struct Block {
    BlockVariant node;

    Block() : node(Paragraph{}) {}
    template <class T>
        requires std::is_constructible_v<BlockVariant, T&&> &&
                 (!std::is_same_v<std::remove_cvref_t<T>, Block>)
    Block(T&& value) : node(std::forward<T>(value)) {}
    bool operator==(const Block&) const = default;

    // The block's attributes (every block kind has them).
    const Attr& attr() const;
    Attr& attr();
};

// ---------------------------------------------------------------------------------------------
// Metadata

struct Byline {
    std::string name;
    std::string title; // "Staff writer", "Ambassador of the EU to Kazakhstan"
    bool operator==(const Byline&) const = default;
};

// "ASTANA (Reuters), Dec. 10 — ": place, agency and the date as written.
struct Dateline {
    std::string place;
    std::string agency;
    std::string date_text;
    bool empty() const { return place.empty() && agency.empty() && date_text.empty(); }
    bool operator==(const Dateline&) const = default;
};

// Where the article's language came from.
enum class LanguageSource {
    none,     // nobody said and detection could not tell
    declared, // the input declared it (xml:lang, front matter, the model's JSON)
    option,   // the caller's default for inputs that declare none (--lang)
    detected, // detected from the text
};

struct Meta {
    std::string headline;
    std::string dek; // standfirst, subtitle
    std::vector<Byline> bylines;
    Dateline dateline;
    std::string date;     // ISO 8601 ("2025-12-10" or "2025-12-10T09:30:00+05:00")
    std::string language; // BCP 47 ("en", "ru", "kk-Cyrl")
    std::string publisher;
    std::string section;
    std::vector<std::string> keywords;
    std::string rights;
    std::string source_url;
    std::string identifier;
    LanguageSource language_source = LanguageSource::none;
    // What the source's head said where galley chose otherwise or took it apart, as data:
    // ("dateline", "NEW YORK"), ("distributor", "The Associated Press"), ("hl2", …),
    // ("abstract", …), ("byline", "Staff Reporter"), ("slug", …). One entry per key, in the
    // order read (set_head replaces a key's value).
    std::vector<std::pair<std::string, std::string>> head;
    // Agency furniture taken out of the printed text: end and service marks ("ENDS", "(MORE)",
    // "/ritzau/"), notes to editors ("*MANDATORY CREDIT*", "*** TRANSLATED ***").
    std::vector<std::string> service_notes;

    // The head's value for `key`, or nullptr.
    const std::string* head_value(std::string_view key) const;
    // Sets the head's value for `key` (an empty value is not recorded).
    void set_head(std::string_view key, std::string value);
    bool operator==(const Meta&) const = default;
};

// "declared", "option", "detected" ("" for none).
const char* to_string(LanguageSource source);

struct Article {
    Meta meta;
    Blocks blocks;
    // The file the article was read from, for resolving relative image paths and for messages.
    // Not part of the JSON form.
    std::string source_path;

    // Equality compares content (meta and blocks), not where it came from.
    bool operator==(const Article& other) const {
        return meta == other.meta && blocks == other.blocks;
    }
};

} // namespace galley
