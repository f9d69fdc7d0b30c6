// Photo credits written as text — "Photo credit: NAME" lines in wire copy, credits at the end
// of captions in the agencies' forms, notes to editors ("*MANDATORY CREDIT*") — turned into
// structured credits.
#include "read/reader.hpp"

#include <algorithm>
#include <array>

namespace galley::detail {

namespace {

// Labels that introduce a credit, longest first so "Photo credit" wins over "Photo".
constexpr std::array<std::string_view, 12> credit_labels = {
    "photo credit", "photo credits", "image credit", "picture credit", "photograph", "pictures",
    "picture",      "photos",        "photo",        "credit",         "foto",       "image"};
constexpr std::array<std::string_view, 2> cyrillic_labels = {"Фото", "ФОТО"};

// Agencies and suppliers whose name alone, after a label ("Photo: Reuters") or in brackets
// ("(Reuters)"), is a credit; compared ignoring case.
constexpr std::array<std::string_view, 44> known_agencies = {"AP",
                                                             "Associated Press",
                                                             "The Associated Press",
                                                             "Reuters",
                                                             "AFP",
                                                             "Agence France-Presse",
                                                             "EPA",
                                                             "EPA-EFE",
                                                             "EFE",
                                                             "dpa",
                                                             "PA",
                                                             "PA Wire",
                                                             "PA Images",
                                                             "AAP",
                                                             "NTB",
                                                             "NTB Scanpix",
                                                             "ANP",
                                                             "ANSA",
                                                             "TT",
                                                             "Getty Images",
                                                             "Xinhua",
                                                             "Kyodo",
                                                             "Yonhap",
                                                             "Bloomberg",
                                                             "The Canadian Press",
                                                             "CP",
                                                             "UPI",
                                                             "TASS",
                                                             "Anadolu",
                                                             "Anadolu Agency",
                                                             "Ritzau Scanpix",
                                                             "Scanpix",
                                                             "Lehtikuva",
                                                             "Belga",
                                                             "Keystone",
                                                             "APA",
                                                             "Sipa",
                                                             "Shutterstock",
                                                             "Alamy",
                                                             "NurPhoto",
                                                             "Imago",
                                                             "Handout",
                                                             "Kazinform",
                                                             "Polaris"};

// Words of an agency's name written in capitals that stay in capitals when the name is
// title-cased ("THE CANADIAN PRESS" → "The Canadian Press", "EPA-EFE" stays).
constexpr std::array<std::string_view, 40> acronyms = {
    "AP",  "AFP", "EFE", "PA",   "AAP", "NTB",  "EPA",  "DPA",  "ANP",  "ANSA",
    "TT",  "UPI", "ABC", "BBC",  "CNN", "NBC",  "CBS",  "US",   "USA",  "UK",
    "EU",  "UN",  "NZ",  "TASS", "RIA", "ITAR", "NHK",  "KCNA", "APA",  "SDA",
    "ATS", "CTK", "MTI", "PAP",  "BTA", "STA",  "HINA", "CP",   "NASA", "TV"};

// Words that stay in lower case inside a title-cased name ("Agence France-Presse", "Press
// Association of …").
constexpr std::array<std::string_view, 13> small_words = {
    "of", "and", "the", "for", "de", "du", "des", "la", "le", "del", "y", "et", "in"};

// Notes to editors that stand in captions ("… NO SALES", "*MANDATORY CREDIT*"), upper case as
// the agencies write them, longest first.
constexpr std::array<std::string_view, 16> caption_notes = {"NO THIRD PARTY SALES",
                                                            "ONE-TIME USE ONLY",
                                                            "ONE TIME USE ONLY",
                                                            "EDITORIAL USE ONLY",
                                                            "MANDATORY CREDIT",
                                                            "NOT FOR RESALE",
                                                            "ONE TIME USE",
                                                            "NO MAGAZINES",
                                                            "NO ARCHIVING",
                                                            "HANDOUT PHOTO",
                                                            "NO ARCHIVES",
                                                            "NO RESALE",
                                                            "NO SALES",
                                                            "NO ARCHIVE",
                                                            "HANDOUT",
                                                            "NO TV"};

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

bool is_known_agency(std::string_view name) {
    return std::any_of(known_agencies.begin(), known_agencies.end(),
                       [&](std::string_view agency) { return iequals_ascii(name, agency); });
}

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

// If `text` starts with "LABEL:" (any label above), the length of "LABEL:".
std::size_t credit_label_length(std::string_view text) {
    for (auto label : credit_labels) {
        if (text.size() > label.size() && text[label.size()] == ':' &&
            iequals_ascii(text.substr(0, label.size()), label))
            return label.size() + 1;
    }
    for (auto label : cyrillic_labels) {
        if (text.size() > label.size() && text.substr(0, label.size()) == label &&
            text[label.size()] == ':')
            return label.size() + 1;
    }
    return 0;
}

// A plausible credit name: not empty, one line, not a whole sentence.
bool plausible_name(std::string_view name) {
    if (name.empty() || name.size() > 160) return false;
    if (name.find('\n') != std::string_view::npos) return false;
    return true;
}

// Written in capitals: at least two ASCII letters, none in lower case, nothing but letters,
// spaces, hyphens, '&', '.' and apostrophes ("THE CANADIAN PRESS", "EPA-EFE").
bool is_all_caps_name(std::string_view text) {
    int letters = 0;
    for (char c : text) {
        if (is_upper(c)) {
            ++letters;
        } else if (is_lower(c) || is_digit(c)) {
            return false;
        } else if (c != ' ' && c != '-' && c != '&' && c != '.' && c != '\'' &&
                   static_cast<unsigned char>(c) < 0x80) {
            return false;
        }
    }
    return letters >= 2;
}

// A person's name as credits give it: two to six words, each starting with a capital (or a
// letter outside ASCII, or a particle such as "de", "van", "al-"), some of it in lower case,
// no digits and no punctuation but initials' full stops, hyphens and apostrophes.
bool looks_like_person(std::string_view text) {
    if (text.empty() || text.size() > 60) return false;
    static constexpr std::array<std::string_view, 16> particles = {
        "de",  "da",  "di",  "du", "dos", "das", "del", "van",
        "von", "der", "den", "la", "le",  "el",  "bin", "ibn"};
    const std::vector<std::string_view> words = words_of(text);
    if (words.size() < 2 || words.size() > 6) return false;
    bool lower = false;
    for (std::string_view word : words) {
        const auto first = static_cast<unsigned char>(word.front());
        const bool particle =
            std::find(particles.begin(), particles.end(), word) != particles.end() ||
            word.starts_with("al-") || word.starts_with("el-");
        if (!particle && !(is_upper(word.front()) || first >= 0x80)) return false;
        for (char c : word) {
            const auto u = static_cast<unsigned char>(c);
            if (is_lower(c) || u >= 0x80) lower = true;
            if (is_digit(c)) return false;
            if (u < 0x80 && !is_upper(c) && !is_lower(c) && c != '.' && c != '-' && c != '\'')
                return false;
        }
    }
    return lower;
}

// An agency as it stands beside a photographer's name: one the list knows, a name in
// capitals ("THE CANADIAN PRESS"), or, when `one_word_ok`, a single capitalised word
// ("Reuters", "Tribune").
bool looks_like_agency(std::string_view text, bool one_word_ok) {
    if (text.empty() || text.size() > 60) return false;
    if (is_known_agency(text)) return true;
    if (is_all_caps_name(text)) return true;
    if (!one_word_ok || text.find(' ') != std::string_view::npos) return false;
    if (!is_upper(text.front())) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return is_upper(c) || is_lower(c) || c == '-' || static_cast<unsigned char>(c) >= 0x80;
    });
}

