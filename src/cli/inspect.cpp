// galley inspect FILE [--from FORMAT] [--lang TAG] [--no-smart] [--photo-metadata]: one
// article's model as JSON.
#include "cli/commands.hpp"

#include "galley/image.hpp"
#include "galley/json.hpp"
#include "galley/read.hpp"

#include <iostream>

namespace galley::cli {

namespace {

constexpr const char* inspect_help =
    "usage: galley inspect FILE [--from FORMAT] [--lang TAG] [--no-smart] [--photo-metadata]\n\n"
    "Reads one article and prints its model as JSON on standard output; warnings go to\n"
    "standard error. FILE may be - for standard input. The model is the article as written;\n"
    "with --photo-metadata its figures also take what their photos' IPTC, XMP and Exif\n"
    "metadata add, as every backend does: captions, credits, special instructions and usage\n"
    "terms (credit.instructions, credit.usage_terms, credit.notes).\n\n"
    "Options:\n"
    "  --from FORMAT   wire, markdown, nitf (NITF and NewsML-G2) or json; by default the\n"
    "                  format is chosen by the file extension, then by the content\n"
    "  --lang TAG      the language (BCP 47) if the input declares none (otherwise it is\n"
    "                  detected from the text; meta.language_source says which)\n"
    "  --no-smart      keep straight quotes, apostrophes, -- and ... as written\n"
    "  --photo-metadata  fill figures from their photos' metadata, as the backends do\n"
    "                  (images inside the article's folder only)\n"
    "  -h, --help      this help\n\n"
    "Examples:\n"
    "  galley inspect story.txt\n"
    "  galley inspect feed/item-1234.xml --from nitf > item.json\n\n"
    "Exit status: 0 success, 2 usage error, 3 the input cannot be read or is invalid.\n";

} // namespace

int inspect(const Args& args) {
    std::string file;
    ReadOptions options;
    bool photo_metadata = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << inspect_help;
            return 0;
        } else if (a == "--from" || a.starts_with("--from=")) {
            std::string value;
            if (a == "--from") {
                if (i + 1 >= args.size()) return fail(2, "inspect: --from needs a format name");
                value = args[++i];
            } else {
                value = a.substr(7);
            }
            options.format = input_format_from_name(value);
        } else if (a == "--lang") {
            if (i + 1 >= args.size()) return fail(2, "inspect: --lang needs a language tag");
            options.language = args[++i];
        } else if (a == "--no-smart") {
            options.smart = false;
        } else if (a == "--photo-metadata") {
            photo_metadata = true;
        } else if (a.size() > 1 && a[0] == '-') {
            return fail(2, "inspect: unknown option '" + a + "' (see 'galley inspect --help')");
        } else if (file.empty()) {
            file = a;
        } else {
            return fail(2, "inspect: takes one FILE (got '" + file + "' and '" + a + "')");
        }
    }
    if (file.empty()) return fail(2, "inspect: no input file (see 'galley inspect --help')");

    ReadResult result;
    if (file == "-") {
        std::string content((std::istreambuf_iterator<char>(std::cin)), {});
        result = read_article(content, "<stdin>", options);
    } else {
        result = read_article_file(file, options);
    }
    if (photo_metadata) fill_figures_from_image_metadata(result.article, result.warnings);
    for (const auto& w : result.warnings) std::cerr << w.to_string() << "\n";
    std::cout << to_json(result.article);
    std::cout.flush();
    if (!std::cout) return fail(4, "inspect: cannot write to standard output");
    return 0;
}

} // namespace galley::cli
