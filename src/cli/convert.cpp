// galley convert INPUT... --to FORMATS [-o DIR] [--style S] [--bundle NAME.epub --title T]
// Converts articles to the output formats; one bad input never stops the others.
#include "cli/commands.hpp"

#include "galley/epub.hpp"
#include "galley/json.hpp"
#include "galley/read.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

namespace galley::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* convert_help =
    "usage: galley convert INPUT... --to FORMATS [-o DIR] [options]\n\n"
    "Converts each INPUT (a file, or a folder searched recursively for .txt, .md, .xml,\n"
    ".nitf, .nml and .json files) to every format in FORMATS, writing DIR/<name>.<ext>.\n"
    "Outputs mirror the inputs' folder structure under DIR. One bad input never stops the\n"
    "others, and a failed conversion leaves no partial file (outputs are renamed into place).\n\n"
    "Formats (comma-separated):\n"
    "  epub    an EPUB 3 book per article (or one book for all: --bundle)\n"
    "  json    the article model as JSON (as 'galley inspect')\n\n"
    "Options:\n"
    "  -o, --output DIR     where outputs go (default: the current folder)\n"
    "  --from FORMAT        read every input as wire, markdown, nitf or json\n"
    "  --style NAME|PATH    a bundled style (see 'galley styles') or a .css file;\n"
    "                       default: default\n"
    "  --bundle NAME.epub   with --to epub: one book holding every input, in order\n"
    "  --title TITLE        the bundle's title (required with --bundle)\n"
    "  --embed-fonts        embed the style's fonts (subset) in EPUB books\n"
    "  -h, --help           this help\n\n"
    "Examples:\n"
    "  galley convert story.txt --to epub -o out/\n"
    "  galley convert feed/ --to epub,json -o converted/\n"
    "  galley convert a.md b.xml --to epub --bundle issue-12.epub --title \"Issue 12\" -o out/\n\n"
    "Exit status: 0 all converted, 1 some inputs failed, 2 usage error, 3 nothing could be\n"
    "read.\n";

enum class Format { epub, json };

struct FormatInfo {
    const char* name;
    Format format;
    const char* extension;
};
constexpr FormatInfo formats[] = {{"epub", Format::epub, ".epub"}, {"json", Format::json, ".json"}};

struct Input {
    fs::path path;     // as found
    fs::path relative; // its path below the input argument it came from (for mirroring)
};

bool is_article_file(const fs::path& p) {
    return input_format_from_extension(p.string()).has_value() && p.filename() != "README.md";
}

// Expands folders (recursively, sorted, by known extensions); keeps files as given.
std::vector<Input> collect_inputs(const std::vector<std::string>& args) {
    std::vector<Input> inputs;
    for (const auto& arg : args) {
        fs::path p(arg);
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<Input> found;
            for (auto it = fs::recursive_directory_iterator(
                     p, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file(ec) && is_article_file(it->path()))
                    found.push_back({it->path(), fs::relative(it->path(), p, ec)});
            }
            std::sort(found.begin(), found.end(),
                      [](const Input& a, const Input& b) { return a.relative < b.relative; });
            inputs.insert(inputs.end(), found.begin(), found.end());
        } else {
            inputs.push_back({p, p.filename()});
        }
    }
    return inputs;
}

} // namespace

