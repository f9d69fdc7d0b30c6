// galley fonts [--style S] [--all]: the font each role of a style resolves to, with its file.
#include "cli/commands.hpp"

#include "galley/fonts.hpp"
#include "galley/resources.hpp"
#include "galley/style.hpp"
#include "style/elements.hpp"

#include <algorithm>
#include <iostream>
#include <memory>

namespace galley::cli {

namespace {

constexpr const char* fonts_help =
    "usage: galley fonts [--style NAME|FILE] [--all]\n\n"
    "Lists the font each role of a style sheet resolves to, for each medium, with its file:\n"
    "  ROLE (MEDIUM): Family Weight Style → /path/to/file.ttf\n"
    "Fonts come from the sheet's @font-face rules, then galley's bundled fonts, then a fixed\n"
    "list of system fonts for Arabic, Hebrew and CJK; nothing else installed on the machine\n"
    "is used. PDF output asks for TrueType outlines (what libharu embeds). A family the sheet\n"
    "names that is not there, or is there without the weight or slant asked for, is a warning\n"
    "on standard error.\n\n"
    "Options:\n"
    "  --style S    a bundled style name (see 'galley styles') or a .css file; by default\n"
    "               'default'\n"
    "  --all        list every font galley can use instead: bundled fonts, the generic\n"
    "               family names, the system fallback fonts (and those not installed), and\n"
    "               the style's @font-face fonts when --style is given\n"
    "  -h, --help   this help\n\n"
    "Examples:\n"
    "  galley fonts --style broadsheet\n"
    "  galley fonts --all\n\n"
    "Exit status: 0 success, 2 usage error (unknown option or style name), 3 the style sheet\n"
    "cannot be read or is invalid.\n";

// A role and where its text sits in the element tree (see style.hpp), from the article root.
struct RoleInTree {
    const char* role;
    std::vector<std::string_view> path;
    int type_index; // of the last element: the body paragraph is the second p
};

const std::vector<RoleInTree>& listed_roles() {
    static const std::vector<RoleInTree> roles = {
        {"headline", {"headline"}, 0},
        {"dek", {"dek"}, 0},
        {"byline", {"byline"}, 0},
        {"dateline", {"p", "dateline"}, 0},
        {"p", {"p"}, 1},
        {"h2", {"h2"}, 0},
        {"blockquote", {"blockquote", "p"}, 0},
        {"pullquote", {"pullquote"}, 0},
        {"figcaption", {"figure", "figcaption"}, 0},
        {"credit", {"figure", "credit"}, 0},
        {"tagline", {"tagline"}, 0},
    };
    return roles;
}

// The computed style of the innermost element of `role`'s path.
ComputedStyle role_style(const StyleSheet& sheet, Medium medium, const RoleInTree& role,
                         Warnings& warnings) {
    StyleElement root;
    root.role = "article";
    root.last_child = root.last_of_type = true;
    ComputedStyle style = compute_style(sheet, medium, root, nullptr, &warnings);
    std::vector<StyleElement> chain;
    chain.reserve(role.path.size());
    // The siblings of the same role before the innermost element (the first p before the
    // body paragraph), so that `p + p` and `p ~ p` see them.
    std::vector<StyleElement> before;
    before.reserve(static_cast<std::size_t>(std::max(role.type_index, 0)));
    const StyleElement* parent = &root;
    for (std::size_t i = 0; i < role.path.size(); ++i) {
        StyleElement element;
        element.role = role.path[i];
        element.parent = parent;
        const bool innermost = i + 1 == role.path.size();
        element.type_index = innermost ? role.type_index : 0;
        element.child_index = element.type_index;
        for (int k = 0; k < element.type_index; ++k) {
            StyleElement sibling;
            sibling.role = element.role;
            sibling.parent = parent;
            sibling.child_index = sibling.type_index = k;
            sibling.previous = before.empty() ? nullptr : &before.back();
            before.push_back(sibling);
        }
        element.previous = before.empty() ? nullptr : &before.back();
        chain.push_back(element);
        parent = &chain.back();
        style = compute_style(sheet, medium, chain.back(), &style, &warnings);
    }
    return style;
}

std::string font_location(const Font& font) {
    std::string out = font.file.string();
    if (font.index != 0) {
        out += '#';
        out += std::to_string(font.index);
    }
    return out;
}

void print_warnings(const Warnings& warnings) {
    std::vector<std::string> printed;
    for (const auto& w : warnings) {
        std::string line = w.to_string();
        if (std::find(printed.begin(), printed.end(), line) != printed.end()) continue;
        std::cerr << line << "\n";
        printed.push_back(std::move(line));
    }
}

// The same font for a resolver: everything but where the rule was written.
bool same_font_face(const FontFace& a, const FontFace& b) {
    return a.family == b.family && a.sources == b.sources && a.weight_min == b.weight_min &&
           a.weight_max == b.weight_max && a.style == b.style;
}

bool same_font_faces(const std::vector<FontFace>& a, const std::vector<FontFace>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), same_font_face);
}

