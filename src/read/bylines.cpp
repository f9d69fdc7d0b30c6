// Bylines as agencies write them: people and their titles, not desk codes.
//
//   By Sam Lister, Press Association Political Correspondent   one person and a title
//   By Anna Berg, Jonas Lund and Mia Holm                        three people
//   Mia Rabson and Jordan Press                                  two people in one field
//   Staff Reporter · Staff · gr/bp · js                          no one
#include "read/reader.hpp"
#include "text/unicode_internal.hpp"

#include <array>

namespace galley::detail {

namespace {

namespace tu = text_unicode;

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::vector<std::string> split_words(std::string_view s) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < s.size();) {
        while (i < s.size() && s[i] == ' ') ++i;
        std::size_t j = s.find(' ', i);
        if (j == std::string_view::npos) j = s.size();
        if (j > i) words.emplace_back(s.substr(i, j - i));
        i = j;
    }
    return words;
}

// Words that make a part of a byline a title or an organisation, not a name.
bool is_title_word(std::string_view word) {
    static constexpr std::array<std::string_view, 34> words = {
        "correspondent", "correspondents", "editor",     "editors",    "reporter",
        "reporters",     "writer",         "writers",    "columnist",  "analyst",
        "contributor",   "producer",       "photographer", "staff",    "bureau",
        "chief",         "desk",           "agency",     "agencies",   "association",
        "associated",    "news",           "newsroom",   "service",    "services",
        "wire",          "wires",          "senior",     "deputy",     "political",
        "economics",     "business",       "sports",     "special"};
    std::string w = lower_ascii(word);
    while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
    for (auto t : words)
        if (w == t) return true;
    return false;
}

bool is_name_particle(std::string_view w) {
    static constexpr std::array<std::string_view, 18> particles = {
        "de", "da", "di", "do", "dos", "du", "van", "von", "der", "den", "ter", "ten",
        "bin", "ibn", "al", "la", "le", "y"};
    for (auto p : particles)
        if (w == p) return true;
    return false;
}

// "Gregory R." "Sam Lister", "Jean-Pierre Dubois", "Anne-Marie O'Neil", "Jordan Press",
// "María José de la Cruz": 1–6 words, each starting with a capital (particles aside), no
// title word, not opening with "The".
bool is_person_name(std::string_view s) {
    std::vector<std::string> words = split_words(s);
    if (words.empty() || words.size() > 6) return false;
    if (words[0] == "The" || words[0] == "the") return false;
    int named = 0;
    for (std::size_t k = 0; k < words.size(); ++k) {
        const std::string& w = words[k];
        if (is_title_word(w)) return false;
        if (k > 0 && is_name_particle(w)) continue;
        tu::Decoded first = tu::decode(w, 0);
        if (!tu::is_letter(first.code_point) || !tu::is_upper(first.code_point)) return false;
        for (std::size_t i = 0; i < w.size();) {
            tu::Decoded d = tu::decode(w, i);
            i += d.length;
            char32_t c = d.code_point;
            if (!tu::is_letter(c) && c != '.' && c != '-' && c != '\'' && c != 0x2019 &&
                !tu::is_combining(c))
                return false;
        }
        ++named;
    }
    return named >= 1;
}

// "gr/bp", "AP/jd", "js", "RTV": initials with slashes, or two or three lower-case letters.
bool is_desk_code(std::string_view s) {
    if (s.empty() || s.size() > 24) return false;
    bool slash = false, upper = false, lower = false;
    std::size_t run = 0;
    for (char c : s) {
        if (c == '/') {
            if (run == 0) return false;
            slash = true;
            run = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            (c >= 'a' ? lower : upper) = true;
            if (++run > 4) return false;
        } else {
            return false;
        }
    }
    if (run == 0) return false;
    if (slash) return true;
    return lower && !upper && s.size() >= 2 && s.size() <= 3;
}

std::string strip_ends(std::string_view s) {
    s = trim(s);
    while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ':')) {
        s.remove_suffix(1);
        s = trim(s);
    }
    while (!s.empty() && (s.front() == ',' || s.front() == ';' || s.front() == ':')) {
        s.remove_prefix(1);
        s = trim(s);
    }
    return std::string(s);
}