// Lower case for the letters title-casing meets in agencies' names: ASCII, Latin-1 (À–Þ but
// ×) and basic Cyrillic (А–Я, Ѐ–Џ). Other characters are copied.
void append_lower(std::string& out, std::string_view word) {
    for (std::size_t i = 0; i < word.size(); ++i) {
        const auto c = static_cast<unsigned char>(word[i]);
        if (c < 0x80) {
            out += ascii_lower(word[i]);
            continue;
        }
        if (i + 1 < word.size()) {
            const auto d = static_cast<unsigned char>(word[i + 1]);
            // U+00C0–U+00DE (not U+00D7): C3 80–9E → C3 A0–BE.
            if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97) {
                out += static_cast<char>(c);
                out += static_cast<char>(d + 0x20);
                ++i;
                continue;
            }
            // U+0410–U+041F → U+0430–U+043F (D0 90–9F → D0 B0–BF); U+0420–U+042F → U+0440–
            // U+044F (D0 A0–AF → D1 80–8F); U+0400–U+040F → U+0450–U+045F (D0 80–8F → D1
            // 90–9F).
            if (c == 0xD0 && d >= 0x90 && d <= 0x9F) {
                out += static_cast<char>(0xD0);
                out += static_cast<char>(d + 0x20);
                ++i;
                continue;
            }
            if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) {
                out += static_cast<char>(0xD1);
                out += static_cast<char>(d - 0x20);
                ++i;
                continue;
            }
            if (c == 0xD0 && d >= 0x80 && d <= 0x8F) {
                out += static_cast<char>(0xD1);
                out += static_cast<char>(d + 0x10);
                ++i;
                continue;
            }
        }
        out += static_cast<char>(c);
    }
}

