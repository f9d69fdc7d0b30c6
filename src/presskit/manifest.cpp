// Reading a press-kit manifest (YAML, yaml-cpp 0.7): every key of the manifest format, unknown
// keys warned about with their line and column, wrong types refused with theirs.
//
// Hostile manifests: the file is at most presskit_manifest_max_bytes; yaml-cpp refuses
// nesting deeper than its depth guard; and every node this reader looks at counts against a
// budget, so aliases that would expand a small file into billions of nodes (a "billion laughs"
// manifest: lists of aliases to lists of aliases) stop with ErrorCode::limit instead of
// running for ever. yaml-cpp itself shares aliased nodes, so loading such a file is cheap;
// only walking it is not.
#include "galley/presskit.hpp"

#include "read/reader.hpp"
#include "util/manifest_file.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <system_error>

namespace galley {

namespace fs = std::filesystem;

namespace {

// Nodes the reader may visit. A real manifest of a thousand photos uses about ten thousand.
constexpr std::size_t node_budget = 200'000;

const char* kind_name(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: return "text";
    case YAML::NodeType::Null: return "empty";
    case YAML::NodeType::Undefined: break;
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
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)];
}

class ManifestReader {
  public:
    ManifestReader(std::string_view text, const std::string& file, Warnings& warnings)
        : text_(text), file_(file), warnings_(warnings) {}

    PresskitManifest read(const YAML::Node& root, const fs::path& base_dir) {
        PresskitManifest manifest;
        manifest.file = file_;
        manifest.base_dir = base_dir;
        if (!root.IsMap())
            throw Error(ErrorCode::invalid, file_, position(root),
                        std::string("the manifest is ") + kind_name(root) +
                            ", not a mapping of keys such as 'organisation:' and 'releases:'");
        bool have_organisation = false, have_releases = false;
        for_each_entry(root, "the manifest", top_level_keys, [&](const std::string& key, const YAML::Node& value) {
            if (key == "organisation") {
                read_organisation(value, manifest.organisation);
                have_organisation = true;
            } else if (key == "contacts") {
                for_each_item(value, key, "contacts", [&](const YAML::Node& item) {
                    manifest.contacts.push_back(read_contact(item));
                });
            } else if (key == "releases") {
                have_releases = true;
                for_each_item(value, key, "release files", [&](const YAML::Node& item) {
                    manifest.releases.push_back(read_release(item));
                });
            } else if (key == "photos") {
                for_each_item(value, key, "photos", [&](const YAML::Node& item) {
                    manifest.photos.push_back(read_photo(item));
                });
            } else if (key == "fact_sheet") {
                manifest.fact_sheet = read_fact_sheet(value);
            } else if (key == "style") {
                manifest.style = text(value, "style");
                manifest.style_at = position(value);
            } else if (key == "embargo") {
                const std::string written = text(value, "embargo");
                if (!written.empty()) {
                    auto embargo = parse_presskit_embargo(written);
                    if (!embargo)
                        throw Error(ErrorCode::invalid, file_, position(value),
                                    "embargo '" + written +
                                        "' is not an ISO 8601 date and time (e.g. "
                                        "2026-03-02T09:00:00+01:00)");
                    if (!embargo->has_offset)
                        warn(value, "embargo '" + written +
                                        "' gives no offset from UTC: read as UTC (write e.g. "
                                        "+01:00 or Z)");
                    embargo->at = position(value);
                    manifest.embargo = std::move(embargo);
                }
            }
        });
        if (!have_organisation || manifest.organisation.name.empty())
            throw Error(ErrorCode::invalid, file_, position(root),
                        "the manifest needs 'organisation:' with a 'name:'");
        if (!have_releases || manifest.releases.empty())
            throw Error(ErrorCode::invalid, file_, position(root),
                        "the manifest needs 'releases:', a list of at least one article file");
        return manifest;
    }

  private:
    static constexpr std::array<std::string_view, 7> top_level_keys = {
        "organisation", "contacts", "releases", "photos", "fact_sheet", "style", "embargo"};

    Position position(const YAML::Node& node) const { return position(node.Mark()); }
    Position position(const YAML::Mark& mark) const {
        if (mark.is_null() || mark.pos < 0) return {};
        return detail::position_of(text_, static_cast<std::size_t>(mark.pos));
    }

