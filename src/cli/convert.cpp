// galley convert: the batch engine (galley::run_batch) behind a command line, with a progress
// bar on a terminal and JSON lines for machines.
#include "cli/commands.hpp"

#include "galley/convert.hpp"
#include "galley/json.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <unistd.h>

namespace galley::cli {

namespace {

constexpr const char* convert_help =
    "usage: galley convert INPUT... --to FORMATS [-o DIR] [options]\n\n"
    "Converts each INPUT (a file, a folder searched recursively for .txt, .md, .markdown,\n"
    ".xml, .nitf, .nml and .json files, or - for one article on standard input) to every\n"
    "format in FORMATS. Outputs are named after their inputs and mirror the inputs' folders\n"
    "under DIR. Two inputs that would write the same file are refused before any work\n"
    "starts. One bad input never stops the others, and a failed conversion leaves no partial\n"
    "file and keeps an older good one (outputs are written beside their target and renamed).\n\n"
    "Formats (comma-separated):\n"
    "  pdf     the article as a paginated PDF (libharu)             NAME.pdf\n"
    "  epub    an EPUB 3 book (or one book of all inputs: --bundle) NAME.epub\n"
    "  print   the print layout: columns, bleed, crop marks         NAME-print.pdf\n"
    "  png     print-layout proofs, a page each                     NAME-1.png, NAME-2.png…\n"
    "  svg     print-layout pages as SVG                            NAME-1.svg…\n"
    "  layout  the print layout's decisions as text                 NAME.layout.txt\n"
    "  json    the article model (as 'galley inspect')              NAME.json\n"
    "  pdf-layout  the PDF's layout decisions as text               NAME.pdf-layout.txt\n\n"
    "Options:\n"
    "  -t, --to FORMATS     output formats, e.g. pdf,epub,print\n"
    "  -o, --output DIR     where outputs go (default: the current folder); with one input\n"
    "                       from standard input and one format, - writes to standard output\n"
    "  --style NAME|PATH    a bundled style (see 'galley styles') or a .css file (default:\n"
    "                       default)\n"
    "  --from FORMAT        read every input as wire, markdown, nitf or json\n"
    "  --lang TAG           the language (BCP 47) of inputs that declare none (otherwise\n"
    "                       it is detected from the text)\n"
    "  --no-smart           keep straight quotes, apostrophes, -- and ... as written\n"
    "                       (by default they become the language's typographic forms)\n"
    "  -j, --jobs N         conversions at a time (default: the number of cores)\n"
    "  --shard K/N          only the K-th of N stable shares of the inputs (K from 1), so N\n"
    "                       processes or machines together convert every input exactly once\n"
    "  --fail-fast          start no new input after the first failure\n"
    "  --json               one JSON line per input and a summary line on standard output\n"
    "  --bundle NAME.epub   with --to epub: one book of every input, in order, in DIR\n"
    "  --title TITLE        the bundle's title (required with --bundle)\n"
    "  --embed-fonts        embed the style's fonts (subset) in EPUB books\n"
    "  --dpi N              resolution of PNG proofs (default 150)\n"
    "  --min-ppi N          the lowest resolution a photo is placed at, in pixels per inch\n"
    "                       of the page (default 150 for print, png, svg and layout, 96 for\n"
    "                       pdf; EPUB is not checked): a photo with fewer pixels than its\n"
    "                       box needs is set at the size it can carry, centred, with a\n"
    "                       warning\n"
    "  --upscale            enlarge such photos into their boxes anyway (still warned)\n"
    "  --allow-outside      let articles use images outside their own folder and the\n"
    "                       resource folders (absolute paths, '..'); refused by default\n"
    "  --resource-path DIR[:DIR...]\n"
    "                       folders searched, in order, for an image not found in its\n"
    "                       article's folder (as pandoc's option); '..' may not leave them\n"
    "  --strict             every warning is an error: an article with any warning (a\n"
    "                       missing photo, a missing glyph, ...) fails, nothing of it is\n"
    "                       written, and the exit status is 3\n"
    "  -h, --help           this help\n\n"
    "On a terminal a progress bar shows on standard error; otherwise only errors and a\n"
    "summary are printed there.\n\n"
    "Images: a figure's image is read relative to its article's folder (then the\n"
    "--resource-path folders), and its reference may not leave them with '..' or an absolute\n"
    "path (unless --allow-outside); symbolic links inside them are followed. A photo that is\n"
    "not there (a missing file, an agency asset ID, a remote URL: never downloaded) is left\n"
    "out with a warning naming it, and the figure keeps its caption and credit.\n"
    "Devices, FIFOs, sockets, link loops, files over 256 MiB, images over 100 million pixels\n"
    "(from the header, before decoding) and damaged images fail the article, naming it and\n"
    "the image. A figure without a caption or credit takes them from the photo's IPTC, XMP\n"
    "or Exif metadata (IPTC first, then XMP, then Exif; a disagreement between them is a\n"
    "warning). Photos show upright by their Exif orientation in every format (the EPUB\n"
    "stores a turned copy of such a JPEG). A photo placed below --min-ppi is set smaller\n"
    "(unless --upscale), with a warning naming the figure, its pixels and its ppi.\n\n"
    "Examples:\n"
    "  galley convert story.txt --to pdf,epub -o out/\n"
    "  galley convert archive/ --to epub -o converted/ -j 4 --json > report.jsonl\n"
    "  galley convert feed/ --to print --style broadsheet -o pages/ --shard 2/8\n"
    "  galley convert a.md b.xml --to epub --bundle issue-12.epub --title \"Issue 12\" -o out/\n"
    "  cat story.md | galley convert - --to pdf -o - > story.pdf\n\n"
    "Exit status: 0 all converted, 1 some inputs failed, 2 usage error, 3 nothing could be\n"
    "read (or, with --strict, some input had warnings).\n";

// Buffers everything and writes it to standard output on finish, so a failed conversion
// prints nothing.
class StdoutSink final : public Sink {
  public:
    void write(std::string_view bytes) override { data_.append(bytes); }
    void finish() override {
        if (std::fwrite(data_.data(), 1, data_.size(), stdout) != data_.size() ||
            std::fflush(stdout) != 0)
            throw Error(ErrorCode::io, "<stdout>", "cannot write to standard output");
    }
    std::string name() const override { return "<stdout>"; }

