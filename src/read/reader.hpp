// Internal: the readers behind read_article(), one per format, and what they share.
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"
#include "galley/read.hpp"

#include <string>
#include <string_view>

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

// ---- photo credits in captions (src/read/credit.cpp)

// When a caption ends with a credit in a common wire form — "Photo: NAME", "Photo credit:
// NAME", "Foto: NAME", "(AGENCY Photo/NAME)", "Credit: NAME" — removes it from the caption
// and returns it as a structured credit; otherwise returns an empty Credit and leaves the
// caption as it is. Works on the last Text run of the caption.
Credit split_caption_credit(Inlines& caption);
// The same for a plain-text caption.
Credit split_caption_credit(std::string& caption);

// If `line` is a whole credit line as it stands in wire copy ("Photo credit: NAME",
// "Photo: NAME", "Credit: NAME", "Foto: NAME"), the credit; otherwise nullopt.
std::optional<Credit> parse_credit_line(std::string_view line);

// Fills credit fields that are empty in `into` from `from`.
void merge_credit(Credit& into, const Credit& from);

} // namespace galley::detail
