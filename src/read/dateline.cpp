// Datelines at the start of a lead, in the forms agencies file them:
//
//   NEW YORK (AP) — The gas…                 place in capitals, (AGENCY), em dash
//   OTTAWA - A Manitoba man…                 place in capitals, hyphen
//   ASTANA, Dec. 10 (Reuters) — …            a date after the place
//   København /ritzau/: En 41-årig…          /agency/ and a colon, the place as written
//   Tegucigalpa, Jan 2 (EFE).- …             Spanish agencies' ".-"
//   Evansville, Indiana, United States - …   place, region, country in title case
//   Berlin (dpa) - …, HELSINKI (STT) – …, Oslo (NTB): …
//   (New York, NY - October 21) …            a parenthesised dateline with its date
//
// Recognising one is a judgement: a lead may open with a name and a dash ("Smith — who…").
// Without an agency mark and without a place in capitals, there must be at least two
// comma-separated parts, each a short title-case name, and the separator must be a dash.
#include "read/reader.hpp"
#include "text/unicode_internal.hpp"

#include <array>

namespace galley::detail {

namespace {

namespace tu = text_unicode;

// A letter with case that is in lower case (Latin, Greek, Cyrillic: the scripts whose
// datelines are written in capitals).
bool is_lower(char32_t c) {
    return tu::is_letter(c) && !tu::is_upper(c) && c < 0x0530 && tu::to_lower(c) == c &&
           c != 0xAA && c != 0xBA;
}

std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        tu::Decoded d = tu::decode(s, i);
        out.push_back(d.code_point);
        i += d.length;
    }
    return out;
}

std::vector<std::string_view> words_of(std::string_view s) {
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < s.size();) {
        while (i < s.size() && s[i] == ' ') ++i;
        std::size_t j = s.find(' ', i);
        if (j == std::string_view::npos) j = s.size();
        if (j > i) words.push_back(s.substr(i, j - i));
        i = j;
    }
    return words;
}

// A place name in capitals: letters without lower case, and spaces, dots, hyphens,
// apostrophes. "NEW YORK", "ST. JOHN'S", "KØBENHAVN".
bool is_capitalised_place(std::string_view s) {
    if (s.empty() || s.size() > 48) return false;
    int letters = 0;
    for (char32_t c : code_points(s)) {
        if (tu::is_letter(c)) {
            if (is_lower(c)) return false;
            ++letters;
        } else if (c != ' ' && c != '.' && c != '-' && c != '\'' && c != 0x2019) {
            return false;
        }
    }
    return letters >= 2 && words_of(s).size() <= 4;
}

// Words that may stand in lower case inside a place name.
bool is_particle(std::string_view w) {
    static constexpr std::array<std::string_view, 16> particles = {
        "de", "del", "la", "le", "las", "los", "da", "do", "dos", "am", "an", "der",
        "upon", "on", "of", "sur"};
    for (auto p : particles)
        if (w == p) return true;
    return false;
}

// Sentence openers that look like a one-word place in title case.
bool is_sentence_opener(std::string_view w) {
    static constexpr std::array<std::string_view, 20> openers = {
        "However", "Meanwhile", "But", "And", "Still", "Yesterday", "Today", "Earlier",
        "Later", "Also", "Now", "Then", "Thus", "Instead", "Nevertheless", "Indeed",
        "Separately", "Elsewhere", "Overall", "Finally"};
    for (auto o : openers)
        if (w == o) return true;
    return false;
}

// A name as places are written: 1–3 words, each starting with a capital (particles aside),
// letters, dots, hyphens and apostrophes only. "Evansville", "United States", "Va.",
// "København", "Rio de Janeiro", "NY".
bool is_title_case_name(std::string_view s) {
    std::vector<std::string_view> words = words_of(s);
    if (words.empty() || words.size() > 4 || s.size() > 40) return false;
    for (std::size_t k = 0; k < words.size(); ++k) {
        std::vector<char32_t> cps = code_points(words[k]);
        if (cps.empty()) return false;
        if (k > 0 && is_particle(words[k])) continue;
        if (!tu::is_letter(cps[0]) || is_lower(cps[0])) return false;
        for (char32_t c : cps)
            if (!tu::is_letter(c) && c != '.' && c != '-' && c != '\'' && c != 0x2019)
                return false;
    }
    return true;
}