// The length of the UTF-8 sequence that starts with `lead` (1 for anything broken).
std::size_t sequence_length(unsigned char lead) {
    if (lead >= 0xF0) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

// One word of a name in capitals, title-cased: its first letter (and each after a hyphen or
// an apostrophe) kept, the rest in lower case.
std::string title_case_word(std::string_view word) {
    std::string out;
    bool start = true;
    for (std::size_t i = 0; i < word.size();) {
        const std::size_t n =
            std::min(sequence_length(static_cast<unsigned char>(word[i])), word.size() - i);
        const std::string_view ch = word.substr(i, n);
        if (start)
            out += ch;
        else
            append_lower(out, ch);
        start = ch == "-" || ch == "'";
        i += n;
    }
    return out;
}

// Fills creator and source from "NAME/AGENCY", "AGENCY/NAME" or "AGENCY Photo/NAME"; false
// (and nothing filled) when `text` is none of these.
bool split_slash_credit(std::string_view text, Credit& credit) {
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos)
        return false;
    const std::string_view left = trim(text.substr(0, slash));
    const std::string_view right = trim(text.substr(slash + 1));
    if (left.empty() || right.empty()) return false;
    for (std::string_view suffix : {std::string_view(" Photo"), std::string_view(" Photos"),
                                    std::string_view(" Foto"), std::string_view(" Pool Photo")}) {
        if (left.size() > suffix.size() &&
            iequals_ascii(left.substr(left.size() - suffix.size()), suffix)) {
            // "AP Photo/Jane Doe": the agency, then the photographer.
            const std::string_view agency = trim(left.substr(0, left.size() - suffix.size()));
            if (agency.empty() || words_of(agency).size() > 4) return false;
            credit.source = agency_name(agency);
            credit.creator = std::string(right);
            return true;
        }
    }
    if (looks_like_person(right) && (is_known_agency(left) || is_all_caps_name(left))) {
        // "THE CANADIAN PRESS/Paul Chiasson", "AFP/Jane Doe".
        credit.source = agency_name(left);
        credit.creator = std::string(right);
        return true;
    }
    if (looks_like_person(left) && looks_like_agency(right, true)) {
        // "Jane Doe/Reuters", "Jane Doe/AP".
        credit.creator = std::string(left);
        credit.source = agency_name(right);
        return true;
    }
    return false;
}

// Removes separators left at the end of a caption once its credit is gone ("…city. —").
std::string_view trim_caption_end(std::string_view s) {
    for (;;) {
        s = trim_right(s);
        if (s.ends_with("—") || s.ends_with("–")) {
            s.remove_suffix(3);
        } else if (!s.empty() && (s.back() == '|' || s.back() == '-' || s.back() == ';' ||
                                  s.back() == ',' || s.back() == '/')) {
            s.remove_suffix(1);
        } else {
            return s;
        }
    }
}

// The same at the start of a caption whose leading note is gone.
std::string_view trim_caption_start(std::string_view s) {
    for (;;) {
        s = trim(s);
        if (s.starts_with("—") || s.starts_with("–")) {
            s.remove_prefix(3);
        } else if (!s.empty() && (s.front() == '|' || s.front() == '-' || s.front() == ';' ||
                                  s.front() == ',' || s.front() == ':')) {
            s.remove_prefix(1);
        } else {
            return s;
        }
    }
}