  private:
    std::string data_;
};

// The progress line on a terminal: done/total, rate, ETA, failures.
class ProgressBar {
  public:
    explicit ProgressBar(bool enabled) : enabled_(enabled) {}
    void start(std::size_t total) {
        total_ = total;
        started_ = std::chrono::steady_clock::now();
        draw();
    }
    void item(bool failed) {
        ++done_;
        failed_ += failed;
        draw();
    }
    // Clears the line so an error message starts at column 1.
    void clear() {
        if (enabled_ && drawn_) std::fputs("\r\033[K", stderr);
    }
    void end() {
        clear();
        drawn_ = false;
    }

  private:
    void draw() {
        if (!enabled_) return;
        double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        double rate = s > 0 ? static_cast<double>(done_) / s : 0;
        double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
        const int width = 28;
        int filled = total_ ? static_cast<int>(width * done_ / total_) : width;
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(width, '.');
        std::fprintf(stderr, "\r\033[K[%s] %zu/%zu  %.1f/s  ETA %.0fs", bar.c_str(), done_, total_,
                     rate, eta);
        if (failed_) std::fprintf(stderr, "  %zu failed", failed_);
        std::fflush(stderr);
        drawn_ = true;
    }
    bool enabled_;
    bool drawn_ = false;
    std::size_t total_ = 0, done_ = 0, failed_ = 0;
    std::chrono::steady_clock::time_point started_;
};

std::vector<OutputFormat> parse_formats(const std::string& list) {
    std::vector<OutputFormat> formats;
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = list.find(',', start);
        std::string name =
            list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        auto f = output_format_from_name(name);
        if (!f)
            throw Error(ErrorCode::usage, "",
                        "convert: unknown output format '" + name +
                            "' (known: pdf, epub, print, png, svg, layout, json, pdf-layout)");
        if (std::find(formats.begin(), formats.end(), *f) == formats.end()) formats.push_back(*f);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return formats;
}

int parse_int(const std::string& s, const std::string& what) {
    std::size_t used = 0;
    int v = 0;
    try {
        v = std::stoi(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != s.size())
        throw Error(ErrorCode::usage, "", "convert: " + what + " takes a number, not '" + s + "'");
    return v;
}

// A --min-ppi value: a number of pixels per inch above 0 (and sensibly below a scanner's).
double parse_ppi(const std::string& s) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != s.size() || !std::isfinite(v) || v <= 0 || v > 100000)
        throw Error(ErrorCode::usage, "",
                    "convert: --min-ppi takes a resolution in pixels per inch above 0 (e.g. "
                    "--min-ppi 150), not '" +
                        s + "'");
    return v;
}

// Adds the folders of a --resource-path value (DIR[:DIR…]; empty parts are skipped) to
// `policy`; returns the first that is not a folder ("" when all are).
std::string add_resource_paths(const std::string& list, ImagePolicy& policy) {
    std::size_t start = 0;
    for (;;) {
        const std::size_t colon = list.find(':', start);
        const std::string dir =
            list.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (!dir.empty()) {
            std::error_code error;
            if (!std::filesystem::is_directory(dir, error)) return dir;
            policy.resource_paths.emplace_back(dir);
        }
        if (colon == std::string::npos) return {};
        start = colon + 1;
    }
}

// One article from standard input.
int convert_stdin(const BatchOptions& options, bool to_stdout, bool json_report) {
    std::string content((std::istreambuf_iterator<char>(std::cin)), {});
    BatchItem item;
    item.input = "<stdin>";
    try {
        ReadResult r = read_article(content, "<stdin>", options.read);
        item.warnings = std::move(r.warnings);
        auto sinks = [&](OutputFormat f, int page) -> std::unique_ptr<Sink> {
            if (to_stdout) return std::make_unique<StdoutSink>();
            const std::filesystem::path file =
                options.output_dir / output_file_name("stdin", f, page);
            std::error_code ec;
            std::filesystem::create_directories(options.output_dir, ec);
            if (ec)
                throw Error(ErrorCode::output, file.string(),
                            "cannot create its folder " + options.output_dir.string() + ": " +
                                ec.message());
            return std::make_unique<FileSink>(file);
        };
        ConvertResult c;
        bool clean = true;
        if (options.strict)
            clean = convert_if_no_warnings(r.article, options.formats, options.convert, sinks,
                                           item.warnings, c);
        else
            c = convert(r.article, options.formats, options.convert, sinks);
        item.outputs = std::move(c.files);
        item.warnings.insert(item.warnings.end(), c.warnings.begin(), c.warnings.end());
        if (!clean)
            item.error = Error(ErrorCode::invalid, "<stdin>",
                               std::to_string(item.warnings.size()) +
                                   (item.warnings.size() == 1 ? " warning" : " warnings") +
                                   " and --strict, which makes every warning an error: nothing "
                                   "was written");
    } catch (const Error& e) {
        item.error = e;
    }
    for (const auto& w : item.warnings) std::cerr << w.to_string() << "\n";
    if (item.error) std::cerr << "galley: " << item.error->what() << "\n";
    if (json_report && !to_stdout) std::cout << batch_item_json(item) << "\n";
    if (!item.error) return 0;
    return exit_status(item.error->code());
}

} // namespace