int convert(const Args& args) {
    std::vector<std::string> input_args;
    std::vector<Format> wanted;
    fs::path out_dir = ".";
    std::string style_name = "default", bundle, title;
    bool embed_fonts = false;
    ReadOptions read_options;

    auto value = [&](std::size_t& i, const std::string& opt) -> std::string {
        if (i + 1 >= args.size()) throw Error(ErrorCode::usage, "", "convert: " + opt + " needs a value");
        return args[++i];
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << convert_help;
            return 0;
        } else if (a == "--to" || a == "-t") {
            std::string list = value(i, a);
            std::size_t start = 0;
            while (start <= list.size()) {
                std::size_t comma = list.find(',', start);
                std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                auto f = std::find_if(std::begin(formats), std::end(formats),
                                      [&](const FormatInfo& fi) { return name == fi.name; });
                if (f == std::end(formats))
                    return fail(2, "convert: unknown output format '" + name + "' (known: epub, json)");
                if (std::find(wanted.begin(), wanted.end(), f->format) == wanted.end())
                    wanted.push_back(f->format);
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        } else if (a == "-o" || a == "--output") {
            out_dir = value(i, a);
        } else if (a == "--style") {
            style_name = value(i, a);
        } else if (a == "--from") {
            read_options.format = input_format_from_name(value(i, a));
        } else if (a == "--bundle") {
            bundle = value(i, a);
        } else if (a == "--title") {
            title = value(i, a);
        } else if (a == "--embed-fonts") {
            embed_fonts = true;
        } else if (a.size() > 1 && a[0] == '-') {
            return fail(2, "convert: unknown option '" + a + "' (see 'galley convert --help')");
        } else {
            input_args.push_back(a);
        }
    }
    if (input_args.empty()) return fail(2, "convert: no inputs (see 'galley convert --help')");
    if (wanted.empty()) return fail(2, "convert: say which formats with --to (e.g. --to epub)");
    if (!bundle.empty()) {
        if (wanted != std::vector<Format>{Format::epub})
            return fail(2, "convert: --bundle writes one EPUB; use it with --to epub alone");
        if (title.empty()) return fail(2, "convert: --bundle needs --title");
        if (bundle.find('/') != std::string::npos || !bundle.ends_with(".epub"))
            return fail(2, "convert: --bundle takes a file name ending in .epub (it goes into -o DIR)");
    }

    Warnings style_warnings;
    StyleSheet style = load_style(style_name, style_warnings);
    for (const auto& w : style_warnings) std::cerr << w.to_string() << "\n";

    std::vector<Input> inputs = collect_inputs(input_args);
    if (inputs.empty()) return fail(3, "convert: no article files found in the inputs");

    // Two inputs that would write the same output are refused before any work starts.
    if (bundle.empty()) {
        std::map<fs::path, fs::path> claimed;
        for (const auto& in : inputs) {
            for (Format f : wanted) {
                const auto& info = *std::find_if(std::begin(formats), std::end(formats),
                                                 [&](const FormatInfo& fi) { return fi.format == f; });
                fs::path out = out_dir / in.relative;
                out.replace_extension(info.extension);
                auto [it, fresh] = claimed.emplace(out, in.path);
                if (!fresh)
                    return fail(2, "convert: " + in.path.string() + " and " + it->second.string() +
                                       " would both write " + out.string());
            }
        }
    }

    int failed = 0, read_ok = 0;
    std::vector<Article> bundled;
    for (const auto& in : inputs) {
        try {
            ReadResult r = read_article_file(in.path.string(), read_options);
            ++read_ok;
            for (const auto& w : r.warnings) std::cerr << w.to_string() << "\n";
            if (!bundle.empty()) {
                bundled.push_back(std::move(r.article));
                continue;
            }
            fs::path base = out_dir / in.relative;
            fs::create_directories(base.parent_path());
            for (Format f : wanted) {
                fs::path out = base;
                switch (f) {
                case Format::epub: {
                    out.replace_extension(".epub");
                    FileSink sink(out);
                    EpubOptions options;
                    options.style = style;
                    options.embed_fonts = embed_fonts;
                    EpubResult result = write_epub(r.article, options, sink);
                    for (const auto& w : result.warnings) std::cerr << w.to_string() << "\n";
                    break;
                }
                case Format::json: {
                    out.replace_extension(".json");
                    FileSink sink(out);
                    sink.write(to_json(r.article));
                    sink.finish();
                    break;
                }
                }
            }
        } catch (const Error& e) {
            ++failed;
            std::cerr << "galley: " << e.what() << "\n";
        }
    }
    if (!bundle.empty() && !bundled.empty()) {
        try {
            fs::create_directories(out_dir);
            FileSink sink(out_dir / bundle);
            EpubOptions options;
            options.style = style;
            options.title = title;
            options.embed_fonts = embed_fonts;
            EpubResult result = write_epub_bundle(bundled, options, sink);
            for (const auto& w : result.warnings) std::cerr << w.to_string() << "\n";
        } catch (const Error& e) {
            std::cerr << "galley: " << e.what() << "\n";
            return 1;
        }
    }
    if (read_ok == 0) return 3;
    return failed > 0 ? 1 : 0;
}

} // namespace galley::cli