// True when `before` (the caption up to a credit or a note) ends a sentence or is empty, so
// that what follows can be furniture rather than the sentence's last words.
bool ends_sentence(std::string_view before) {
    before = trim_right(before);
    if (before.empty()) return true;
    const char last = before.back();
    return last == '.' || last == '!' || last == '?' || last == ')' || last == ']' || last == '|' ||
           last == '-' || last == ';' || last == ',' || last == '*' || last == ':' || last == '"' ||
           before.ends_with("—") || before.ends_with("–") || before.ends_with("”") ||
           before.ends_with("»");
}

// The content of a note in asterisks, "*MANDATORY CREDIT*" or "**NO SALES**": upper case,
// short. Empty when `inner` is no such note.
std::string_view asterisk_note(std::string_view inner) {
    inner = trim(inner);
    if (inner.empty() || inner.size() > 80) return {};
    int letters = 0;
    for (char c : inner) {
        if (is_lower(c)) return {};
        if (is_upper(c)) ++letters;
    }
    return letters >= 2 ? inner : std::string_view{};
}

Credit split_credit_at_end(std::string& caption);
bool names_someone(const Credit& c);

// Takes notes to editors off the end of `text` (asterisked notes in capitals, and the known
// notes in capitals after the end of a sentence or after a credit), last first; returns them
// in caption order.
std::vector<std::string> take_trailing_notes(std::string& text) {
    std::vector<std::string> found;
    std::string_view rest = trim_right(text);
    for (;;) {
        std::string_view t = trim_right(rest);
        if (t.ends_with("*")) {
            std::size_t close = t.size();
            while (close > 0 && t[close - 1] == '*') --close;
            const std::size_t open_end = t.rfind('*', close == 0 ? 0 : close - 1);
            if (open_end != std::string_view::npos && open_end < close) {
                std::size_t open = open_end;
                while (open > 0 && t[open - 1] == '*') --open;
                const std::string_view note =
                    asterisk_note(t.substr(open_end + 1, close - open_end - 1));
                const std::string_view before = t.substr(0, open);
                if (!note.empty() && (before.empty() || before.back() == ' ')) {
                    found.emplace_back(note);
                    rest = trim_caption_end(t.substr(0, open));
                    continue;
                }
            }
            break;
        }
        // "… NO SALES." — a known note, perhaps with a full stop after it.
        std::string_view bare = t;
        if (bare.ends_with(".")) bare.remove_suffix(1);
        bool matched = false;
        for (std::string_view note : caption_notes) {
            if (!bare.ends_with(note)) continue;
            const std::string_view before = bare.substr(0, bare.size() - note.size());
            if (!before.empty() && before.back() != ' ' && before.back() != '*') continue;
            if (!ends_sentence(before)) {
                // "… THE CANADIAN PRESS/Marta Kowalczyk NO SALES": after a credit.
                std::string credited(before);
                if (!names_someone(split_credit_at_end(credited))) continue;
            }
            found.emplace_back(note);
            rest = trim_caption_end(before);
            matched = true;
            break;
        }
        if (!matched) break;
    }
    if (found.empty()) return found;
    text = std::string(trim_caption_end(rest));
    std::reverse(found.begin(), found.end());
    return found;
}

// Takes asterisked notes in capitals off the start of `text` ("*MANDATORY CREDIT* Workers …").
std::vector<std::string> take_leading_notes(std::string& text) {
    std::vector<std::string> found;
    std::string_view rest = trim(text);
    while (rest.starts_with("*")) {
        std::size_t open = 0;
        while (open < rest.size() && rest[open] == '*') ++open;
        const std::size_t close = rest.find('*', open);
        if (close == std::string_view::npos) break;
        const std::string_view note = asterisk_note(rest.substr(open, close - open));
        if (note.empty()) break;
        found.emplace_back(note);
        std::size_t after = close;
        while (after < rest.size() && rest[after] == '*') ++after;
        rest = trim_caption_start(rest.substr(after));
    }
    if (!found.empty()) text = std::string(rest);
    return found;
}

// A credit given after a label or in brackets, as written: "Jane Doe/Reuters" → creator and
// source; a known agency alone → the source; anything else → the credit line as written.
Credit credit_from_name(std::string_view name) {
    Credit credit;
    if (split_slash_credit(name, credit)) return credit;
    if (is_known_agency(name)) {
        credit.source = agency_name(name);
        return credit;
    }
    credit.line = std::string(name);
    return credit;
}

