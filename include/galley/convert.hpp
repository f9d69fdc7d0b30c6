// galley — converting articles: one article into any formats (convert), or many inputs in
// parallel with a report (run_batch, the engine behind `galley convert`).
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"
#include "galley/image.hpp"
#include "galley/read.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace galley {

// The output formats.
enum class OutputFormat {
    pdf,        // the paginated article PDF (libharu)
    epub,       // an EPUB 3 book
    print,      // the print-layout PDF (Pango/Cairo): columns, bleed, marks
    png,        // print-layout proofs, one PNG a page
    svg,        // print-layout pages as SVG, one a page
    layout,     // the print layout's decisions as readable text
    json,       // the article model as JSON
    pdf_layout, // the PDF's layout decisions as readable text ("pdf-layout")
};

// "pdf", "epub", "print", "png", "svg", "layout", "json", "pdf-layout".
const char* to_string(OutputFormat format);
// The format named `name` (the names above); nullopt for anything else.
std::optional<OutputFormat> output_format_from_name(std::string_view name);
// Every format name, for help texts.
std::vector<std::string> output_format_names();

// The file name one output of the article `stem` gets: "stem.pdf", "stem.epub",
// "stem-print.pdf", "stem-3.png" (pages from 1), "stem-3.svg", "stem.layout.txt", "stem.json",
// "stem.pdf-layout.txt".
std::string output_file_name(std::string_view stem, OutputFormat format, int page = 0);

struct ConvertOptions {
    // The style sheet for every backend; nullopt: the bundled "default".
    std::optional<StyleSheet> style;
    // The language (BCP 47) for articles that declare none.
    std::string default_language;
    // Embed the style's fonts in EPUB books.
    bool embed_fonts = false;
    // Resolution of PNG proofs.
    double dpi = 150;
    // Every date the outputs carry, in seconds since 1970-01-01T00:00:00Z; nullopt:
    // SOURCE_DATE_EPOCH, else the article's date.
    std::optional<std::int64_t> date;
    // Where articles' image files may be (by default only inside each article's folder:
    // `--allow-outside` lifts that) and how large they may be; for every backend.
    ImagePolicy image_policy;
    // The lowest effective resolution (pixels ÷ placed inches, > 0) a photo is placed at in
    // the print layout (print, png, svg, layout) and the PDF: a photo whose pixels cannot
    // carry its box at it is set at the size they carry, centred, with a warning naming the
    // figure, its pixels and its ppi. nullopt: 150 ppi for the print layout, 96 for the PDF.
    // EPUB books reflow and are not checked. `--min-ppi N`.
    std::optional<double> min_ppi;
    // Enlarge such photos into their boxes anyway (the warning stays). `--upscale`.
    bool upscale = false;
};

// One file written.
struct ConvertedFile {
    OutputFormat format;
    std::string name;        // what the sink calls itself (a path for files)
    std::uint64_t bytes = 0; // its size
    double ms = 0;           // time spent producing the format (all its pages)
};

struct ConvertResult {
    std::vector<ConvertedFile> files;
    Warnings warnings;
};

// Where the outputs of one article go: asked for each file (page 0 for one-file formats, 1…
// for PNG and SVG pages) just before it is written; the sink is written and finished by
// convert().
using SinkFactory = std::function<std::unique_ptr<Sink>(OutputFormat format, int page)>;

// Converts `article` into each of `formats`, in order. Throws galley::Error from the first
// format that fails (the files of the formats before it are complete).
ConvertResult convert(const Article& article, std::span<const OutputFormat> formats,
                      const ConvertOptions& options, const SinkFactory& sinks);

// For --strict (every warning is an error): as convert(), but every output is held in memory
// until all formats are done, and `sinks` is asked for nothing unless neither `earlier` (say,
// the reader's warnings) nor the conversion gave a warning. Fills `result` (its warnings
// either way) and returns whether the outputs were written.
bool convert_if_no_warnings(const Article& article, std::span<const OutputFormat> formats,
                            const ConvertOptions& options, const SinkFactory& sinks,
                            const Warnings& earlier, ConvertResult& result);

// ---------------------------------------------------------------------------------------------
// Batches

struct BatchOptions {
    // Files and folders (searched recursively, sorted, for the extensions readers know).
    std::vector<std::string> inputs;
    std::vector<OutputFormat> formats;
    // Outputs go to output_dir / <input's path below its argument, with the format's name>.
    std::filesystem::path output_dir = ".";
    ReadOptions read;
    ConvertOptions convert;
    // Parallel jobs; 0 means the number of cores.
    int jobs = 0;
    // Only the inputs whose stable hash falls in shard `index` of `count` (index from 1).
    int shard_index = 1;
    int shard_count = 1;
    // Stop starting new inputs after the first failure.
    bool fail_fast = false;
    // Every warning is an error (`--strict`): an input with any warning, from reading or
    // converting, fails and writes nothing (an older output stays as it was), and the batch
    // exits with status 3. With a bundle, the book is written only when no input failed and
    // nothing gave a warning.
    bool strict = false;
    // With formats == {epub}: one book of every input, in order, named this (in output_dir),
    // with this title.
    std::string bundle;
    std::string bundle_title;
};

// What happened to one input.
struct BatchItem {
    std::string input;
    std::vector<ConvertedFile> outputs;
    Warnings warnings;
    std::optional<Error> error; // set when the input failed
};

struct BatchSummary {
    std::size_t inputs = 0; // inputs in this shard
    std::size_t succeeded = 0;
    std::size_t failed = 0;
    std::size_t skipped = 0; // not started because of fail_fast
    double seconds = 0;
    // 0 all succeeded, 1 some failed, 3 nothing could be read or (strict) some input had
    // warnings.
    int exit_status = 0;
};

struct BatchCallbacks {
    // Called once with the number of inputs, before any work.
    std::function<void(std::size_t total)> on_start;
    // Called for each input as it finishes, in input order, from one thread at a time.
    std::function<void(const BatchItem& item)> on_item;
};

// Converts every input of `options` as `galley convert` does: outputs named after their
// inputs (two inputs that would write the same file are refused with ErrorCode::usage before
// any work), `jobs` at a time in this process with the style and fonts shared, each output
// renamed into place when complete, one failure never stopping the others (unless
// fail_fast). Throws galley::Error only for problems with the options themselves.
BatchSummary run_batch(const BatchOptions& options, const BatchCallbacks& callbacks = {});

// One JSON line (no newline) describing an item: {"input", "outputs": [{"format", "path",
// "bytes", "ms"}], "warnings": [...], "error": null|"message"}.
std::string batch_item_json(const BatchItem& item);
// The final summary line: {"summary": {"inputs", "succeeded", "failed", "skipped", "seconds"}}.
std::string batch_summary_json(const BatchSummary& summary);

} // namespace galley
