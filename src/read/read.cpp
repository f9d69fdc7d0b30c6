// Reader registry: choosing a reader by name, extension or content, and reading files.
#include "read/reader.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <type_traits>
#include <variant>

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

// Files larger than these are refused before reading. Wire copy, Markdown and XML are text
// (the article's text bound below is far smaller); JSON may carry its images inside (base64).
constexpr std::uintmax_t max_text_input_bytes = 64u * 1024 * 1024;
constexpr std::uintmax_t max_input_bytes = 256u * 1024 * 1024;
// The text an article may hold, read: 2 MiB is some 330,000 words, a book of 1,000 pages. The
// backends' time and memory grow with it (the print layout sets some 0.7 MiB a second), so
// this is what keeps a conversion within seconds and a few hundred MiB.
constexpr std::size_t max_article_text_bytes = std::size_t{2} << 20;

// Counts the bytes of text an article holds (image bytes left out), stopping early once past
// `limit`. The readers bound the model's nesting, so the recursion stays shallow.
class TextMeter {
public:
    explicit TextMeter(std::size_t limit) : limit_(limit) {}
    bool over() const { return bytes_ > limit_; }

    void add(std::string_view s) { bytes_ += s.size(); }
    void add(const Inlines& inlines) {
        for (const Inline& in : inlines) {
            if (over()) return;
            std::visit(
                [&](const auto& x) {
                    using T = std::decay_t<decltype(x)>;
                    if constexpr (std::is_same_v<T, Text> || std::is_same_v<T, Code>) {
                        add(x.text);
                    } else if constexpr (std::is_same_v<T, Link>) {
                        add(x.url);
                        add(x.title);
                        add(x.content);
                    } else if constexpr (!std::is_same_v<T, LineBreak>) {
                        add(x.content);
                    }
                },
                in.node);
        }
    }
    void add(const Blocks& blocks) {
        for (const Block& b : blocks) {
            if (over()) return;
            std::visit(
                [&](const auto& x) {
                    using T = std::decay_t<decltype(x)>;
                    if constexpr (std::is_same_v<T, Paragraph> || std::is_same_v<T, Heading> ||
                                  std::is_same_v<T, Tagline>) {
                        add(x.content);
                    } else if constexpr (std::is_same_v<T, BlockQuote>) {
                        add(x.content);
                        add(x.attribution);
                    } else if constexpr (std::is_same_v<T, PullQuote>) {
                        add(x.content);
                        add(x.attribution);
                    } else if constexpr (std::is_same_v<T, Figure>) {
                        if (x.image) add(x.image->src);
                        add(x.alt);
                        add(x.caption);
                        add(x.credit.creator);
                        add(x.credit.line);
                        add(x.credit.copyright);
                        add(x.credit.source);
                    } else if constexpr (std::is_same_v<T, List>) {
                        for (const Blocks& item : x.items) add(item);
                    } else if constexpr (std::is_same_v<T, Table>) {
                        add(x.caption);
                        for (const auto* rows : {&x.head, &x.body})
                            for (const TableRow& row : *rows)
                                for (const TableCell& cell : row) add(cell.content);
                    } else if constexpr (std::is_same_v<T, Raw>) {
                        add(x.text);
                    }
                },
                b.node);
        }
    }
    void add(const Meta& m) {
        for (const std::string* s : {&m.headline, &m.dek, &m.date, &m.language, &m.publisher,
                                     &m.section, &m.rights, &m.source_url, &m.identifier,
                                     &m.dateline.place, &m.dateline.agency, &m.dateline.date_text})
            add(*s);
        for (const Byline& b : m.bylines) {
            add(b.name);
            add(b.title);
        }
        for (const std::string& k : m.keywords) add(k);
    }

private:
    std::size_t limit_;
    std::size_t bytes_ = 0;
};

std::string mib(std::uintmax_t bytes) {
    std::uintmax_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MiB";
}

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
    TextMeter meter(max_article_text_bytes);
    meter.add(result.article.meta);
    meter.add(result.article.blocks);
    if (meter.over())
        throw Error(ErrorCode::limit, name,
                    "the article holds more than 2 MiB of text; galley converts articles of at "
                    "most 2 MiB of text (some 330,000 words)");
    if (format == InputFormat::json) {
        // The model's own form is read as it is; only where its language came from is said.
        Meta& meta = result.article.meta;
        if (!meta.language.empty() && meta.language_source == LanguageSource::none)
            meta.language_source = LanguageSource::declared;
        if (meta.language.empty() && !options.language.empty()) {
            meta.language = options.language;
            meta.language_source = LanguageSource::option;
        }
    } else {
        detail::copy_desk(result.article, options, result.warnings, name);
    }
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
    std::optional<InputFormat> format =
        options.format ? options.format : input_format_from_extension(path);
    bool json = format == InputFormat::json;
    if (!ec && (size > max_input_bytes || (format && !json && size > max_text_input_bytes)))
        throw Error(ErrorCode::limit, path,
                    "the file is " + mib(size) + "; galley reads article files of at most " +
                        (json ? "256 MiB (JSON)" : "64 MiB (256 MiB for JSON)"));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::io, path, std::string("cannot open: ") + std::strerror(errno));
    std::string content;
    content.resize(static_cast<std::size_t>(ec ? 0 : size));
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    if (in.bad()) throw Error(ErrorCode::io, path, "read error");
    content.resize(static_cast<std::size_t>(in.gcount()));
    if (!format && sniff_input_format(content) != InputFormat::json &&
        content.size() > max_text_input_bytes)
        throw Error(ErrorCode::limit, path,
                    "the file is " + mib(content.size()) +
                        "; galley reads article files of at most 64 MiB (256 MiB for JSON)");
    return read_article(content, path, options);
}

} // namespace galley