// "AP Photo", "AP Photos": an agency's photo credit without a name; empty when it is not.
std::string_view agency_photo(std::string_view text) {
    for (std::string_view suffix : {std::string_view(" Photo"), std::string_view(" Photos")}) {
        if (text.size() > suffix.size() &&
            iequals_ascii(text.substr(text.size() - suffix.size()), suffix)) {
            const std::string_view agency = trim(text.substr(0, text.size() - suffix.size()));
            if (is_known_agency(agency) || is_all_caps_name(agency)) return agency;
        }
    }
    return {};
}

// The credit at the very end of `text` (notes already taken off), or an empty Credit with
// `text` untouched.
Credit split_credit_at_end(std::string& caption) {
    std::string_view text = trim_right(caption);
    if (text.empty()) return {};

    // "(AP Photo/Jane Doe)", "(Jane Doe/AP)", "(Photo: Jane Doe)", "[Photo: Jane Doe]",
    // "(Reuters)" at the very end.
    const char close = text.back();
    if (close == ')' || close == ']') {
        const char open = close == ')' ? '(' : '[';
        const std::size_t start = text.rfind(open);
        if (start != std::string_view::npos) {
            const std::string_view inner = trim(text.substr(start + 1, text.size() - start - 2));
            std::optional<Credit> credit;
            Credit slashed;
            // An agency alone in brackets must follow the end of a sentence ("… dawn.
            // (Reuters)"); a label or a photographer's name says enough by itself.
            bool agency_alone = false;
            if (auto c = parse_credit_line(inner)) {
                credit = std::move(c);
            } else if (split_slash_credit(inner, slashed)) {
                credit = std::move(slashed);
            } else if (std::string_view agency = agency_photo(inner); !agency.empty()) {
                credit = Credit{};
                credit->source = agency_name(agency);
                agency_alone = true;
            } else if (is_known_agency(inner)) {
                credit = Credit{};
                credit->source = agency_name(inner);
                agency_alone = true;
            }
            if (credit && plausible_name(inner) &&
                (!agency_alone || ends_sentence(text.substr(0, start)))) {
                caption = std::string(trim_caption_end(text.substr(0, start)));
                return *credit;
            }
        }
    }

    // "… Photo: Jane Doe" at the end: find the last label that starts a word.
    for (std::size_t pos = text.size(); pos-- > 0;) {
        if (pos > 0 && text[pos - 1] != ' ' && text[pos - 1] != '\t' && text[pos - 1] != '(')
            continue;
        const std::size_t label = credit_label_length(text.substr(pos));
        if (label == 0) continue;
        const std::string_view name = trim(text.substr(pos + label));
        if (!plausible_name(name)) return {};
        // The credit must follow the end of the caption's sentence, or stand alone.
        const std::string_view before = trim_right(text.substr(0, pos));
        if (!ends_sentence(before) || before.ends_with(",") || before.ends_with(":"))
            continue; // e.g. "credit:" inside "Photo credit:"
        Credit credit = credit_from_name(name);
        caption = std::string(trim_caption_end(before));
        return credit;
    }

    // "… 2020. THE CANADIAN PRESS/Paul Chiasson", "… 2020. Jane Doe/AP": a slash credit after
    // the end of the last sentence, without label or brackets. The shortest such tail that is
    // a credit wins (a name may hold initials: "Paul J. Chiasson").
    const std::size_t slash = text.rfind('/');
    if (slash == std::string_view::npos || text.size() - slash > 80) return {};
    for (std::size_t pos = slash; pos-- > 0;) {
        if (slash - pos > 80) break;
        if (pos > 0 && text[pos - 1] != ' ') continue;
        const std::string_view before = text.substr(0, pos);
        if (!trim(before).empty() && !ends_sentence(before)) continue;
        const std::string_view tail = trim(text.substr(pos));
        Credit credit;
        if (!split_slash_credit(tail, credit)) continue;
        // Without brackets or label, only an agency in capitals or one the list knows.
        const std::size_t s = tail.find('/');
        const std::string_view l = trim(tail.substr(0, s)), r = trim(tail.substr(s + 1));
        const bool agency_named = is_known_agency(l) || is_known_agency(r) || is_all_caps_name(l) ||
                                  is_all_caps_name(r) || !agency_photo(l).empty();
        if (!agency_named) continue;
        caption = std::string(trim_caption_end(before));
        return credit;
    }
    return {};
}

