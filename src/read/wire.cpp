// Wire copy: the plain-text shape agencies and newsrooms pass around.
//
//   Headline on the first line
//
//   By Jane Doe                      (optional byline block; a second line is her title)
//
//   PLACE (AGENCY), Dec. 10 — Lead paragraph…
//
//   Photo credit: NAME               (a photo credit, kept where it stands as a figure)
//
//   Body paragraphs, separated by blank lines (a paragraph may wrap over several lines).
//
//
//   A last paragraph set off by two or more blank lines is the tagline.
#include "read/reader.hpp"

#include <array>

namespace galley::detail {

namespace {

struct Group {
    std::string text;      // the group's lines joined by one space
    int line = 0;          // first line number (1-based)
    int blank_before = 0;  // blank lines before the group
    std::vector<std::string_view> lines;
};

std::vector<Group> split_groups(std::string_view text) {
    std::vector<Group> groups;
    int line_no = 0;
    int blanks = 0;
    bool in_group = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++line_no;
        line = trim_unicode_space(line);
        if (line.empty()) {
            if (in_group) blanks = 0;
            ++blanks;
            in_group = false;
        } else if (in_group) {
            groups.back().text += ' ';
            groups.back().text += line;
            groups.back().lines.push_back(line);
        } else {
            groups.push_back(Group{std::string(line), line_no, groups.empty() ? 0 : blanks, {line}});
            in_group = true;
            blanks = 0;
        }
        if (end == text.size()) break;
        pos = end + 1;
    }
    return groups;
}

// ---- letters and case, for recognising a dateline's place in capitals

char32_t decode(std::string_view s, std::size_t& i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return s[i++];
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return cp;
}

bool is_lower(char32_t c) {
    if (c >= 'a' && c <= 'z') return true;
    if (c >= 0xDF && c <= 0xFF && c != 0xF7) return true;
    if (c >= 0x100 && c <= 0x17F) return (c & 1) == 1 && c != 0x130 && c != 0x138 && c != 0x149;
    if (c >= 0x3AC && c <= 0x3CE) return true;                 // Greek
    if (c >= 0x430 && c <= 0x45F) return true;                 // Cyrillic
    if (c >= 0x460 && c <= 0x4FF) return (c & 1) == 1;         // Cyrillic extended (Kazakh)
    return false;
}

bool is_letter(char32_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x370 && c <= 0x3FF) || (c >= 0x400 && c <= 0x4FF);
}

// A place name in capitals: letters without lower case, and spaces, dots, hyphens, apostrophes.
bool is_capitalised_place(std::string_view s) {
    if (s.empty() || s.size() > 48) return false;
    int letters = 0, words = 1;
    for (std::size_t i = 0; i < s.size();) {
        char32_t c = decode(s, i);
        if (c == ' ') {
            ++words;
        } else if (is_letter(c)) {
            if (is_lower(c)) return false;
            ++letters;
        } else if (c != '.' && c != '-' && c != '\'' && c != 0x2019) {
            return false;
        }
    }
    return letters >= 2 && words <= 4;
}

bool looks_like_date(std::string_view s) {
    static constexpr std::array<std::string_view, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    bool digit = false;
    for (char c : s) digit = digit || (c >= '0' && c <= '9');
    if (!digit) return false;
    for (auto m : months)
        if (s.starts_with(m)) return true;
    // "10 December", "2025-12-10"
    return s.front() >= '0' && s.front() <= '9';
}

// A place-like part after the capitals: "Kazakhstan", "Va.", "U.K." (a name, not a clause).
bool looks_like_region(std::string_view s) {
    if (s.empty() || s.size() > 40) return false;
    std::size_t i = 0;
    char32_t first = decode(s, i);
    if (!is_letter(first) || is_lower(first)) return false;
    int words = 1;
    for (char c : s) words += c == ' ';
    return words <= 3;
}

