// Reading an edition manifest (YAML, yaml-cpp 0.7): the edition's title, date, language and
// style, and its pages with their stories and advertisements.
//
// Stricter than the press kit's reader: an unknown key, a key given twice or a value that
// cannot be what its key needs is an error with its line and column, never a warning. An
// edition goes to press on a deadline, and a misspelt `jupm:` that quietly drops a jump is
// found on the printed page, too late; refusing it costs the editor one rerun.
//
// Hostile manifests, as in src/presskit/manifest.cpp: the file is at most
// edition_manifest_max_bytes; yaml-cpp refuses nesting deeper than its depth guard; and every
// node this reader looks at counts against a budget, so aliases that would expand a small file
// into billions of nodes (a "billion laughs" manifest) stop with ErrorCode::limit instead of
// running for ever. yaml-cpp shares aliased nodes, so loading such a file is cheap; only
// walking it is not.
#include "galley/edition.hpp"

#include "read/reader.hpp"
#include "util/manifest_file.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <system_error>

namespace galley {

namespace fs = std::filesystem;

namespace {

// Nodes the reader may visit. A 64-page edition of 40 stories a page uses about 15 000.
constexpr std::size_t node_budget = 200'000;

const char* kind_name(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Scalar:
        return "text";
    case YAML::NodeType::Null:
        return "empty";
    case YAML::NodeType::Undefined:
        break;
    }
    return "undefined";
}

// Levenshtein distance, for "did you mean" hints on misspelt keys.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Reads digits [i, i+n) of `s` as a number; -1 when they are not all digits.
int digits(std::string_view s, std::size_t i, std::size_t n) {
    if (i + n > s.size()) return -1;
    int v = 0;
    for (std::size_t k = i; k < i + n; ++k) {
        if (!is_digit(s[k])) return -1;
        v = v * 10 + (s[k] - '0');
    }
    return v;
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)];
}

// YYYY-MM-DD naming a day that exists (no 2026-02-30); the year from 0001.
bool is_calendar_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    const int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1) return false;
    return day <= days_in_month(year, month);
}

// The shape of a BCP 47 tag ("en", "kk-Cyrl", "de-CH-1996"): subtags of 1 to 8 letters or
// digits joined by hyphens, the first all letters. Whether the language is one galley knows
// (hyphenation, month names) is the builder's business; this only catches a tag that is not
// a tag at all ("English", "en GB").
bool is_language_tag(std::string_view tag) {
    std::size_t subtag = 0;
    bool primary = true;
    for (std::size_t i = 0; i <= tag.size(); ++i) {
        if (i == tag.size() || tag[i] == '-') {
            if (subtag == 0 || subtag > 8) return false;
            subtag = 0;
            primary = false;
            continue;
        }
        if (!is_letter(tag[i]) && !(is_digit(tag[i]) && !primary)) return false;
        ++subtag;
    }
    return true;
}

