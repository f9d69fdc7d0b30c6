// Internal: the readers behind read_article(), one per format, and what they share.
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"
#include "galley/read.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace galley::detail {

// Each reader takes the file's bytes as they are (possibly with a BOM) and the file name for
// messages. Errors are thrown as galley::Error; recoverable problems go into the warnings.
ReadResult read_wire(std::string_view bytes, const std::string& file);
ReadResult read_markdown(std::string_view bytes, const std::string& file);
ReadResult read_xml(std::string_view bytes, const std::string& file); // NITF and NewsML-G2
ReadResult read_json(std::string_view bytes, const std::string& file);

// ---- shared text checks (src/read/text.cpp)

// Checks that `bytes` is a usable UTF-8 text: not empty (ErrorCode::empty_input), not binary
// (a NUL byte: ErrorCode::binary_input), valid UTF-8 (ErrorCode::encoding, naming the byte
// offset and line:column). Returns the text without a UTF-8 BOM.
std::string_view checked_utf8_text(std::string_view bytes, const std::string& file);

// Line and column (1-based, column counted in code points) of a byte offset in `text`.
Position position_of(std::string_view text, std::size_t offset);

// True when `text` is valid UTF-8; otherwise `bad_offset` gets the first bad byte's offset.
bool is_valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

// Whitespace helpers (ASCII white space and, for trim_text, U+00A0 is *not* removed).
std::string_view trim(std::string_view s);
std::string_view trim_right(std::string_view s);
// Trims ASCII white space and Unicode spaces (U+00A0 no-break space, U+2000–U+200B,
// U+202F, U+205F, U+3000, U+FEFF) from both ends: for the ends of lines and paragraphs, where
// no space is meaningful.
std::string_view trim_unicode_space(std::string_view s);
// Collapses runs of ASCII white space (space, tab, CR, LF) to one space and trims the ends.
std::string collapse_space(std::string_view s);

// ---- agency copy (src/read/copy_desk.cpp, dateline.cpp, bylines.cpp)

// What every reader's article goes through (the model's own JSON aside): double-escaped
// entities, agency furniture, body bylines, bylines into people, the lead's dateline, deks
// that repeat, the language (declared, --lang or detected) and typographic quotes.
void copy_desk(Article& article, const ReadOptions& options, Warnings& warnings,
               const std::string& file);

// An end or service mark, a note to editors or an agency's sign-off standing alone ("ENDS",
// "-30-", "(MORE)", "*MANDATORY CREDIT*", "/ritzau/", "AAP RTV"): furniture, not text.
bool is_agency_furniture(std::string_view line);

// Recognises a dateline at the start of a lead in the common agency forms ("NEW YORK (AP) —
// ", "København /ritzau/: ", "Tegucigalpa, Jan 2 (EFE).- ", "Evansville, Indiana, United
// States - "…). On success fills `dateline` (place, agency as written, date as written) and
// returns the number of bytes to remove from the lead; otherwise returns 0.
std::size_t parse_dateline(std::string_view lead, Dateline& dateline);

// Takes a byline as written apart into people and their titles ("By Sam Lister, Press
// Association Political Correspondent", "By A, B and C", "Mia Rabson and Jordan Press").
// Desk codes and placeholders are left out. nullopt when the text is not a byline galley
// understands (a title with no one before it, a sentence).
std::optional<std::vector<Byline>> parse_people(std::string_view text);
// A paragraph opening the body that is a byline ("By Jonathan Underhill"): its people.
std::optional<std::vector<Byline>> body_byline(std::string_view paragraph);
// Desk codes ("gr/bp", "js") and placeholders ("Staff Reporter", "Staff"): not people.
bool is_byline_placeholder(std::string_view text);
// Each byline's name taken apart with parse_people; placeholders dropped.
void clean_bylines(std::vector<Byline>& bylines);

// ---- photo credits in captions (src/read/credit.cpp)

// When a caption ends with a credit in a common wire form, removes it from the caption and
// returns it as a structured credit; otherwise returns an empty Credit and leaves the caption
// as it is. The forms:
//   labelled     "… Photo: NAME", "Photo credit:", "Foto:", "Picture:", "Credit:", "Фото:"
//   bracketed    "… (AP Photo/Jane Doe)", "(Jane Doe/AP)", "(Photo: NAME)", "(Reuters)"
//   bare agency  "… 2020. THE CANADIAN PRESS/Paul Chiasson", "… 2020. Jane Doe/AFP" (after
//                the end of a sentence; the agency in capitals or a known one)
// "AGENCY/Name", "Name/AGENCY" and "AGENCY Photo/Name" give `creator` and `source` (the
// agency's name title-cased when written in capitals: agency_name) and no `line`; a known
// agency alone gives `source`; any other name after a label is the `line` as written. A
// sentence that merely ends with a capitalised word is left alone. Notes to editors at the
// start or end of the caption ("*MANDATORY CREDIT*", "MANDATORY CREDIT", "NO SALES", "NO
// ARCHIVES", "ONE TIME USE ONLY", "HANDOUT"…) are taken out too, into the credit's `notes`
// (so a caption with only notes gives a credit with only notes). The Inlines form works on
// the caption's last Text run (and the first, for notes in asterisks at the start).
Credit split_caption_credit(Inlines& caption);
// The same for a plain-text caption.
Credit split_caption_credit(std::string& caption);

// Only the notes to editors of split_caption_credit, taken out of the caption.
std::vector<std::string> take_caption_notes(Inlines& caption);
std::vector<std::string> take_caption_notes(std::string& caption);

// What readers do with a figure's caption and the credit the source gave it (`credit`, empty
// when it gave none): the caption's notes always go into credit.notes; the caption's own
// credit is split off into `credit` when the source gave none, and split off and dropped
// when it repeats the one given (so it is printed once); a caption crediting someone else
// stays as written.
void settle_caption_credit(Inlines& caption, Credit& credit);

// If `line` is a whole credit line as it stands in wire copy ("Photo credit: NAME",
// "Photo: NAME", "Credit: NAME", "Foto: NAME"), the credit (NAME read as for
// split_caption_credit); otherwise nullopt.
std::optional<Credit> parse_credit_line(std::string_view line);

// An agency's name as a credit prints it: written in capitals, title-cased ("THE CANADIAN
// PRESS" → "The Canadian Press", "AGENCE FRANCE-PRESSE" → "Agence France-Presse") except
// acronyms ("AP", "AFP", "EFE", "PA", "AAP", "NTB", "EPA-EFE"); otherwise as written.
std::string agency_name(std::string_view name);

// Fills credit fields that are empty in `into` from `from`; notes, instructions and usage
// terms add up (what `into` already says is not repeated).
void merge_credit(Credit& into, const Credit& from);

} // namespace galley::detail
