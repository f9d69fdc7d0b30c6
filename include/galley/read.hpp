// galley — reading articles from the formats newsrooms hold.
//
// Formats: "wire" (plain wire copy, .txt), "markdown" (.md with YAML front matter), "nitf"
// (NITF 3.x and NewsML-G2 newsItem, .xml/.nitf/.nml), "json" (the model's own form).
// The format is taken from the caller, else from the file extension, else from a look at the
// content.
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"

#include <string>
#include <optional>
#include <string_view>
#include <vector>

namespace galley {

enum class InputFormat { wire, markdown, nitf, json };

// "wire", "markdown", "nitf", "json".
const char* to_string(InputFormat format);
// Accepts the names above and the aliases "txt", "md", "xml", "newsml", "g2".
// Throws ErrorCode::usage for an unknown name.
InputFormat input_format_from_name(std::string_view name);
// The format for a file name by its extension, if the extension is one galley knows.
std::optional<InputFormat> input_format_from_extension(std::string_view path);
// The format by looking at the first bytes of the content (never fails: wire copy is the default).
InputFormat sniff_input_format(std::string_view content);
// Every known format name, for help texts.
std::vector<std::string> input_format_names();

struct ReadOptions {
    // When set, used instead of the extension and the content.
    std::optional<InputFormat> format;
    // The language (BCP 47) of inputs that declare none (`--lang`). When empty too, galley
    // detects the language from the text. Meta::language_source says which it was.
    std::string language;
    // Straight quotes, apostrophes, `--` and `...` become the language's typographic forms
    // (`--no-smart`: false). Text already typographic is left alone. Not applied to the
    // model's own JSON, which is read as it is.
    bool smart = true;
};

struct ReadResult {
    Article article;
    Warnings warnings;
};

// Reads the article in `path`. Throws galley::Error (with the file, and line:column where
// known) when the file cannot be read or is not a valid article.
ReadResult read_article_file(const std::string& path, const ReadOptions& options = {});

// Reads an article from bytes already in memory; `name` is used in messages, for choosing the
// format by extension, and as the base for relative image paths.
ReadResult read_article(std::string_view content, const std::string& name,
                        const ReadOptions& options = {});

} // namespace galley
