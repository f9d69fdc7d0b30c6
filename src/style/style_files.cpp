// Loading sheets by name or path, and the bundled sheets in styles/.
#include "galley/style.hpp"

#include "galley/resources.hpp"
#include "style/css_tokenizer.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace galley {

namespace {

namespace fs = std::filesystem;

bool is_bundled_name(const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
        return false;
    return !(name.size() >= 4 &&
             detail::equals_ignoring_case(name.substr(name.size() - 4), ".css"));
}

std::string read_sheet(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw Error(ErrorCode::io, path.string(), "is a folder, not a style sheet");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::io, path.string(), "cannot open the style sheet");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw Error(ErrorCode::io, path.string(), "cannot read the style sheet");
    return buffer.str();
}

std::string bundled_names() {
    std::string names;
    for (const auto& style : bundled_styles()) {
        if (!names.empty()) names += ", ";
        names += style.name;
    }
    return names.empty() ? "none found in " + styles_dir().string() : names;
}

std::string trim(std::string_view text) {
    std::size_t a = 0, b = text.size();
    while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r' || text[a] == '\n' ||
                     text[a] == '*'))
        ++a;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r' ||
                     text[b - 1] == '\n'))
        --b;
    return std::string(text.substr(a, b - a));
}

} // namespace

std::string style_description(std::string_view css) {
    if (css.starts_with("\xEF\xBB\xBF")) css.remove_prefix(3);
    constexpr std::string_view marker = "galley-style:";
    for (;;) {
        std::size_t start = css.find_first_not_of(" \t\r\n\f");
        if (start == std::string_view::npos || css.substr(start, 2) != "/*") return {};
        std::size_t end = css.find("*/", start + 2);
        std::string_view comment = css.substr(
            start + 2, end == std::string_view::npos ? std::string_view::npos : end - start - 2);
        if (std::size_t at = comment.find(marker); at != std::string_view::npos) {
            std::string_view rest = comment.substr(at + marker.size());
            rest = rest.substr(0, rest.find('\n'));
            return trim(rest);
        }
        if (end == std::string_view::npos) return {};
        css.remove_prefix(end + 2);
    }
}

std::vector<BundledStyle> bundled_styles() {
    std::vector<BundledStyle> styles;
    std::error_code ec;
    fs::path folder = styles_dir();
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& path = it->path();
        if (path.extension() != ".css" || !it->is_regular_file(ec)) continue;
        BundledStyle style;
        style.name = path.stem().string();
        style.path = path;
        try {
            style.description = style_description(read_sheet(path));
        } catch (const Error&) {
        }
        styles.push_back(std::move(style));
    }
    std::sort(styles.begin(), styles.end(),
              [](const BundledStyle& a, const BundledStyle& b) { return a.name < b.name; });
    return styles;
}

StyleSheet load_style(const std::string& name_or_path, Warnings& warnings) {
    fs::path path;
    if (is_bundled_name(name_or_path)) {
        path = styles_dir() / (name_or_path + ".css");
        std::error_code ec;
        if (!fs::is_regular_file(path, ec))
            throw Error(ErrorCode::usage, "",
                        "unknown style '" + name_or_path + "' (bundled styles: " + bundled_names() +
                            "; a path to a .css file works too)");
    } else {
        path = name_or_path;
    }
    std::string css = read_sheet(path);
    return parse_style_sheet(css, path.string(), warnings);
}

} // namespace galley