// Recognises "PLACE — ", "PLACE (AGENCY) — ", "PLACE - ", "PLACE, Country — ",
// "PLACE, Dec. 10 (AGENCY) — " at the start of the lead. On success fills `dateline` and
// returns the length of the prefix to remove.
std::size_t parse_dateline(std::string_view lead, Dateline& dateline) {
    static constexpr std::array<std::string_view, 5> separators = {" — ", " – ", " -- ", " - ",
                                                                   "— "};
    std::size_t best = std::string_view::npos, sep_len = 0;
    for (auto sep : separators) {
        std::size_t at = lead.find(sep);
        if (at != std::string_view::npos && at < best && at <= 96) best = at, sep_len = sep.size();
    }
    if (best == std::string_view::npos || best == 0) return 0;
    std::string_view head = trim(lead.substr(0, best));

    Dateline d;
    // "(AGENCY)" anywhere in the head.
    std::string rest;
    if (auto open = head.find('('); open != std::string_view::npos) {
        auto close = head.find(')', open);
        if (close == std::string_view::npos) return 0;
        d.agency = std::string(trim(head.substr(open + 1, close - open - 1)));
        if (d.agency.empty()) return 0;
        rest = std::string(trim(head.substr(0, open))) + std::string(head.substr(close + 1));
    } else {
        rest = std::string(head);
    }
    std::string_view r = trim(rest);
    if (!r.empty() && r.back() == ',') r.remove_suffix(1);

    // Comma-separated parts: the place in capitals, then a country/region and/or a date.
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        std::size_t comma = r.find(',', start);
        parts.push_back(trim(r.substr(start, comma == std::string_view::npos ? r.npos : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (parts.size() > 3 || !is_capitalised_place(parts[0])) return 0;
    d.place = std::string(parts[0]);
    for (std::size_t i = 1; i < parts.size(); ++i) {
        if (looks_like_date(parts[i]) && d.date_text.empty()) {
            d.date_text = std::string(parts[i]);
        } else if (looks_like_region(parts[i]) && d.date_text.empty()) {
            d.place += ", ";
            d.place += parts[i];
        } else {
            return 0;
        }
    }
    dateline = std::move(d);
    return best + sep_len;
}

// "By Jane Doe", "By Jane Doe and John Roe", "By Jane Doe, Reuters".
std::optional<std::vector<Byline>> parse_byline(std::string_view t) {
    if (!(t.starts_with("By ") || t.starts_with("BY ") || t.starts_with("by "))) return {};
    if (t.size() > 160) return {};
    t.remove_prefix(3);
    std::vector<Byline> bylines;
    std::string names(t);
    // Split on " and " and ", ".
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start < names.size()) {
        std::size_t a = names.find(" and ", start);
        std::size_t c = names.find(", ", start);
        std::size_t next = std::min(a, c);
        parts.push_back(std::string(trim(std::string_view(names).substr(
            start, next == std::string::npos ? std::string::npos : next - start))));
        if (next == std::string::npos) break;
        start = next + (next == a ? 5 : 2);
    }
    for (auto& p : parts)
        if (!p.empty()) bylines.push_back(Byline{p, ""});
    if (bylines.empty()) return {};
    return bylines;
}

bool is_end_mark(std::string_view t) {
    return t == "###" || t == "-30-" || t == "- 30 -" || t == "ENDS" || t == "END";
}

} // namespace

ReadResult read_wire(std::string_view bytes, const std::string& file) {
    std::string_view text = checked_utf8_text(bytes, file);
    std::vector<Group> groups = split_groups(text);
    ReadResult result;
    Article& article = result.article;
    if (groups.empty()) throw Error(ErrorCode::empty_input, file, "the file is empty (no text to read)");

    std::size_t g = 0;
    article.meta.headline = groups[g++].text;

    // A byline block right after the headline; a second line in it is the writer's title.
    if (g < groups.size() && groups[g].lines.size() <= 2) {
        if (auto bylines = parse_byline(groups[g].lines[0])) {
            if (groups[g].lines.size() == 2 && bylines->size() == 1)
                (*bylines)[0].title = std::string(groups[g].lines[1]);
            article.meta.bylines = std::move(*bylines);
            ++g;
        }
    }

    // Drop an end mark ("###", "-30-") closing the story.
    std::size_t end = groups.size();
    if (end > g && is_end_mark(groups[end - 1].text)) --end;

    bool lead_seen = false;
    for (std::size_t i = g; i < end; ++i) {
        Group& group = groups[i];
        if (auto credit = parse_credit_line(group.text); credit && group.lines.size() == 1) {
            Figure figure;
            figure.credit = std::move(*credit);
            article.blocks.push_back(std::move(figure));
            continue;
        }
        if (!lead_seen) {
            lead_seen = true;
            if (std::size_t cut = parse_dateline(group.text, article.meta.dateline); cut > 0)
                group.text.erase(0, cut);
        }
        bool last = i + 1 == end;
        if (last && group.blank_before >= 2 && !article.blocks.empty()) {
            article.blocks.push_back(Tagline{{}, text_inlines(group.text)});
        } else {
            article.blocks.push_back(Paragraph{{}, text_inlines(group.text)});
        }
    }
    if (article.blocks.empty())
        result.warnings.push_back(Warning{file, {2, 1, -1}, "the article has a headline but no body text"});
    return result;
}

} // namespace galley::detail