// One resolver per distinct @font-face list; the shared one when a sheet has none.
class ResolverSet {
  public:
    const FontResolver& for_faces(const std::vector<FontFace>& faces, const std::string& sheet,
                                  Warnings& warnings) {
        if (faces.empty()) return FontResolver::shared();
        for (const auto& [known, resolver] : resolvers_)
            if (same_font_faces(known, faces)) return *resolver;
        resolvers_.emplace_back(faces, std::make_unique<FontResolver>(faces, warnings, sheet));
        return *resolvers_.back().second;
    }

  private:
    std::vector<std::pair<std::vector<FontFace>, std::unique_ptr<FontResolver>>> resolvers_;
};

void list_roles(const StyleSheet& sheet, Warnings& warnings) {
    ResolverSet resolvers;
    bool first = true;
    for (Medium medium : {Medium::pdf, Medium::epub, Medium::print}) {
        const FontResolver& resolver =
            resolvers.for_faces(font_faces(sheet, medium), sheet.file(), warnings);
        if (!first) std::cout << "\n";
        first = false;
        for (const auto& role : listed_roles()) {
            const ComputedStyle style = role_style(sheet, medium, role, warnings);
            const FontRequest request = font_request(style, {}, medium == Medium::pdf);
            const Font& font = resolver.resolve(request, warnings);
            std::cout << role.role << " (" << to_string(medium) << "): " << font.name() << " → "
                      << font_location(font) << "\n";
        }
    }
}

std::string fallback_note(const Font& font) {
    for (const auto& file : declared_fallback_fonts())
        if (file.file == font.file) return " (" + file.script + ", " + file.package + ")";
    return {};
}

void list_all(const FontResolver& resolver) {
    std::cout << "Bundled fonts (" << fonts_dir().string() << "):\n";
    for (const Font& font : resolver.fonts())
        if (font.origin == FontOrigin::bundled)
            std::cout << "  " << font.name() << " → " << font_location(font) << "\n";

    std::cout << "\nGeneric families:\n";
    for (const char* generic : {"serif", "sans-serif", "monospace"}) {
        Warnings ignored;
        std::cout << "  " << generic << " → "
                  << resolver.resolve({generic}, 400, false, ignored).family << "\n";
    }

    std::cout << "\nSystem fallback fonts:\n";
    for (const Font& font : resolver.fonts())
        if (font.origin == FontOrigin::system_fallback)
            std::cout << "  " << font.name() << fallback_note(font) << " → " << font_location(font)
                      << "\n";
    for (const auto& file : resolver.missing_fallback_fonts())
        std::cout << "  not installed: " << file.file.string() << " (" << file.script
                  << ", Debian package " << file.package << ")\n";

    bool header = false;
    for (const Font& font : resolver.fonts())
        if (font.origin == FontOrigin::font_face) {
            if (!header) std::cout << "\n@font-face fonts:\n";
            header = true;
            std::cout << "  " << font.name() << " → " << font_location(font) << "\n";
        }
}

} // namespace

int fonts(const Args& args) {
    std::string style_name;
    bool all = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << fonts_help;
            return 0;
        } else if (a == "--style" || a.starts_with("--style=")) {
            if (a == "--style") {
                if (i + 1 >= args.size()) return fail(2, "fonts: --style needs a style name");
                style_name = args[++i];
            } else {
                style_name = a.substr(8);
            }
            if (style_name.empty()) return fail(2, "fonts: --style needs a style name");
        } else if (a == "--all") {
            all = true;
        } else if (a.size() > 1 && a[0] == '-') {
            return fail(2, "fonts: unknown option '" + a + "' (see 'galley fonts --help')");
        } else {
            return fail(2,
                        "fonts: takes no arguments (got '" + a + "'; see 'galley fonts --help')");
        }
    }

    Warnings warnings;
    if (all) {
        if (style_name.empty()) {
            list_all(FontResolver::shared());
        } else {
            const StyleSheet sheet = load_style(style_name, warnings);
            std::vector<FontFace> faces;
            for (Medium medium : {Medium::pdf, Medium::epub, Medium::print})
                for (auto& face : font_faces(sheet, medium))
                    if (std::none_of(faces.begin(), faces.end(), [&](const FontFace& known) {
                            return same_font_face(known, face);
                        }))
                        faces.push_back(std::move(face));
            ResolverSet resolvers;
            list_all(resolvers.for_faces(faces, sheet.file(), warnings));
        }
    } else {
        const StyleSheet sheet = load_style(style_name.empty() ? "default" : style_name, warnings);
        list_roles(sheet, warnings);
    }
    std::cout.flush();
    print_warnings(warnings);
    if (!std::cout) return fail(4, "fonts: cannot write to standard output");
    return 0;
}

} // namespace galley::cli
