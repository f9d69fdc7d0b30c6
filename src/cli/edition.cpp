// galley edition: a manifest of pages and stories becomes a newspaper edition
// (galley::build_edition), written as one print PDF, PNG or SVG pages, or a layout dump.
#include "cli/commands.hpp"

#include "galley/edition.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <iostream>

namespace galley::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* edition_help =
    "usage: galley edition EDITION.yaml -o OUT [options]\n\n"
    "Makes up a newspaper edition from a YAML manifest: its title, date, language and style,\n"
    "and its pages in order, each with a section, its stories (the first leads), briefs and\n"
    "fixed advertisements. Every story is set as one module on the page's column grid; what\n"
    "does not fit continues on its jump page. Every page carries a folio; page 1 the\n"
    "nameplate. Paths in the manifest are relative to it. Unknown keys and values of the\n"
    "wrong kind in the manifest are errors naming their line and column. The edition is laid\n"
    "out and drawn completely before anything is written, and each file is written beside\n"
    "its target and renamed into place, so a failure leaves no partial file and keeps an\n"
    "older good one. The same manifest, files and options give the same bytes.\n\n"
    "Outputs (--to):\n"
    "  print   the edition as one print-ready PDF (the default)    -o EDITION.pdf\n"
    "  png     a proof of each page, in the folder -o names        -o DIR: STEM-1.png, ...\n"
    "  svg     each page as SVG, in the folder -o names            -o DIR: STEM-1.svg, ...\n"
    "  layout  the make-up decisions as text                       -o EDITION.layout.txt\n\n"
    "STEM is the manifest's file name without its extension. Folders are created as needed.\n\n"
    "Options:\n"
    "  -o, --output OUT     the PDF or layout file, or the folder for png and svg (required)\n"
    "  -t, --to OUTPUT      print, png, svg or layout (default: print)\n"
    "  --style NAME|PATH    a bundled style (see 'galley styles') or a .css file; replaces\n"
    "                       the manifest's 'style' (default: broadsheet)\n"
    "  --dpi N              resolution of PNG proofs, 1 to 2400 (default 150)\n"
    "  --strict             a missing story or ad, a story with no text, an ad that does\n"
    "                       not fit, and every other warning, is an error: nothing is\n"
    "                       written and the exit status is 3\n"
    "  --json               JSON lines on standard output: one a story, {\"story\": its path\n"
    "                       as in the manifest, \"modules\": [{\"page\", \"x\", \"y\", \"width\",\n"
    "                       \"height\"}], \"headline\": a rectangle or null, \"jumps\": [pages],\n"
    "                       \"overset_words\": N}, then one a page, {\"page\": N, \"section\",\n"
    "                       \"fill\": the share of the type area used}; rectangles in points\n"
    "                       from the trim box's top-left corner (nothing when it fails)\n"
    "  -h, --help           this help\n\n"
    "Warnings (a missing story or ad, overset text, a missing glyph) go to standard error as\n"
    "FILE:LINE:COL: warning: ...; without --strict the page is made up without what is\n"
    "missing.\n\n"
    "Dates: the PDF's dates are SOURCE_DATE_EPOCH when set, else the edition's date.\n\n"
    "Examples:\n"
    "  galley edition courier.yaml -o courier.pdf\n"
    "  galley edition courier.yaml --to png --dpi 72 -o proofs/\n"
    "  galley edition courier.yaml -o courier.pdf --strict --json > courier.jsonl\n\n"
    "Exit status: 0 the edition was written, 2 usage error, 3 the manifest or a file it names\n"
    "cannot be read, is invalid or is refused (or, with --strict, anything gave a warning),\n"
    "4 the edition could not be written.\n";

// A --dpi value: a whole number of dots per inch that write_print accepts.
double parse_dpi(const std::string& s) {
    std::size_t used = 0;
    int v = 0;
    try {
        v = std::stoi(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != s.size() || v < 1 || v > 2400)
        throw Error(ErrorCode::usage, "",
                    "edition: --dpi takes a whole number from 1 to 2400, not '" + s + "'");
    return v;
}

// An output kept in memory until the whole edition is known to be clean (--strict).
struct HeldOutput {
    int page = 0;
    std::string bytes;
    bool finished = false;
};

class HeldSink final : public Sink {
  public:
    explicit HeldSink(HeldOutput& output) : output_(output) {}
    void write(std::string_view bytes) override { output_.bytes.append(bytes); }
    void finish() override { output_.finished = true; }
    std::string name() const override { return "<memory>"; }

  private:
    HeldOutput& output_;
};

// Points to hundredths, shares to hundredths: what a reader of the report can use, and the
// same text on every machine.
double rounded(double v, double unit) {
    // Divided, not multiplied, by the steps: 0.82 rather than 0.8200000000000001.
    const double steps = std::round(1 / unit);
    return std::round(v * steps) / steps;
}

nlohmann::ordered_json rect_json(const EditionRect& r) {
    return {{"page", r.page},
            {"x", rounded(r.x, 0.01)},
            {"y", rounded(r.y, 0.01)},
            {"width", rounded(r.width, 0.01)},
            {"height", rounded(r.height, 0.01)}};
}

void print_json(const EditionResult& result) {
    const auto line = [](const nlohmann::ordered_json& j) {
        std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                  << "\n";
    };
    for (const EditionStoryReport& story : result.stories) {
        nlohmann::ordered_json j;
        j["story"] = story.story;
        j["modules"] = nlohmann::ordered_json::array();
        for (const EditionRect& r : story.modules) j["modules"].push_back(rect_json(r));
        j["headline"] = story.headline ? rect_json(*story.headline) : nlohmann::ordered_json();
        j["jumps"] = story.jumps;
        j["overset_words"] = story.overset_words;
        line(j);
    }
    for (const EditionPageReport& page : result.pages) {
        nlohmann::ordered_json j;
        j["page"] = page.page;
        j["section"] = page.section;
        j["fill"] = rounded(page.fill, 0.01);
        line(j);
    }
    std::cout << std::flush;
}

} // namespace

