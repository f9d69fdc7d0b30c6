// Reader registry: choosing a reader by name, extension or content, and reading files.
#include "read/reader.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace galley {

namespace {

struct FormatName {
    std::string_view name;
    InputFormat format;
};
constexpr std::array<FormatName, 10> format_names = {{{"wire", InputFormat::wire},
                                                      {"txt", InputFormat::wire},
                                                      {"markdown", InputFormat::markdown},
                                                      {"md", InputFormat::markdown},
                                                      {"nitf", InputFormat::nitf},
                                                      {"xml", InputFormat::nitf},
                                                      {"newsml", InputFormat::nitf},
                                                      {"g2", InputFormat::nitf},
                                                      {"json", InputFormat::json},
                                                      {"galley", InputFormat::json}}};

struct Extension {
    std::string_view ext;
    InputFormat format;
};
constexpr std::array<Extension, 8> extensions = {{{".txt", InputFormat::wire},
                                                  {".md", InputFormat::markdown},
                                                  {".markdown", InputFormat::markdown},
                                                  {".xml", InputFormat::nitf},
                                                  {".nitf", InputFormat::nitf},
                                                  {".nml", InputFormat::nitf},
                                                  {".newsml", InputFormat::nitf},
                                                  {".json", InputFormat::json}}};

// Inputs larger than this are refused before reading: no article is this long.
constexpr std::uintmax_t max_input_bytes = 256u * 1024 * 1024;

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

} // namespace

const char* to_string(InputFormat format) {
    switch (format) {
    case InputFormat::wire: return "wire";
    case InputFormat::markdown: return "markdown";
    case InputFormat::nitf: return "nitf";
    case InputFormat::json: return "json";
    }
    return "wire";
}

InputFormat input_format_from_name(std::string_view name) {
    std::string lower = lower_ascii(name);
    for (const auto& f : format_names)
        if (f.name == lower) return f.format;
    throw Error(ErrorCode::usage, "",
                "unknown input format '" + std::string(name) +
                    "' (known: wire, markdown, nitf, json)");
}

std::optional<InputFormat> input_format_from_extension(std::string_view path) {
    std::string ext = lower_ascii(std::filesystem::path(path).extension().string());
    for (const auto& e : extensions)
        if (e.ext == ext) return e.format;
    return std::nullopt;
}

InputFormat sniff_input_format(std::string_view content) {
    if (content.size() >= 2 && ((content[0] == '\xFF' && content[1] == '\xFE') ||
                                (content[0] == '\xFE' && content[1] == '\xFF')))
        return InputFormat::nitf; // UTF-16 text: only XML declares its own encoding
    if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
    std::string_view t = detail::trim(content.substr(0, 4096));
    if (t.starts_with("<")) return InputFormat::nitf;
    if (t.starts_with("{")) return InputFormat::json;
    if (content.starts_with("---\n") || content.starts_with("---\r\n")) return InputFormat::markdown;
    if (t.starts_with("# ")) return InputFormat::markdown;
    return InputFormat::wire;
}

std::vector<std::string> input_format_names() { return {"wire", "markdown", "nitf", "json"}; }

ReadResult read_article(std::string_view content, const std::string& name,
                        const ReadOptions& options) {
    InputFormat format = options.format ? *options.format
                         : input_format_from_extension(name).value_or(sniff_input_format(content));
    ReadResult result;
    switch (format) {
    case InputFormat::wire: result = detail::read_wire(content, name); break;
    case InputFormat::markdown: result = detail::read_markdown(content, name); break;
    case InputFormat::nitf: result = detail::read_xml(content, name); break;
    case InputFormat::json: result = detail::read_json(content, name); break;
    }
    result.article.source_path = name;
    return result;
}

ReadResult read_article_file(const std::string& path, const ReadOptions& options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw Error(ErrorCode::io, path, "cannot read: no such file");
    if (fs::is_directory(status)) throw Error(ErrorCode::io, path, "cannot read: is a folder");
    if (!fs::is_regular_file(status))
        throw Error(ErrorCode::io, path, "cannot read: not a regular file (a device, FIFO or socket)");
    auto size = fs::file_size(path, ec);
    if (!ec && size > max_input_bytes)
        throw Error(ErrorCode::limit, path,
                    "the file is " + std::to_string(size / (1024 * 1024)) +
                        " MiB; galley reads articles of at most 256 MiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::io, path, std::string("cannot open: ") + std::strerror(errno));
    std::string content;
    content.resize(static_cast<std::size_t>(ec ? 0 : size));
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    if (in.bad()) throw Error(ErrorCode::io, path, "read error");
    content.resize(static_cast<std::size_t>(in.gcount()));
    return read_article(content, path, options);
}

} // namespace galley