    void warn(const YAML::Node& node, std::string message) {
        Warning warning{file_, position(node), std::move(message)};
        // An aliased node is visited once per alias: say each thing once.
        if (said_.emplace(warning.pos.offset, warning.message).second)
            warnings_.push_back(std::move(warning));
    }

    void count(const YAML::Node& node) {
        if (++visited_ > node_budget)
            throw Error(ErrorCode::limit, file_, position(node),
                        "the manifest expands to more than " + std::to_string(node_budget) +
                            " nodes (aliases repeating aliases?); refused");
    }

    [[noreturn]] void wrong_type(const YAML::Node& node, const std::string& what,
                                 const std::string& expected) {
        throw Error(ErrorCode::invalid, file_, position(node),
                    what + " must be " + expected + ", not " + kind_name(node));
    }

    // A text value: a scalar (numbers and dates are text too) or nothing ("").
    std::string text(const YAML::Node& node, const std::string& what) {
        count(node);
        if (!node.IsDefined() || node.IsNull()) return "";
        if (!node.IsScalar()) wrong_type(node, "'" + what + "'", "text");
        return node.Scalar();
    }

    // Calls take(key, value) for each entry of a mapping whose key is known; warns about
    // unknown keys (with a hint for near misses), non-text keys and keys given twice.
    template <class Known, class Take>
    void for_each_entry(const YAML::Node& map, const std::string& where, const Known& known,
                        Take&& take) {
        std::set<std::string> seen;
        // An aliased mapping is walked once per alias; what it has to say about its keys
        // was said on the first walk.
        const bool first_walk = walked_.insert(map.Mark().pos).second;
        for (const auto& entry : map) {
            // Copies: yaml-cpp 0.7's iterator hands out a temporary pair, and a reference
            // into it dangles.
            const YAML::Node key = entry.first;
            const YAML::Node value = entry.second;
            count(key);
            if (!first_walk && (!key.IsScalar() ||
                                std::find(known.begin(), known.end(), key.Scalar()) == known.end()))
                continue;
            if (!key.IsScalar()) {
                warn(key, "a key in " + where + " is " + kind_name(key) + "; ignored");
                continue;
            }
            const std::string name = key.Scalar();
            const bool is_known =
                !name.empty() && std::find(known.begin(), known.end(), name) != known.end();
            if (!is_known) {
                std::string hint;
                for (std::string_view k : known)
                    if (!k.empty() && edit_distance(name, k) <= 2) hint = " (did you mean '" + std::string(k) + "'?)";
                if (name == "organization") hint = " (the key is 'organisation')";
                warn(key, "unknown key '" + name + "' in " + where + " ignored" + hint);
                continue;
            }
            if (!seen.insert(name).second) {
                warn(key, "'" + name + "' is given twice in " + where + "; the first is used");
                continue;
            }
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

    void read_organisation(const YAML::Node& node, PresskitOrganisation& organisation) {
        count(node);
        if (!node.IsMap())
            wrong_type(node, "'organisation'", "a mapping with name, website and logo");
        static constexpr std::array<std::string_view, 3> keys = {"name", "website", "logo"};
        for_each_entry(node, "organisation", keys, [&](const std::string& key, const YAML::Node& value) {
            if (key == "name") {
                organisation.name = text(value, "organisation.name");
            } else if (key == "website") {
                organisation.website = text(value, "organisation.website");
            } else {
                organisation.logo = text(value, "organisation.logo");
                organisation.logo_at = position(value);
            }
        });
        if (organisation.name.empty())
            throw Error(ErrorCode::invalid, file_, position(node), "'organisation' needs a 'name'");
    }

    PresskitContact read_contact(const YAML::Node& node) {
        if (!node.IsMap()) wrong_type(node, "a contact", "a mapping with name, role, email and phone");
        PresskitContact contact;
        contact.at = position(node);
        static constexpr std::array<std::string_view, 4> keys = {"name", "role", "email", "phone"};
        for_each_entry(node, "a contact", keys, [&](const std::string& key, const YAML::Node& value) {
            std::string v = text(value, "contacts." + key);
            if (key == "name") contact.name = std::move(v);
            else if (key == "role") contact.role = std::move(v);
            else if (key == "email") contact.email = std::move(v);
            else contact.phone = std::move(v);
        });
        if (contact.name.empty())
            throw Error(ErrorCode::invalid, file_, contact.at, "a contact needs a 'name'");
        if (contact.email.empty() && contact.phone.empty())
            warn(node, "contact '" + contact.name + "' has neither an email nor a phone number");
        if (!contact.email.empty() && contact.email.find('@') == std::string::npos)
            warn(node, "contact '" + contact.name + "': '" + contact.email +
                           "' does not look like an email address");
        return contact;
    }

    PresskitRelease read_release(const YAML::Node& node) {
        PresskitRelease release;
        release.at = position(node);
        if (node.IsScalar()) {
            release.file = node.Scalar();
        } else if (node.IsMap()) {
            static constexpr std::array<std::string_view, 2> keys = {"file", "style"};
            for_each_entry(node, "a release", keys, [&](const std::string& key, const YAML::Node& value) {
                if (key == "file") {
                    release.file = text(value, "releases.file");
                } else {
                    release.style = text(value, "releases.style");
                    release.style_at = position(value);
                }
            });
        } else {
            wrong_type(node, "a release", "a file name or a mapping with file and style");
        }
        if (release.file.empty())
            throw Error(ErrorCode::invalid, file_, release.at, "a release needs a 'file'");
        return release;
    }

    PresskitPhoto read_photo(const YAML::Node& node) {
        PresskitPhoto photo;
        photo.at = position(node);
        if (node.IsScalar()) {
            photo.file = node.Scalar();
        } else if (node.IsMap()) {
            static constexpr std::array<std::string_view, 7> keys = {
                "file", "caption", "credit", "creator", "copyright", "terms", "alt"};
            for_each_entry(node, "a photo", keys, [&](const std::string& key, const YAML::Node& value) {
                std::string v = text(value, "photos." + key);
                if (key == "file") photo.file = std::move(v);
                else if (key == "caption") photo.caption = std::move(v);
                else if (key == "credit") photo.credit = std::move(v);
                else if (key == "creator") photo.creator = std::move(v);
                else if (key == "copyright") photo.copyright = std::move(v);
                else if (key == "terms") photo.terms = std::move(v);
                else photo.alt = std::move(v);
            });
        } else {
            wrong_type(node, "a photo", "a file name or a mapping with file, caption, credit, …");
        }
        if (photo.file.empty())
            throw Error(ErrorCode::invalid, file_, photo.at, "a photo needs a 'file'");
        return photo;
    }

    std::optional<PresskitFactSheet> read_fact_sheet(const YAML::Node& node) {
        count(node);
        if (!node.IsDefined() || node.IsNull()) return std::nullopt;
        PresskitFactSheet sheet;
        sheet.at = position(node);
        if (node.IsScalar()) {
            sheet.file = node.Scalar();
            if (sheet.file.empty()) return std::nullopt;
            return sheet;
        }
        if (!node.IsMap())
            wrong_type(node, "'fact_sheet'", "a Markdown file name or a mapping of label: value");
        std::set<std::string> seen;
        for (const auto& entry : node) {
            const YAML::Node key = entry.first; // copies, as above
            const YAML::Node value = entry.second;
            count(key);
            if (!key.IsScalar() || key.Scalar().empty())
                wrong_type(key, "a fact sheet label", "text");
            const std::string label = key.Scalar();
            if (!seen.insert(label).second) {
                warn(key, "fact sheet label '" + label + "' is given twice; the first is used");
                continue;
            }
            std::string v = text(value, "fact_sheet." + label);
            if (v.empty()) {
                warn(key, "fact sheet label '" + label + "' has no value; left out");
                continue;
            }
            sheet.facts.emplace_back(label, std::move(v));
        }
        if (sheet.facts.empty()) {
            warn(node, "the fact sheet has no facts; no fact-sheet.pdf is made");
            return std::nullopt;
        }
        return sheet;
    }

    std::string_view text_;
    const std::string& file_;
    Warnings& warnings_;
    std::size_t visited_ = 0;
    std::set<std::pair<std::int64_t, std::string>> said_;
    std::set<int> walked_;
};

// Reads digits [i, i+n) of `s` as a number; -1 when they are not all digits.
int digits(std::string_view s, std::size_t i, std::size_t n) {
    if (i + n > s.size()) return -1;
    int v = 0;
    for (std::size_t k = i; k < i + n; ++k) {
        if (s[k] < '0' || s[k] > '9') return -1;
        v = v * 10 + (s[k] - '0');
    }
    return v;
}

} // namespace

std::optional<PresskitEmbargo> parse_presskit_embargo(std::string_view s) {
    // YYYY-MM-DD[T ]hh:mm[:ss[.fraction]][Z | ±hh:mm | ±hhmm | ±hh]
    PresskitEmbargo e;
    e.text = std::string(s);
    e.year = digits(s, 0, 4);
    if (e.year < 0 || s.size() < 16 || s[4] != '-' || s[7] != '-') return std::nullopt;
    e.month = digits(s, 5, 2);
    e.day = digits(s, 8, 2);
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
    e.hour = digits(s, 11, 2);
    if (s[13] != ':') return std::nullopt;
    e.minute = digits(s, 14, 2);
    std::size_t i = 16;
    if (i < s.size() && s[i] == ':') {
        e.second = digits(s, i + 1, 2);
        if (e.second < 0) return std::nullopt;
        i += 3;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            std::size_t start = ++i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
            if (i == start) return std::nullopt;
        }
    }
    if (e.month < 1 || e.month > 12 || e.day < 1 || e.hour < 0 || e.hour > 23 || e.minute < 0 ||
        e.minute > 59 || e.second > 59)
        return std::nullopt;
    if (e.day > days_in_month(e.year, e.month)) return std::nullopt;
    if (i < s.size()) {
        if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) {
            e.has_offset = true;
        } else if (s[i] == '+' || s[i] == '-') {
            const int sign = s[i] == '-' ? -1 : 1;
            const int hours = digits(s, i + 1, 2);
            int minutes = 0;
            std::size_t end = i + 3;
            if (end < s.size()) {
                if (s[end] == ':') ++end;
                minutes = digits(s, end, 2);
                end += 2;
            }
            if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59 || end != s.size())
                return std::nullopt;
            e.has_offset = true;
            e.offset_minutes = sign * (hours * 60 + minutes);
        } else {
            return std::nullopt;
        }
    }
    e.utc = days_from_civil(e.year, e.month, e.day) * 86400 + e.hour * 3600 + e.minute * 60 +
            e.second - static_cast<std::int64_t>(e.offset_minutes) * 60;
    return e;
}