void add_notes(std::vector<std::string>& into, const std::vector<std::string>& notes) {
    for (const std::string& note : notes)
        if (std::find(into.begin(), into.end(), note) == into.end()) into.push_back(note);
}

// Letters and digits only, ASCII in lower case: for comparing credits as written.
std::string folded(std::string_view text) {
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || is_digit(c) || is_lower(c))
            out += c;
        else if (is_upper(c))
            out += ascii_lower(c);
    }
    return out;
}

// True when every name `found` gives (creator, source, line) is in what `own` says.
bool names_the_same(const Credit& own, const Credit& found) {
    const std::string hay = folded(own.line + " " + own.creator + " " + own.source);
    bool any = false;
    for (const std::string* name : {&found.creator, &found.source, &found.line}) {
        const std::string f = folded(*name);
        if (f.empty()) continue;
        any = true;
        if (hay.find(f) == std::string::npos) return false;
    }
    return any;
}

bool names_someone(const Credit& c) {
    return !c.creator.empty() || !c.line.empty() || !c.source.empty();
}

// Joins `from` onto `into` with "; " unless `into` already says it.
void add_text(std::string& into, const std::string& from) {
    if (from.empty() || into.find(from) != std::string::npos) return;
    if (!into.empty()) into += "; ";
    into += from;
}

} // namespace

std::string agency_name(std::string_view name) {
    name = trim(name);
    if (!is_all_caps_name(name) || (is_known_agency(name) && name.size() <= 4))
        return std::string(name);
    std::string out;
    std::size_t index = 0;
    for (std::string_view word : words_of(name)) {
        if (!out.empty()) out += ' ';
        // Hyphenated parts of an acronym ("EPA-EFE") stay as they are.
        bool acronym = std::find(acronyms.begin(), acronyms.end(), word) != acronyms.end() ||
                       word.find_first_of("AEIOUY") == std::string_view::npos;
        if (!acronym && word.find('-') != std::string_view::npos) {
            acronym = true;
            for (std::size_t a = 0, b; a <= word.size(); a = b + 1) {
                b = word.find('-', a);
                if (b == std::string_view::npos) b = word.size();
                if (std::find(acronyms.begin(), acronyms.end(), word.substr(a, b - a)) ==
                    acronyms.end())
                    acronym = false;
            }
        }
        if (acronym) {
            out += word;
        } else {
            std::string lower;
            append_lower(lower, word);
            if (index > 0 &&
                std::find(small_words.begin(), small_words.end(), lower) != small_words.end())
                out += lower;
            else
                out += title_case_word(word);
        }
        ++index;
    }
    return out;
}

std::optional<Credit> parse_credit_line(std::string_view line) {
    line = trim(line);
    const std::size_t label = credit_label_length(line);
    if (label == 0) return std::nullopt;
    const std::string_view name = trim(line.substr(label));
    if (!plausible_name(name)) return std::nullopt;
    return credit_from_name(name);
}

std::vector<std::string> take_caption_notes(std::string& caption) {
    std::vector<std::string> notes = take_leading_notes(caption);
    add_notes(notes, take_trailing_notes(caption));
    return notes;
}

Credit split_caption_credit(std::string& caption) {
    std::string text = caption;
    std::vector<std::string> notes = take_caption_notes(text);
    Credit credit = split_credit_at_end(text);
    // Notes may stand before the credit too: "… NO SALES. (AP Photo/Jane Doe)".
    if (names_someone(credit)) add_notes(notes, take_trailing_notes(text));
    credit.notes = std::move(notes);
    if (credit.empty()) return {};
    caption = std::move(text);
    return credit;
}