int edition(const Args& args) {
    std::string manifest_path, out;
    EditionOptions options;
    bool json = false;
    Warnings style_warnings;
    auto value = [&](std::size_t& i, const std::string& opt) -> std::string {
        if (i + 1 >= args.size())
            throw Error(ErrorCode::usage, "", "edition: " + opt + " needs a value");
        return args[++i];
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << edition_help;
            return 0;
        } else if (a == "-o" || a == "--output") {
            out = value(i, a);
        } else if (a == "-t" || a == "--to") {
            const std::string name = value(i, a);
            const auto output = print_output_from_name(name);
            if (!output)
                return fail(2, "edition: unknown output '" + name +
                                   "' (known: print, png, svg, layout)");
            options.output = *output;
        } else if (a == "--dpi") {
            options.dpi = parse_dpi(value(i, a));
        } else if (a == "--style") {
            options.style = load_style(value(i, a), style_warnings);
        } else if (a == "--strict") {
            options.strict = true;
        } else if (a == "--json") {
            json = true;
        } else if (a.size() > 1 && a[0] == '-') {
            return fail(2, "edition: unknown option '" + a + "' (see 'galley edition --help')");
        } else if (manifest_path.empty()) {
            manifest_path = a;
        } else {
            return fail(2, "edition: one manifest at a time (got '" + manifest_path + "' and '" +
                               a + "')");
        }
    }
    if (manifest_path.empty()) return fail(2, "edition: no manifest (see 'galley edition --help')");
    const bool pages_as_files =
        options.output == PrintOutput::png || options.output == PrintOutput::svg;
    if (out.empty())
        return fail(2, pages_as_files
                           ? "edition: say which folder the pages go to with -o DIR"
                           : std::string("edition: say where the edition goes with -o ") +
                                 (options.output == PrintOutput::layout ? "EDITION.layout.txt"
                                                                        : "EDITION.pdf"));
    if (out == "-") return fail(2, "edition: -o - is not supported; give a file or folder");
    std::error_code error;
    if (pages_as_files && fs::exists(out, error) && !fs::is_directory(out, error))
        return fail(2, "edition: --to " + std::string(to_string(options.output)) +
                           " writes a file a page into a folder, and '" + out + "' is a file");
    if (!pages_as_files && (out.back() == '/' || fs::is_directory(out, error)))
        return fail(2, "edition: --to " +
                           std::string(options.output == PrintOutput::pdf ? "print" : "layout") +
                           " writes one file, and '" + out + "' is a folder");

    for (const Warning& w : style_warnings) std::cerr << w.to_string() << "\n";
    const auto started = std::chrono::steady_clock::now();
    const fs::path target = out;
    const std::string stem = fs::path(manifest_path).stem().string();
    // Where each file goes. Called only once the edition is drawn, so a failure before then
    // leaves not even a folder behind.
    const auto file_for = [&](int page) -> fs::path {
        const fs::path path =
            pages_as_files ? target / print_file_name(stem, options.output, page) : target;
        if (path.has_parent_path()) {
            std::error_code ec;
            fs::create_directories(path.parent_path(), ec);
            if (ec)
                throw Error(ErrorCode::output, path.string(),
                            "cannot create its folder " + path.parent_path().string() + ": " +
                                ec.message());
        }
        return path;
    };

    EditionResult result;
    std::size_t written = 0;
    try {
        const EditionManifest manifest = read_edition_manifest(manifest_path);
        if (!options.strict) {
            result = build_edition(manifest, options, [&](int page) -> std::unique_ptr<Sink> {
                ++written;
                return std::make_unique<FileSink>(file_for(page));
            });
        } else {
            // --strict: every warning is an error, so nothing may be written until the
            // edition is known to have none.
            std::deque<HeldOutput> held; // stable references for the sinks
            result = build_edition(manifest, options, [&](int page) -> std::unique_ptr<Sink> {
                HeldOutput& output = held.emplace_back();
                output.page = page;
                return std::make_unique<HeldSink>(output);
            });
            if (!result.warnings.empty()) {
                for (const Warning& w : result.warnings) std::cerr << w.to_string() << "\n";
                const std::size_t n = result.warnings.size();
                throw Error(ErrorCode::invalid, manifest_path,
                            std::to_string(n) + (n == 1 ? " warning" : " warnings") +
                                " and --strict, which makes every warning an error: the "
                                "edition was not written");
            }
            for (HeldOutput& output : held) {
                if (!output.finished) continue;
                FileSink sink(file_for(output.page));
                sink.write(output.bytes);
                sink.finish();
                std::string().swap(output.bytes);
                ++written;
            }
        }
    } catch (const Error& e) {
        return fail(exit_status(e.code()), e.what());
    }

    for (const Warning& w : result.warnings) std::cerr << w.to_string() << "\n";
    if (json) print_json(result);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!json)
        std::fprintf(stderr, "galley: edition %s: %zu %s, %zu %s in %.2f s\n", out.c_str(),
                     result.pages.size(), result.pages.size() == 1 ? "page" : "pages", written,
                     written == 1 ? "file" : "files", seconds);
    return 0;
}

} // namespace galley::cli