std::string PresskitEmbargo::notice() const {
    static constexpr std::array<const char*, 12> months = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    const auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    std::string out = "EMBARGOED UNTIL " + std::to_string(day) + " " +
                      months[static_cast<std::size_t>(month - 1)] + " " + std::to_string(year) +
                      ", " + two(hour) + ":" + two(minute);
    if (second != 0) out += ":" + two(second);
    out += " UTC";
    if (offset_minutes != 0) {
        const int m = offset_minutes < 0 ? -offset_minutes : offset_minutes;
        out += (offset_minutes < 0 ? "-" : "+") + two(m / 60) + ":" + two(m % 60);
    }
    return out;
}

PresskitManifest parse_presskit_manifest(std::string_view yaml, const std::string& file,
                                         const fs::path& base_dir, Warnings& warnings) {
    if (yaml.size() > presskit_manifest_max_bytes)
        throw Error(ErrorCode::limit, file,
                    "the manifest is " + std::to_string(yaml.size()) + " bytes; at most " +
                        std::to_string(presskit_manifest_max_bytes) + " are read");
    const std::string_view text = detail::checked_utf8_text(yaml, file);
    ManifestReader reader(text, file, warnings);
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::DeepRecursion& e) {
        throw Error(ErrorCode::limit, file,
                    e.mark.is_null() ? Position{} : detail::position_of(text, static_cast<std::size_t>(std::max(0, e.mark.pos))),
                    "the manifest nests too deeply: " + e.msg);
    } catch (const YAML::Exception& e) {
        throw Error(ErrorCode::syntax, file,
                    e.mark.is_null() ? Position{} : detail::position_of(text, static_cast<std::size_t>(std::max(0, e.mark.pos))),
                    "the manifest is not valid YAML: " + e.msg);
    }
    return reader.read(root, base_dir);
}

PresskitManifest read_presskit_manifest(const fs::path& path, Warnings& warnings) {
    return parse_presskit_manifest(detail::read_manifest_file(path, presskit_manifest_max_bytes),
                                   path.string(), detail::manifest_folder(path), warnings);
}

} // namespace galley