namespace {

// The note an emphasised run is, when it is one ("*MANDATORY CREDIT*" read as Markdown): in
// capitals and holding one of the known notes. Empty otherwise ("*NASA*" is no note).
std::string emphasised_note(const Inline& in) {
    const Inlines* content = nullptr;
    if (const auto* em = std::get_if<Emphasis>(&in.node)) content = &em->content;
    if (const auto* strong = std::get_if<Strong>(&in.node)) content = &strong->content;
    if (content == nullptr) return {};
    const std::string text = plain_text(*content);
    const std::string_view note = asterisk_note(text);
    if (note.empty()) return {};
    for (std::string_view known : caption_notes)
        if (note.find(known) != std::string_view::npos) return std::string(note);
    return {};
}

} // namespace

std::vector<std::string> take_caption_notes(Inlines& caption) {
    std::vector<std::string> notes;
    if (caption.empty()) return notes;
    // Emphasised notes at either end, then notes written in the text runs there.
    while (caption.size() > 1) {
        std::string note = emphasised_note(caption.front());
        const auto* next = std::get_if<Text>(&caption[1].node);
        if (note.empty() || next == nullptr || !(next->text.empty() || next->text[0] == ' ')) break;
        notes.push_back(std::move(note));
        caption.erase(caption.begin());
        auto* text = std::get_if<Text>(&caption.front().node);
        text->text = std::string(trim_caption_start(text->text));
    }
    std::vector<std::string> tail;
    while (caption.size() > 1) {
        std::string note = emphasised_note(caption.back());
        const auto* prev = std::get_if<Text>(&caption[caption.size() - 2].node);
        if (note.empty() || prev == nullptr || !(prev->text.empty() || prev->text.back() == ' '))
            break;
        tail.insert(tail.begin(), std::move(note));
        caption.pop_back();
        auto* text = std::get_if<Text>(&caption.back().node);
        text->text = std::string(trim_caption_end(text->text));
    }
    if (auto* first = std::get_if<Text>(&caption.front().node))
        add_notes(notes, take_leading_notes(first->text));
    if (auto* last = std::get_if<Text>(&caption.back().node))
        add_notes(notes, take_trailing_notes(last->text));
    add_notes(notes, tail);
    while (!caption.empty()) {
        auto* text = std::get_if<Text>(&caption.back().node);
        if (!text || !text->text.empty()) break;
        caption.pop_back();
    }
    if (!caption.empty())
        if (auto* first = std::get_if<Text>(&caption.front().node); first && first->text.empty())
            caption.erase(caption.begin());
    return notes;
}

Credit split_caption_credit(Inlines& caption) {
    if (caption.empty()) return {};
    Inlines copy = caption;
    std::vector<std::string> notes = take_caption_notes(copy);
    Credit credit;
    if (!copy.empty()) {
        if (auto* last = std::get_if<Text>(&copy.back().node)) {
            std::string text = last->text;
            credit = split_credit_at_end(text);
            if (names_someone(credit)) {
                add_notes(notes, take_trailing_notes(text));
                last->text = std::move(text);
                if (last->text.empty()) copy.pop_back();
                // Trailing space left on the run before the credit.
                if (!copy.empty())
                    if (auto* prev = std::get_if<Text>(&copy.back().node))
                        prev->text = std::string(trim_right(prev->text));
            }
        }
    }
    credit.notes = std::move(notes);
    if (credit.empty()) return {};
    caption = std::move(copy);
    return credit;
}

void settle_caption_credit(Inlines& caption, Credit& credit) {
    Inlines split = caption;
    Credit found = split_caption_credit(split);
    if (found.empty()) return;
    add_notes(credit.notes, found.notes);
    found.notes.clear();
    if (!names_someone(credit) || !names_someone(found) || names_the_same(credit, found)) {
        // The caption's credit is the figure's (or repeats it): printed once, as the credit.
        caption = std::move(split);
        if (!names_someone(credit)) merge_credit(credit, found);
        return;
    }
    // The caption names someone else than the credit the source gives: the caption stays as
    // written, without its notes.
    take_caption_notes(caption);
}

void merge_credit(Credit& into, const Credit& from) {
    if (into.creator.empty()) into.creator = from.creator;
    if (into.line.empty()) into.line = from.line;
    if (into.copyright.empty()) into.copyright = from.copyright;
    if (into.source.empty()) into.source = from.source;
    if (into.creator_title.empty()) into.creator_title = from.creator_title;
    add_notes(into.notes, from.notes);
    add_text(into.instructions, from.instructions);
    add_text(into.usage_terms, from.usage_terms);
}

} // namespace galley::detail