bool has_digit(std::string_view s) {
    for (char c : s)
        if (c >= '0' && c <= '9') return true;
    return false;
}

// A date as datelines write it: "Dec. 10", "Jan 2", "10 December", "2 ene", "October 21",
// "2025-12-10": a number and at most three words.
bool looks_like_date(std::string_view s) {
    if (!has_digit(s) || s.size() > 24) return false;
    std::size_t words = words_of(s).size();
    if (words == 0 || words > 3) return false;
    for (char32_t c : code_points(s))
        if (!tu::is_letter(c) && !(c >= '0' && c <= '9') && c != ' ' && c != '.' && c != '-' &&
            c != '/')
            return false;
    return true;
}

// An agency as a dateline writes it: "AP", "Reuters", "EFE", "ritzau", "dpa", "AFP-Jiji".
bool looks_like_agency(std::string_view s) {
    if (s.empty() || s.size() > 30 || words_of(s).size() > 3) return false;
    int letters = 0;
    for (char32_t c : code_points(s)) {
        if (tu::is_letter(c))
            ++letters;
        else if (c != ' ' && c != '-' && c != '.' && c != '&' && c != '/' && c != '\'')
            return false;
    }
    return letters >= 2;
}

struct Separator {
    std::string_view text;
    bool dash; // a dash (a place alone before it is enough), or a colon (needs an agency)
};

// Where the dateline ends, earliest first among these, within the first 120 bytes.
constexpr std::array<Separator, 11> separators = {{{").- ", true},
                                                   {"). - ", true},
                                                   {").\xE2\x80\x94 ", true},
                                                   {" \xE2\x80\x94 ", true},
                                                   {" \xE2\x80\x93 ", true},
                                                   {" -- ", true},
                                                   {" - ", true},
                                                   {"\xE2\x80\x94", true},
                                                   {".- ", true},
                                                   {"): ", false},
                                                   {"/: ", false}}};

struct Found {
    std::size_t head_end = 0; // the dateline's text ends here
    std::size_t cut = 0;      // the lead's text starts here
    bool dash = false;
};

std::optional<Found> find_separator(std::string_view lead) {
    std::optional<Found> best;
    for (const Separator& sep : separators) {
        std::size_t at = lead.find(sep.text);
        if (at == std::string_view::npos || at == 0 || at > 120) continue;
        // ")…" and "/…" separators keep their bracket or slash in the head.
        std::size_t head_end = at;
        if (sep.text[0] == ')' || sep.text[0] == '/') head_end = at + 1;
        if (best && head_end >= best->head_end) continue;
        std::size_t cut = at + sep.text.size();
        while (cut < lead.size() && lead[cut] == ' ') ++cut;
        best = Found{head_end, cut, sep.dash};
    }
    return best;
}

// Takes "(AGENCY)" or "/agency/" out of `head`; returns the agency ("" when none).
std::string take_agency(std::string& head, bool& malformed) {
    if (std::size_t open = head.find('('); open != std::string::npos) {
        std::size_t close = head.find(')', open);
        if (close == std::string::npos) {
            malformed = true;
            return {};
        }
        std::string agency(trim(std::string_view(head).substr(open + 1, close - open - 1)));
        if (!looks_like_agency(agency)) {
            malformed = true;
            return {};
        }
        head = std::string(trim(std::string_view(head).substr(0, open))) + head.substr(close + 1);
        return agency;
    }
    std::size_t close = head.rfind('/');
    if (close != std::string::npos && close + 1 == head.size()) {
        std::size_t open = head.rfind('/', close - (close > 0 ? 1 : 0));
        if (open == std::string::npos || open == close) {
            malformed = true;
            return {};
        }
        std::string agency(trim(std::string_view(head).substr(open + 1, close - open - 1)));
        if (!looks_like_agency(agency)) {
            malformed = true;
            return {};
        }
        head = std::string(trim(std::string_view(head).substr(0, open)));
        return agency;
    }
    return {};
}