// A whole number in plain decimal ("4", "+4", "-1"), within int; nullopt for anything else
// ("4.0", "four", "0x4", "1_000", a number past int).
std::optional<int> whole_number(std::string_view s) {
    if (s.size() > 1 && s[0] == '+' && is_digit(s[1])) s.remove_prefix(1);
    int v = 0;
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || error != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

struct Unit {
    std::string_view name;
    double points;
};
constexpr std::array<Unit, 5> units = {
    {{"mm", 72 / 25.4}, {"cm", 720 / 25.4}, {"in", 72}, {"pt", 1}, {"px", 0.75}}};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

class ManifestReader {
  public:
    ManifestReader(std::string_view text, const std::string& file) : text_(text), file_(file) {}

    EditionManifest read(const YAML::Node& root, const fs::path& base_dir) {
        EditionManifest manifest;
        manifest.file = file_;
        manifest.base_dir = base_dir;
        count(root);
        if (!root.IsMap())
            throw Error(ErrorCode::invalid, file_, position(root),
                        std::string("the manifest is ") + kind_name(root) +
                            ", not a mapping of keys such as 'title:', 'date:' and 'pages:'");
        bool have_title = false, have_date = false, have_pages = false;
        for_each_entry(root, "the manifest", top_level_keys,
                       [&](const std::string& key, const YAML::Node& value) {
                           if (key == "title") {
                               manifest.title = text(value, "title");
                               have_title = !manifest.title.empty();
                           } else if (key == "date") {
                               manifest.date = text(value, "date");
                               have_date = !manifest.date.empty();
                               if (have_date && !is_calendar_date(manifest.date))
                                   throw Error(ErrorCode::invalid, file_, position(value),
                                               "date '" + manifest.date +
                                                   "' is not a date of the calendar written "
                                                   "YYYY-MM-DD (e.g. 2026-12-07)");
                           } else if (key == "language") {
                               manifest.language = text(value, "language");
                               std::replace(manifest.language.begin(), manifest.language.end(), '_',
                                            '-');
                               if (manifest.language.empty()) manifest.language = "en";
                               if (!is_language_tag(manifest.language))
                                   throw Error(ErrorCode::invalid, file_, position(value),
                                               "language '" + manifest.language +
                                                   "' is not a BCP 47 language tag (e.g. en, "
                                                   "en-GB, kk-Cyrl)");
                           } else if (key == "style") {
                               manifest.style = text(value, "style");
                               manifest.style_at = position(value);
                           } else {
                               have_pages = true;
                               read_pages(value, manifest.pages);
                           }
                       });
        if (!have_title)
            throw Error(ErrorCode::invalid, file_, position(root),
                        "the manifest needs 'title:', the name on the nameplate and every folio");
        if (!have_date)
            throw Error(ErrorCode::invalid, file_, position(root),
                        "the manifest needs 'date:', the edition's date as YYYY-MM-DD");
        if (!have_pages)
            throw Error(ErrorCode::invalid, file_, position(root),
                        "the manifest needs 'pages:', a list of at least one page");
        check_jumps(manifest.pages.size());
        return manifest;
    }

  private:
    static constexpr std::array<std::string_view, 5> top_level_keys = {"title", "date", "language",
                                                                       "style", "pages"};
    static constexpr std::array<std::string_view, 4> page_keys = {"section", "nameplate", "stories",
                                                                  "ads"};
    static constexpr std::array<std::string_view, 3> story_keys = {"file", "jump", "as"};
    static constexpr std::array<std::string_view, 4> ad_keys = {"file", "columns", "height", "at"};

    // A jump is checked once every page is known; its own position is not in EditionStory.
    struct Jump {
        int from = 0, to = 0; // pages, from 1
        Position at;
    };

    Position position(const YAML::Node& node) const { return position(node.Mark()); }
    Position position(const YAML::Mark& mark) const {
        if (mark.is_null() || mark.pos < 0) return {};
        return detail::position_of(text_, static_cast<std::size_t>(mark.pos));
    }

    void count(const YAML::Node& node) {
        if (++visited_ > node_budget)
            throw Error(ErrorCode::limit, file_, position(node),
                        "the manifest expands to more than " + std::to_string(node_budget) +
                            " nodes (aliases repeating aliases?); refused");
    }

    [[noreturn]] void invalid(const YAML::Node& node, const std::string& message) {
        throw Error(ErrorCode::invalid, file_, position(node), message);
    }

    [[noreturn]] void wrong_type(const YAML::Node& node, const std::string& what,
                                 const std::string& expected) {
        invalid(node, what + " must be " + expected + ", not " + kind_name(node));
    }

    // A text value: a scalar (numbers and dates are text too) or nothing ("").
    std::string text(const YAML::Node& node, const std::string& what) {
        count(node);
        if (!node.IsDefined() || node.IsNull()) return "";
        if (!node.IsScalar()) wrong_type(node, "'" + what + "'", "text");
        return node.Scalar();
    }

    // Calls take(key, value) for each entry of a mapping. A key that is not text, not one of
    // `known` or given twice is an error.
    template <class Known, class Take>
    void for_each_entry(const YAML::Node& map, const std::string& where, const Known& known,
                        Take&& take) {
        std::set<std::string> seen;
        for (const auto& entry : map) {
            // Copies: yaml-cpp 0.7's iterator hands out a temporary pair, and a reference
            // into it dangles.
            const YAML::Node key = entry.first;
            const YAML::Node value = entry.second;
            count(key);
            if (!key.IsScalar())
                invalid(key,
                        std::string("a key in ") + where + " is " + kind_name(key) + ", not text");
            const std::string name = key.Scalar();
            if (std::find(known.begin(), known.end(), name) == known.end()) {
                std::string hint;
                for (std::string_view k : known)
                    if (edit_distance(name, k) <= 2) {
                        hint = " (did you mean '" + std::string(k) + "'?)";
                        break;
                    }
                if (hint.empty()) {
                    hint = " (the keys are";
                    for (std::size_t i = 0; i < known.size(); ++i)
                        hint += (i ? ", " : " ") + std::string(known[i]);
                    hint += ")";
                }
                invalid(key, "unknown key '" + name + "' in " + where + hint);
            }
            if (!seen.insert(name).second)
                invalid(key, "'" + name + "' is given twice in " + where);
            take(name, value);
        }
    }

    template <class Take>
    void for_each_item(const YAML::Node& list, const std::string& key, const std::string& what,
                       Take&& take) {
        count(list);
        if (!list.IsDefined() || list.IsNull()) return;
        if (!list.IsSequence()) wrong_type(list, "'" + key + "'", "a list of " + what);
        for (const auto& element : list) {
            const YAML::Node item = element; // a copy, as above
            count(item);
            take(item);
        }
    }

    void read_pages(const YAML::Node& list, std::vector<EditionPage>& pages) {
        for_each_item(list, "pages", "pages", [&](const YAML::Node& item) {
            pages.push_back(read_page(item, pages.size() + 1));
        });
        if (pages.empty()) invalid(list, "'pages' has no pages: an edition needs at least one");
    }

    EditionPage read_page(const YAML::Node& node, std::size_t number) {
        if (!node.IsMap())
            wrong_type(node, "page " + std::to_string(number),
                       "a mapping with section, nameplate, stories and ads");
        EditionPage page;
        page.at = position(node);
        const std::string where = "page " + std::to_string(number);
        for_each_entry(
            node, where, page_keys, [&](const std::string& key, const YAML::Node& value) {
                if (key == "section") {
                    page.section = text(value, "section");
                } else if (key == "nameplate") {
                    count(value);
                    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, page.nameplate))
                        invalid(value, "'nameplate' must be true or false, not " +
                                           (value.IsScalar() ? "'" + value.Scalar() + "'"
                                                             : std::string(kind_name(value))));
                } else if (key == "stories") {
                    for_each_item(value, key, "stories", [&](const YAML::Node& item) {
                        page.stories.push_back(read_story(item, static_cast<int>(number)));
                    });
                } else {
                    for_each_item(value, key, "advertisements", [&](const YAML::Node& item) {
                        page.ads.push_back(read_ad(item));
                    });
                }
            });
        if (page.section.empty())
            invalid(node, where + " needs a 'section' (e.g. section: Front Page)");
        if (page.stories.empty() && page.ads.empty())
            invalid(node, where + " ('" + page.section + "') has neither stories nor ads");
        return page;
    }

    EditionStory read_story(const YAML::Node& node, int page) {
        EditionStory story;
        story.at = position(node);
        if (node.IsScalar()) {
            story.file = node.Scalar();
        } else if (node.IsMap()) {
            for_each_entry(node, "a story", story_keys,
                           [&](const std::string& key, const YAML::Node& value) {
                               if (key == "file") {
                                   story.file = text(value, "file");
                               } else if (key == "jump") {
                                   story.jump = read_jump(value, page);
                               } else {
                                   const std::string as = text(value, "as");
                                   if (as != "briefs")
                                       invalid(value, "'as' can only be 'briefs' (a folder or "
                                                      "glob set as one column of briefs), not '" +
                                                          as + "'");
                                   story.briefs = true;
                               }
                           });
        } else {
            wrong_type(node, "a story", "a file name or a mapping with file, jump and as");
        }
        if (story.file.empty()) invalid(node, "a story needs a 'file'");
        return story;
    }

    int read_jump(const YAML::Node& value, int page) {
        const std::string written = text(value, "jump");
        const std::optional<int> to = whole_number(written);
        if (!to) invalid(value, "'jump' must be a page number, not '" + written + "'");
        jumps_.push_back({page, *to, position(value)});
        return *to;
    }

    void check_jumps(std::size_t pages) {
        for (const Jump& jump : jumps_) {
            std::string problem;
            if (jump.to < 1 || static_cast<std::size_t>(jump.to) > pages)
                problem = "there is no page " + std::to_string(jump.to) + " (the edition has " +
                          std::to_string(pages) + (pages == 1 ? " page)" : " pages)");
            else if (jump.to == jump.from)
                problem = "page " + std::to_string(jump.to) + " is the story's own page";
            if (!problem.empty())
                throw Error(ErrorCode::invalid, file_, jump.at, "'jump' " + problem);
        }
    }

    EditionAd read_ad(const YAML::Node& node) {
        if (!node.IsMap()) wrong_type(node, "an ad", "a mapping with file, columns, height and at");
        EditionAd ad;
        ad.position = position(node);
        bool have_height = false;
        for_each_entry(
            node, "an ad", ad_keys, [&](const std::string& key, const YAML::Node& value) {
                if (key == "file") {
                    ad.file = text(value, "file");
                } else if (key == "columns") {
                    const std::string written = text(value, "columns");
                    const std::optional<int> columns = whole_number(written);
                    if (!columns || *columns < 1)
                        invalid(value, "'columns' must be a whole number of at least 1, not '" +
                                           written + "'");
                    ad.columns = *columns;
                } else if (key == "height") {
                    ad.height = read_height(value);
                    have_height = true;
                } else {
                    ad.at = read_placement(value);
                }
            });
        if (ad.file.empty()) invalid(node, "an ad needs a 'file'");
        if (!have_height) invalid(node, "an ad needs a 'height' (e.g. height: 80mm)");
        return ad;
    }

    // "80mm", "8 cm", "3.5in", "200pt", "300px" in points. A bare number is refused: 80 of
    // what is a guess that would be wrong for somebody.
    double read_height(const YAML::Node& value) {
        const std::string written = text(value, "height");
        std::string_view s = written;
        std::size_t i = 0;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        const std::size_t number_start = i;
        while (i < s.size() && is_digit(s[i])) ++i;
        if (i < s.size() && s[i] == '.') {
            ++i;
            while (i < s.size() && is_digit(s[i])) ++i;
        }
        const std::string_view number = s.substr(0, i);
        const bool has_digit = std::any_of(
            number.begin() + static_cast<std::ptrdiff_t>(number_start), number.end(), is_digit);
        std::size_t unit_start = i;
        while (unit_start < s.size() && s[unit_start] == ' ') ++unit_start;
        const std::string unit = lower(s.substr(unit_start));
        if (!has_digit)
            invalid(value, "'height' must be a length such as 80mm, 8cm, 3in or 200pt, not '" +
                               written + "'");
        if (unit.empty())
            invalid(value,
                    "'height' " + written + " needs a unit: mm, cm, in, pt or px (e.g. 80mm)");
        const auto found =
            std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.name == unit; });
        if (found == units.end())
            invalid(value, "'height' '" + written + "': '" + std::string(s.substr(unit_start)) +
                               "' is not a unit galley knows (mm, cm, in, pt or px)");
        // from_chars reads the same in every locale; it takes no '+'.
        std::string_view digits_only = number;
        if (!digits_only.empty() && digits_only[0] == '+') digits_only.remove_prefix(1);
        double v = 0;
        const auto [end, error] =
            std::from_chars(digits_only.data(), digits_only.data() + digits_only.size(), v);
        const double points = v * found->points;
        if (error != std::errc() || end != digits_only.data() + digits_only.size() ||
            !std::isfinite(points))
            invalid(value, "'height' '" + written + "' is not a length galley can use");
        if (points <= 0) invalid(value, "'height' must be more than 0, not '" + written + "'");
        return points;
    }

    AdPlacement read_placement(const YAML::Node& value) {
        static constexpr std::array<std::pair<std::string_view, AdPlacement>, 5> placements = {{
            {"bottom-right", AdPlacement::bottom_right},
            {"bottom-left", AdPlacement::bottom_left},
            {"top-right", AdPlacement::top_right},
            {"top-left", AdPlacement::top_left},
            {"bottom", AdPlacement::bottom},
        }};
        const std::string written = text(value, "at");
        for (const auto& [name, placement] : placements)
            if (written == name) return placement;
        invalid(value, "'at' must be bottom-right, bottom-left, top-right, top-left or bottom, "
                       "not '" +
                           written + "'");
    }

    std::string_view text_;
    const std::string& file_;
    std::size_t visited_ = 0;
    std::vector<Jump> jumps_;
};

} // namespace