int convert(const Args& args) {
    BatchOptions options;
    bool json_report = false;
    std::string out = ".";
    auto value = [&](std::size_t& i, const std::string& opt) -> std::string {
        if (i + 1 >= args.size())
            throw Error(ErrorCode::usage, "", "convert: " + opt + " needs a value");
        return args[++i];
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << convert_help;
            return 0;
        } else if (a == "--to" || a == "-t") {
            options.formats = parse_formats(value(i, a));
        } else if (a == "-o" || a == "--output") {
            out = value(i, a);
        } else if (a == "--style") {
            Warnings warnings;
            options.convert.style = load_style(value(i, a), warnings);
            for (const auto& w : warnings) std::cerr << w.to_string() << "\n";
        } else if (a == "--from") {
            options.read.format = input_format_from_name(value(i, a));
        } else if (a == "--lang") {
            options.read.language = value(i, a);
            options.convert.default_language = options.read.language;
        } else if (a == "--no-smart") {
            options.read.smart = false;
        } else if (a == "-j" || a == "--jobs") {
            options.jobs = parse_int(value(i, a), a);
            if (options.jobs < 1)
                return fail(2, "convert: -j takes a number of jobs of at least 1");
        } else if (a.starts_with("-j") && a.size() > 2) {
            options.jobs = parse_int(a.substr(2), "-j");
        } else if (a == "--shard") {
            std::string s = value(i, a);
            auto slash = s.find('/');
            if (slash == std::string::npos) return fail(2, "convert: --shard takes K/N, e.g. 2/8");
            options.shard_index = parse_int(s.substr(0, slash), "--shard");
            options.shard_count = parse_int(s.substr(slash + 1), "--shard");
        } else if (a == "--fail-fast") {
            options.fail_fast = true;
        } else if (a == "--json") {
            json_report = true;
        } else if (a == "--bundle") {
            options.bundle = value(i, a);
        } else if (a == "--title") {
            options.bundle_title = value(i, a);
        } else if (a == "--embed-fonts") {
            options.convert.embed_fonts = true;
        } else if (a == "--dpi") {
            options.convert.dpi = parse_int(value(i, a), a);
        } else if (a == "--min-ppi") {
            options.convert.min_ppi = parse_ppi(value(i, a));
        } else if (a == "--upscale") {
            options.convert.upscale = true;
        } else if (a == "--allow-outside") {
            options.convert.image_policy.allow_outside = true;
        } else if (a == "--resource-path") {
            if (std::string bad = add_resource_paths(value(i, a), options.convert.image_policy);
                !bad.empty())
                return fail(2, "convert: --resource-path: '" + bad + "' is not a folder");
        } else if (a == "--strict") {
            options.strict = true;
        } else if (a == "-") {
            options.inputs.push_back(a);
        } else if (a.size() > 1 && a[0] == '-') {
            return fail(2, "convert: unknown option '" + a + "' (see 'galley convert --help')");
        } else {
            options.inputs.push_back(a);
        }
    }
    if (options.inputs.empty()) return fail(2, "convert: no inputs (see 'galley convert --help')");
    if (options.formats.empty())
        return fail(2, "convert: say which formats with --to (e.g. --to pdf,epub)");

    bool from_stdin =
        std::find(options.inputs.begin(), options.inputs.end(), "-") != options.inputs.end();
    if (from_stdin) {
        if (options.inputs.size() != 1)
            return fail(2, "convert: - (standard input) must be the only input");
        bool to_stdout = out == "-";
        if (to_stdout && options.formats.size() != 1)
            return fail(2,
                        "convert: -o - writes one format to standard output; give one --to format");
        if (to_stdout &&
            (options.formats[0] == OutputFormat::png || options.formats[0] == OutputFormat::svg))
            return fail(2, "convert: png and svg write a file a page; give -o DIR");
        options.output_dir = to_stdout ? "." : out;
        return convert_stdin(options, to_stdout, json_report);
    }
    if (out == "-") return fail(2, "convert: -o - needs one input from standard input (-)");
    options.output_dir = out;

    ProgressBar progress(!json_report && ::isatty(2));
    BatchCallbacks callbacks;
    callbacks.on_start = [&](std::size_t total) { progress.start(total); };
    callbacks.on_item = [&](const BatchItem& item) {
        progress.clear();
        for (const auto& w : item.warnings) std::cerr << w.to_string() << "\n";
        if (item.error) std::cerr << "galley: " << item.error->what() << "\n";
        if (json_report) std::cout << batch_item_json(item) << "\n" << std::flush;
        progress.item(item.error.has_value());
    };
    BatchSummary summary = run_batch(options, callbacks);
    progress.end();
    if (json_report) {
        std::cout << batch_summary_json(summary) << "\n" << std::flush;
    }
    if (summary.inputs == 0) return fail(3, "convert: no article files found in the inputs");
    std::fprintf(stderr, "galley: %zu converted, %zu failed%s in %.2f s\n", summary.succeeded,
                 summary.failed,
                 summary.skipped ? (", " + std::to_string(summary.skipped) + " skipped").c_str()
                                 : "",
                 summary.seconds);
    return summary.exit_status;
}

} // namespace galley::cli