// Splits "PLACE, Region, Dec. 10" into the place (with its regions) and the date.
bool read_place_and_date(std::string_view rest, bool agency, bool dash, Dateline& d) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        std::size_t comma = rest.find(',', start);
        parts.push_back(
            trim(rest.substr(start, comma == std::string_view::npos ? rest.npos : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (parts.empty() || parts.size() > 4 || parts[0].empty()) return false;
    const bool capitals = is_capitalised_place(parts[0]);
    if (!capitals && !is_title_case_name(parts[0])) return false;
    // Without an agency mark or capitals, a dateline is a place with its region or country
    // before a dash ("Evansville, Indiana, United States - "): a lone title-case name before a
    // dash is too often a sentence's subject ("Smith - who…").
    if (!agency && !capitals) {
        if (!dash || parts.size() < 2 || is_sentence_opener(parts[0])) return false;
    }
    std::string place(parts[0]);
    std::string date;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        if (parts[i].empty()) return false;
        if (date.empty() && looks_like_date(parts[i])) {
            date = std::string(parts[i]);
        } else if (date.empty() && is_title_case_name(parts[i])) {
            place += ", ";
            place += parts[i];
        } else {
            return false;
        }
    }
    d.place = std::move(place);
    d.date_text = std::move(date);
    return true;
}

// "(New York, NY - October 21) …": a whole dateline in brackets, its date after a dash.
std::size_t parse_bracketed(std::string_view lead, Dateline& dateline) {
    if (lead.empty() || lead[0] != '(') return 0;
    std::size_t close = lead.find(')');
    if (close == std::string_view::npos || close > 80) return 0;
    std::string_view inside = trim(lead.substr(1, close - 1));
    std::size_t dash = inside.rfind(" - ");
    std::size_t dash_len = 3;
    for (std::string_view sep : {" \xE2\x80\x94 ", " \xE2\x80\x93 "}) {
        if (std::size_t at = inside.rfind(sep); at != std::string_view::npos &&
                                                (dash == std::string_view::npos || at > dash)) {
            dash = at;
            dash_len = sep.size();
        }
    }
    if (dash == std::string_view::npos) return 0;
    std::string_view date = trim(inside.substr(dash + dash_len));
    if (!looks_like_date(date)) return 0;
    Dateline d;
    if (!read_place_and_date(trim(inside.substr(0, dash)), true, true, d) || !d.date_text.empty())
        return 0;
    d.date_text = std::string(date);
    std::size_t cut = close + 1;
    while (cut < lead.size() && lead[cut] == ' ') ++cut;
    if (cut >= lead.size()) return 0;
    dateline = std::move(d);
    return cut;
}

} // namespace

std::size_t parse_dateline(std::string_view lead, Dateline& dateline) {
    if (std::size_t cut = parse_bracketed(lead, dateline); cut > 0) return cut;
    std::optional<Found> found = find_separator(lead);
    if (!found) return 0;
    std::string head(trim(lead.substr(0, found->head_end)));
    if (head.empty()) return 0;
    bool malformed = false;
    Dateline d;
    d.agency = take_agency(head, malformed);
    if (malformed) return 0;
    if (!found->dash && d.agency.empty()) return 0; // "Place: …" is a sentence, not a dateline
    std::string_view rest = trim(head);
    if (!rest.empty() && rest.back() == ',') rest.remove_suffix(1);
    // "ASTANA (Reuters), Dec. 10 — ": the agency may stand between place and date.
    std::string joined(rest);
    if (std::size_t gap = joined.find(" ,"); gap != std::string::npos) joined.erase(gap, 1);
    Dateline parsed;
    if (!read_place_and_date(trim(joined), !d.agency.empty(), found->dash, parsed)) return 0;
    d.place = std::move(parsed.place);
    d.date_text = std::move(parsed.date_text);
    if (found->cut >= lead.size()) return 0; // a dateline with no lead after it is a heading
    dateline = std::move(d);
    return found->cut;
}

} // namespace galley::detail