EditionManifest parse_edition_manifest(std::string_view yaml, const std::string& file,
                                       const fs::path& base_dir) {
    if (yaml.size() > edition_manifest_max_bytes)
        throw Error(ErrorCode::limit, file,
                    "the manifest is " + std::to_string(yaml.size()) + " bytes; at most " +
                        std::to_string(edition_manifest_max_bytes) + " are read");
    const std::string_view text = detail::checked_utf8_text(yaml, file);
    const auto where = [&](const YAML::Mark& mark) {
        return mark.is_null()
                   ? Position{}
                   : detail::position_of(text, static_cast<std::size_t>(std::max(0, mark.pos)));
    };
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::DeepRecursion& e) {
        throw Error(ErrorCode::limit, file, where(e.mark),
                    "the manifest nests too deeply: " + e.msg);
    } catch (const YAML::Exception& e) {
        throw Error(ErrorCode::syntax, file, where(e.mark),
                    "the manifest is not valid YAML: " + e.msg);
    }
    ManifestReader reader(text, file);
    return reader.read(root, base_dir);
}

EditionManifest read_edition_manifest(const fs::path& path) {
    return parse_edition_manifest(detail::read_manifest_file(path, edition_manifest_max_bytes),
                                  path.string(), detail::manifest_folder(path));
}

} // namespace galley