// Splits "A and B", "A & B" into its parts.
std::vector<std::string> split_and(std::string_view s) {
    std::vector<std::string> parts;
    std::string rest(s);
    for (std::size_t start = 0;;) {
        std::size_t a = rest.find(" and ", start);
        std::size_t amp = rest.find(" & ", start);
        std::size_t next = std::min(a, amp);
        parts.push_back(strip_ends(std::string_view(rest).substr(
            start, next == std::string::npos ? std::string::npos : next - start)));
        if (next == std::string::npos) break;
        start = next + (next == a ? 5 : 3);
    }
    std::erase_if(parts, [](const std::string& p) { return p.empty(); });
    return parts;
}

} // namespace

bool is_byline_placeholder(std::string_view text) {
    std::string s = collapse_space(text);
    if (s.empty()) return true;
    if (is_desk_code(s)) return true;
    static constexpr std::array<std::string_view, 14> placeholders = {
        "staff",          "staff reporter", "staff reporters", "staff writer",
        "staff writers",  "reporter",       "correspondent",   "our correspondent",
        "staff and agencies", "agencies",   "wire services",   "newsroom",
        "editorial staff", "by staff"};
    std::string lower = lower_ascii(s);
    while (!lower.empty() && lower.back() == '.') lower.pop_back();
    for (auto p : placeholders)
        if (lower == p) return true;
    return false;
}

std::optional<std::vector<Byline>> parse_people(std::string_view text) {
    std::string s = collapse_space(text);
    std::string_view v = s;
    for (std::string_view by : {"by:", "by "}) {
        if (v.size() > by.size() && lower_ascii(v.substr(0, by.size())) == by) {
            v.remove_prefix(by.size());
            break;
        }
    }
    std::vector<Byline> people;
    std::size_t group_start = 0; // the people the next title belongs to
    bool title_seen = false;
    for (std::size_t start = 0; start <= v.size();) {
        std::size_t comma = v.find_first_of(",;", start);
        std::string chunk = strip_ends(
            v.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        start = comma == std::string_view::npos ? v.size() + 1 : comma + 1;
        if (chunk.empty()) continue;
        // "Jane Doe of The Associated Press": the name, then her organisation as a title.
        std::string org;
        if (std::size_t of = chunk.find(" of "); of != std::string::npos &&
                                                 is_person_name(chunk.substr(0, of))) {
            org = chunk.substr(of + 4);
            chunk.resize(of);
        }
        std::vector<std::string> names = split_and(chunk);
        bool all_people = !names.empty();
        for (const std::string& n : names)
            all_people = all_people && is_person_name(n) && !is_byline_placeholder(n);
        if (all_people) {
            if (title_seen) group_start = people.size();
            title_seen = false;
            for (std::string& n : names) people.push_back(Byline{std::move(n), ""});
            if (!org.empty()) {
                for (std::size_t i = group_start; i < people.size(); ++i) people[i].title = org;
                title_seen = true;
            }
            continue;
        }
        if (people.empty() || is_byline_placeholder(chunk)) {
            if (is_byline_placeholder(chunk)) continue;
            return std::nullopt; // a title with no one before it: not a byline we understand
        }
        // A title for the people since the last title: "Political Correspondent".
        for (std::size_t i = group_start; i < people.size(); ++i) {
            Byline& b = people[i];
            b.title += (b.title.empty() ? "" : ", ") + chunk;
        }
        title_seen = true;
    }
    return people;
}

std::optional<std::vector<Byline>> body_byline(std::string_view paragraph) {
    std::string_view t = trim(paragraph);
    if (t.size() < 5 || t.size() > 160) return std::nullopt;
    std::string head = lower_ascii(t.substr(0, 3));
    if (head != "by " && !(t.size() > 3 && lower_ascii(t.substr(0, 3)) == "by:")) return std::nullopt;
    // A sentence is not a byline: it ends in a full stop after a lower-case word.
    auto people = parse_people(t);
    if (!people || people->empty()) return std::nullopt;
    return people;
}

void clean_bylines(std::vector<Byline>& bylines) {
    std::vector<Byline> out;
    for (Byline& b : bylines) {
        if (is_byline_placeholder(b.name)) continue;
        auto people = parse_people(b.name);
        if (!people || people->empty()) {
            out.push_back(std::move(b)); // a name galley cannot take apart stays as written
            continue;
        }
        for (Byline& p : *people) {
            if (p.title.empty()) p.title = b.title;
            out.push_back(std::move(p));
        }
    }
    bylines = std::move(out);
}

} // namespace galley::detail
