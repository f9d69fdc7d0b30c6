// galley check-style FILE… and galley styles: checking style sheets and listing the bundled ones.
#include "cli/commands.hpp"

#include "galley/error.hpp"
#include "galley/resources.hpp"
#include "galley/style.hpp"

#include <algorithm>
#include <iostream>

namespace galley::cli {

namespace {

constexpr const char* check_style_help =
    "usage: galley check-style STYLE...\n\n"
    "Checks style sheets and prints their problems on standard output, one a line:\n"
    "  FILE:LINE:COL: warning: MESSAGE   something CSS recovery drops or galley ignores\n"
    "                                    (an unknown property or value, a selector that\n"
    "                                    cannot match); the rest of the sheet still applies\n"
    "  FILE:LINE:COL: error: MESSAGE     damage recovery cannot absorb (a comment, string\n"
    "                                    or block left open at the end of the file, invalid\n"
    "                                    UTF-8); the sheet cannot be used\n"
    "then one summary line a sheet: 'FILE: N errors, M warnings'.\n"
    "Besides parsing, every role and page is computed in every medium (pdf, epub, print) to\n"
    "find var() problems, and @font-face files are looked for.\n\n"
    "STYLE is a bundled style name (see 'galley styles') or a path to a .css file.\n\n"
    "Options:\n"
    "  -h, --help   this help\n\n"
    "Examples:\n"
    "  galley check-style my-paper.css\n"
    "  galley check-style default broadsheet press-release\n\n"
    "Exit status: 0 no errors (warnings allowed), 2 usage error (no STYLE, unknown option or\n"
    "style name), 3 a sheet has errors or cannot be read.\n";

constexpr const char* styles_help =
    "usage: galley styles\n\n"
    "Lists the bundled style sheets, one a line: NAME and a one-line description. Use a name\n"
    "with --style NAME (or give a path to your own .css file).\n\n"
    "Options:\n"
    "  -h, --help   this help\n\n"
    "Examples:\n"
    "  galley styles\n"
    "  galley convert story.md --to print --style broadsheet -o out/\n\n"
    "Exit status: 0 success, 2 usage error.\n";

std::string plural(std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Checks one sheet; returns 0 or the exit status of its error.
int check_one(const std::string& style) {
    Warnings warnings;
    std::string shown = style;
    int status = 0;
    std::string error_line;
    try {
        StyleSheet sheet = load_style(style, warnings);
        shown = sheet.file();
        verify_style_sheet(sheet, warnings);
    } catch (const Error& e) {
        if (!e.file().empty()) shown = e.file();
        error_line = location_prefix(e.file().empty() ? style : e.file(), e.position()) +
                     "error: " + e.message();
        status = exit_status(e.code());
    }
    // In the order of the file (the checks after parsing add theirs at the end).
    std::stable_sort(warnings.begin(), warnings.end(), [](const Warning& a, const Warning& b) {
        return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.column < b.pos.column;
    });
    for (const Warning& w : warnings) std::cout << w.to_string() << "\n";
    if (!error_line.empty()) std::cout << error_line << "\n";
    std::cout << shown << ": " << plural(error_line.empty() ? 0 : 1, "error") << ", "
              << plural(warnings.size(), "warning") << "\n";
    return status;
}

} // namespace

int check_style(const Args& args) {
    std::vector<std::string> styles;
    bool options_done = false;
    for (const std::string& a : args) {
        if (!options_done && (a == "-h" || a == "--help")) {
            std::cout << check_style_help;
            return 0;
        }
        if (!options_done && a == "--") {
            options_done = true;
        } else if (!options_done && a.size() > 1 && a[0] == '-') {
            return fail(2, "check-style: unknown option '" + a +
                               "' (see 'galley check-style --help')");
        } else {
            styles.push_back(a);
        }
    }
    if (styles.empty())
        return fail(2, "check-style: no style sheet given (see 'galley check-style --help')");
    int status = 0;
    for (const std::string& style : styles) status = std::max(status, check_one(style));
    return status;
}

int styles(const Args& args) {
    for (const std::string& a : args) {
        if (a == "-h" || a == "--help") {
            std::cout << styles_help;
            return 0;
        }
        return fail(2, "styles: unexpected argument '" + a + "' (see 'galley styles --help')");
    }
    std::vector<BundledStyle> bundled = bundled_styles();
    if (bundled.empty()) return fail(3, "styles: no style sheets in " + styles_dir().string());
    std::size_t width = 0;
    for (const auto& s : bundled) width = std::max(width, s.name.size());
    for (const auto& s : bundled) {
        std::string line = s.name;
        if (!s.description.empty())
            line += std::string(width - s.name.size() + 2, ' ') + s.description;
        std::cout << line << "\n";
    }
    return 0;
}

} // namespace galley::cli
