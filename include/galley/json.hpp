// galley — the model's versioned JSON form.
//
// Shape: {"galley": "MAJOR.MINOR", "meta": {...}, "blocks": [{"type": ...}, ...]}.
// Writing, reading and writing again gives identical bytes. Absent fields are omitted.
#pragma once

#include "galley/article.hpp"

#include <string>
#include <string_view>

namespace galley {

// The JSON form's version. Readers accept any minor version of the same major version.
inline constexpr int json_major_version = 1;
inline constexpr int json_minor_version = 0;

// The article as JSON text (two-space indent, a final newline), keys in a fixed order.
std::string to_json(const Article& article);

// Reads the JSON form. Throws galley::Error naming `file` (syntax errors with line:column,
// `ErrorCode::version` for another major version, `ErrorCode::invalid` for a wrong shape).
Article article_from_json(std::string_view text, const std::string& file = "<json>");

} // namespace galley
