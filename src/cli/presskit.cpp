// galley presskit: a manifest becomes a press kit (galley::assemble_presskit), written as a
// ZIP or an unpacked folder.
#include "cli/commands.hpp"

#include "galley/presskit.hpp"
#include "presskit/sha256.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace galley::cli {

namespace {

constexpr const char* presskit_help =
    "usage: galley presskit MANIFEST.yaml -o KIT.zip|DIR/ [options]\n\n"
    "Builds a press kit from a YAML manifest of releases, photos, contacts, a logo and a fact\n"
    "sheet: every release as a PDF and a print PDF, one EPUB of all releases, the photos\n"
    "untouched with web renditions, a credits sheet (CSV) and captions ready to paste, the\n"
    "contacts as vCard, the fact sheet as PDF, an index page that works offline, and\n"
    "manifest.json with the SHA-256 of every file. -o KIT.zip writes a ZIP; any other name\n"
    "(DIR or DIR/) an unpacked folder. Either is assembled completely before it is renamed\n"
    "into place, so a failure leaves nothing behind; an existing folder is replaced only when\n"
    "it is empty or an earlier kit. The same manifest and files give the same bytes.\n\n"
    "Photo captions, creators, credit lines and copyright come from the manifest, and where\n"
    "it says nothing from the photo's own IPTC, XMP or Exif metadata; when both say something\n"
    "different the manifest wins and a warning says so. A photo with no credit at all stops\n"
    "the kit unless --allow-uncredited. A press kit passes its photos on, so a photo whose own\n"
    "metadata (IPTC Special Instructions, XMP usage terms, notes in its caption) marks it for\n"
    "one-time use, no archives or not for resale stops the kit unless --allow-restricted.\n"
    "Paths in the manifest are relative to it and may not leave its folder (absolute paths\n"
    "and '..' are refused; symbolic links inside it are followed) unless --allow-outside. A\n"
    "photo inside a release that is not there (a missing file, an asset ID, a remote URL) is\n"
    "left out with a warning; the figure keeps its caption and credit.\n\n"
    "Options:\n"
    "  -o, --output KIT.zip|DIR   where the kit goes (required)\n"
    "  --allow-uncredited         build the kit even when photos have no credit (a warning\n"
    "                             names each)\n"
    "  --allow-restricted         build the kit even with photos marked ONE TIME USE, NO\n"
    "                             ARCHIVES or NOT FOR RESALE (a warning names each)\n"
    "  --allow-outside            let manifest paths leave the manifest's folder\n"
    "  --resource-path DIR[:DIR...]\n"
    "                             folders searched for a release's images not found\n"
    "                             beside it; '..' may not leave them\n"
    "  --strict                   every warning is an error: nothing is written and the\n"
    "                             exit status is 3\n"
    "  --style NAME|PATH          the style for every release without its own style\n"
    "                             (replaces the manifest's 'style'; default: default)\n"
    "  -j, --jobs N               releases and photos processed at a time (default: the\n"
    "                             number of cores)\n"
    "  --json                     one JSON object on standard output: the output, its files\n"
    "                             with sizes and SHA-256, the warnings and any error\n"
    "  -h, --help                 this help\n\n"
    "Dates: every date in the kit (ZIP entries, PDF and EPUB dates, manifest.json) is\n"
    "SOURCE_DATE_EPOCH when set, else the latest date of the releases.\n\n"
    "Examples:\n"
    "  galley presskit press-kit.yaml -o press-kit.zip\n"
    "  galley presskit press-kit.yaml -o public/press/ --style press-release -j 2\n"
    "  SOURCE_DATE_EPOCH=1772438400 galley presskit press-kit.yaml -o kit.zip --json > kit.json\n\n"
    "Exit status: 0 the kit was written, 1 photos without credit or restricted photos (nothing\n"
    "written), 2 usage error, 3 the manifest or a file it names cannot be read, is invalid or\n"
    "is refused (or, with --strict, anything gave a warning), 4 the kit could not be\n"
    "written.\n";

int parse_jobs(const std::string& s) {
    std::size_t used = 0;
    int v = 0;
    try {
        v = std::stoi(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != s.size() || v < 1)
        throw Error(ErrorCode::usage, "", "presskit: -j takes a number of jobs of at least 1, not '" + s + "'");
    return v;
}

bool is_zip_name(const std::string& out) {
    if (out.empty() || out.back() == '/') return false;
    if (out.size() < 4) return false;
    std::string ext = out.substr(out.size() - 4);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".zip";
}

struct Report {
    bool json = false;
    std::string manifest, output;
    Warnings warnings;
    std::vector<std::pair<std::string, std::uint64_t>> files;
    std::vector<std::string> sums;
    std::string error;
    int status = 0;
    double seconds = 0;

    int finish() {
        for (const auto& w : warnings) std::cerr << w.to_string() << "\n";
        if (!error.empty()) std::cerr << "galley: " << error << "\n";
        if (json) {
            nlohmann::ordered_json out;
            out["manifest"] = manifest;
            out["output"] = output;
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (std::size_t i = 0; i < files.size(); ++i)
                list.push_back({{"path", files[i].first}, {"bytes", files[i].second}, {"sha256", sums[i]}});
            out["files"] = std::move(list);
            nlohmann::ordered_json ws = nlohmann::ordered_json::array();
            for (const auto& w : warnings) ws.push_back(w.to_string());
            out["warnings"] = std::move(ws);
            out["error"] = error.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(error);
            out["exit_status"] = status;
            out["seconds"] = static_cast<double>(static_cast<long long>(seconds * 1000 + 0.5)) / 1000;
            std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n" << std::flush;
        }
        return status;
    }
};

} // namespace

int presskit(const Args& args) {
    std::string manifest_path, out;
    PresskitOptions options;
    bool strict = false;
    Report report;
    auto value = [&](std::size_t& i, const std::string& opt) -> std::string {
        if (i + 1 >= args.size()) throw Error(ErrorCode::usage, "", "presskit: " + opt + " needs a value");
        return args[++i];
    };
    Warnings style_warnings;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << presskit_help;
            return 0;
        } else if (a == "-o" || a == "--output") {
            out = value(i, a);
        } else if (a == "--allow-uncredited") {
            options.allow_uncredited = true;
        } else if (a == "--allow-restricted") {
            options.allow_restricted = true;
        } else if (a == "--allow-outside") {
            options.allow_outside = true;
        } else if (a == "--resource-path") {
            const std::string list = value(i, a);
            for (std::size_t start = 0; start <= list.size();) {
                std::size_t colon = list.find(':', start);
                if (colon == std::string::npos) colon = list.size();
                const std::string dir = list.substr(start, colon - start);
                std::error_code error;
                if (!dir.empty() && !std::filesystem::is_directory(dir, error))
                    return fail(2, "presskit: --resource-path: '" + dir + "' is not a folder");
                if (!dir.empty()) options.resource_paths.emplace_back(dir);
                start = colon + 1;
            }
        } else if (a == "--strict") {
            strict = true;
        } else if (a == "--style") {
            options.style = load_style(value(i, a), style_warnings);
        } else if (a == "-j" || a == "--jobs") {
            options.jobs = parse_jobs(value(i, a));
        } else if (a.starts_with("-j") && a.size() > 2) {
            options.jobs = parse_jobs(a.substr(2));
        } else if (a == "--json") {
            report.json = true;
        } else if (a.size() > 1 && a[0] == '-') {
            return fail(2, "presskit: unknown option '" + a + "' (see 'galley presskit --help')");
        } else if (manifest_path.empty()) {
            manifest_path = a;
        } else {
            return fail(2, "presskit: one manifest at a time (got '" + manifest_path + "' and '" + a + "')");
        }
    }
    if (manifest_path.empty()) return fail(2, "presskit: no manifest (see 'galley presskit --help')");
    if (out.empty()) return fail(2, "presskit: say where the kit goes with -o KIT.zip or -o DIR/");
    if (out == "-") return fail(2, "presskit: -o - is not supported; give KIT.zip or DIR/");

    report.manifest = manifest_path;
    report.output = out;
    report.warnings = std::move(style_warnings);
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };

    PresskitKit kit;
    try {
        PresskitManifest manifest = read_presskit_manifest(manifest_path, report.warnings);
        kit = assemble_presskit(manifest, options);
        report.warnings.insert(report.warnings.end(), kit.warnings.begin(), kit.warnings.end());
        if (strict && !report.warnings.empty()) {
            const std::size_t n = report.warnings.size();
            throw Error(ErrorCode::invalid, manifest_path,
                        std::to_string(n) + (n == 1 ? " warning" : " warnings") +
                            " and --strict, which makes every warning an error: the kit was "
                            "not written");
        }
    } catch (const UncreditedPhotosError& e) {
        report.error = e.what();
        report.status = 1;
        report.seconds = elapsed();
        return report.finish();
    } catch (const RestrictedPhotosError& e) {
        report.error = e.what();
        report.status = 1;
        report.seconds = elapsed();
        return report.finish();
    } catch (const Error& e) {
        report.error = e.what();
        report.status = exit_status(e.code());
        report.seconds = elapsed();
        return report.finish();
    }

    // Writing: any failure here is the output's (exit 4).
    try {
        if (is_zip_name(out)) {
            const std::filesystem::path parent = std::filesystem::path(out).parent_path();
            if (!parent.empty()) std::filesystem::create_directories(parent);
            FileSink sink(out);
            write_presskit_zip(kit, sink);
        } else {
            write_presskit_folder(kit, out);
        }
    } catch (const Error& e) {
        report.error = e.what();
        report.status = e.code() == ErrorCode::usage ? 2 : 4;
        report.seconds = elapsed();
        return report.finish();
    } catch (const std::filesystem::filesystem_error& e) {
        report.error = std::string(out) + ": " + e.what();
        report.status = 4;
        report.seconds = elapsed();
        return report.finish();
    }
    for (const PresskitFile& f : kit.files) {
        report.files.emplace_back(f.path, f.bytes.size());
        if (report.json) report.sums.push_back(detail::sha256_hex(f.bytes));
    }
    report.seconds = elapsed();
    if (!report.json)
        std::fprintf(stderr, "galley: press kit %s: %zu files in %.2f s\n", out.c_str(), kit.files.size(),
                     report.seconds);
    return report.finish();
}

} // namespace galley::cli
