// The copy desk: what every reader's article goes through before a backend sees it, so that
// agency copy reads right in every format and every backend, fixed once.
//
// In order: double-escaped entities decoded; agency furniture (end and service marks, notes
// to editors) moved into the metadata; a "By NAME" line opening the body made the byline;
// bylines taken apart into people and titles, desk codes and placeholders dropped; the
// lead's dateline taken out of the text into meta.dateline (the lead wins over the head); a
// dek that repeats the headline or the lead, or is a keyword slug, replaced by the abstract;
// the language declared, given (--lang) or detected; straight quotes made typographic for
// that language. What the head said where galley chose otherwise stays in meta.head.
#include "read/reader.hpp"
#include "read/smart_quotes.hpp"
#include "text/language.hpp"
#include "text/unicode_internal.hpp"

#include <libxml/HTMLparser.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <type_traits>

namespace galley::detail {

namespace {

namespace tu = text_unicode;

// ---- walking the text of an article

using TextFn = std::function<void(std::string&)>;

void each_text(Inlines& inlines, const TextFn& fn) {
    for (Inline& in : inlines) {
        std::visit(
            [&](auto& node) {
                using T = std::decay_t<decltype(node)>;
                if constexpr (std::is_same_v<T, Text>) {
                    fn(node.text);
                } else if constexpr (requires { node.content; }) {
                    each_text(node.content, fn);
                }
            },
            in.node);
    }
}

// Every Inlines of the blocks (paragraphs, headings, captions, cells…), Raw and Code left out.
void each_inlines(Blocks& blocks, const std::function<void(Inlines&)>& fn) {
    for (Block& b : blocks) {
        std::visit(
            [&](auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, Paragraph> || std::is_same_v<T, Heading> ||
                              std::is_same_v<T, Tagline> || std::is_same_v<T, PullQuote>) {
                    fn(x.content);
                } else if constexpr (std::is_same_v<T, BlockQuote>) {
                    each_inlines(x.content, fn);
                } else if constexpr (std::is_same_v<T, Figure>) {
                    fn(x.caption);
                } else if constexpr (std::is_same_v<T, List>) {
                    for (Blocks& item : x.items) each_inlines(item, fn);
                } else if constexpr (std::is_same_v<T, Table>) {
                    fn(x.caption);
                    for (auto* rows : {&x.head, &x.body})
                        for (TableRow& row : *rows)
                            for (TableCell& cell : row) fn(cell.content);
                }
            },
            b.node);
    }
}

// Plain strings of the blocks that are text for readers (attributions, alt text).
void each_block_string(Blocks& blocks, const TextFn& fn) {
    for (Block& b : blocks) {
        std::visit(
            [&](auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, BlockQuote>) {
                    fn(x.attribution);
                    each_block_string(x.content, fn);
                } else if constexpr (std::is_same_v<T, PullQuote>) {
                    fn(x.attribution);
                } else if constexpr (std::is_same_v<T, Figure>) {
                    fn(x.alt);
                } else if constexpr (std::is_same_v<T, List>) {
                    for (Blocks& item : x.items) each_block_string(item, fn);
                }
            },
            b.node);
    }
}

void each_meta_string(Meta& m, const TextFn& fn) {
    fn(m.headline);
    fn(m.dek);
    for (Byline& b : m.bylines) {
        fn(b.name);
        fn(b.title);
    }
    fn(m.dateline.place);
}

// Removes the first `n` bytes of the inlines' plain text (as plain_text counts them: a line
// break is one byte), dropping containers left empty.
void remove_prefix(Inlines& inlines, std::size_t& n) {
    while (n > 0 && !inlines.empty()) {
        Inline& first = inlines.front();
        bool emptied = std::visit(
            [&](auto& node) -> bool {
                using T = std::decay_t<decltype(node)>;
                if constexpr (std::is_same_v<T, Text> || std::is_same_v<T, Code>) {
                    std::size_t k = std::min(n, node.text.size());
                    node.text.erase(0, k);
                    n -= k;
                    return node.text.empty();
                } else if constexpr (std::is_same_v<T, LineBreak>) {
                    --n;
                    return true;
                } else {
                    remove_prefix(node.content, n);
                    return node.content.empty();
                }
            },
            first.node);
        if (emptied) inlines.erase(inlines.begin());
    }
    // No space left at the start of what remains.
    while (!inlines.empty()) {
        auto* text = std::get_if<Text>(&inlines.front().node);
        if (!text) break;
        std::size_t k = 0;
        while (k < text->text.size() && text->text[k] == ' ') ++k;
        text->text.erase(0, k);
        if (!text->text.empty()) break;
        inlines.erase(inlines.begin());
    }
}

// ---- double-escaped entities

// "o&#39;clock", "&quot;" left in text after the format's own entities were decoded: the
// agency escaped its text twice. Decodes numeric references and HTML's named entities.
bool decode_entities(std::string& s) {
    if (s.find('&') == std::string::npos) return false;
    std::string out;
    bool changed = false;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t amp = s.find('&', i);
        if (amp == std::string::npos) break;
        out.append(s, i, amp - i);
        std::size_t semi = s.find(';', amp);
        i = amp + 1;
        if (semi == std::string::npos || semi - amp > 10 || semi == amp + 1) {
            out += '&';
            continue;
        }
        std::string name = s.substr(amp + 1, semi - amp - 1);
        char32_t cp = 0;
        if (name[0] == '#') {
            std::string_view digits = std::string_view(name).substr(1);
            int base = 10;
            if (!digits.empty() && (digits[0] == 'x' || digits[0] == 'X')) {
                base = 16;
                digits.remove_prefix(1);
            }
            unsigned value = 0;
            auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
            if (ec == std::errc() && p == digits.data() + digits.size() && value > 0 &&
                value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF))
                cp = value;
        } else {
            bool alnum = true;
            for (char c : name)
                alnum = alnum && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                  (c >= '0' && c <= '9'));
            if (alnum)
                if (const htmlEntityDesc* e =
                        htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str())))
                    cp = e->value;
        }
        if (cp == 0) {
            out += '&';
            continue;
        }
        tu::append_utf8(out, cp);
        i = semi + 1;
        changed = true;
    }
    if (!changed) return false;
    out.append(s, i, std::string::npos);
    s = std::move(out);
    return true;
}

// ---- agency furniture

std::string upper_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// An end or service mark standing alone: "ends", "ENDS", "-30-", "###", "(MORE)", "MORE".
bool is_end_mark(std::string_view t) {
    std::string u = upper_ascii(trim(t));
    static constexpr std::array<std::string_view, 13> marks = {
        "ENDS", "END", "-30-", "- 30 -", "###", "# # #", "(MORE)", "MORE", "- MORE -",
        "-MORE-", "(END)", "(ENDS)", "ENDIT"};
    for (auto m : marks)
        if (u == m) return true;
    return false;
}

// A note to editors in asterisks: "*MANDATORY CREDIT*", "*** TRANSLATED ***".
bool is_starred_note(std::string_view t) {
    t = trim(t);
    if (t.size() < 3 || t.front() != '*' || t.back() != '*') return false;
    std::string_view inside = t;
    while (!inside.empty() && (inside.front() == '*' || inside.front() == ' ')) inside.remove_prefix(1);
    while (!inside.empty() && (inside.back() == '*' || inside.back() == ' ')) inside.remove_suffix(1);
    if (inside.empty() || inside.size() > 80) return false;
    for (char c : inside)
        if (c >= 'a' && c <= 'z') return false; // notes are in capitals; *emphasis* is not
    return true;
}

// An agency's sign-off as the last paragraph: "/ritzau/", "(BusinessDesk)", "(AP)",
// "AAP RTV", "EFE gr/bp", "NTB".
bool is_signoff(std::string_view t) {
    t = trim(t);
    if (t.empty() || t.size() > 40) return false;
    if ((t.front() == '(' && t.back() == ')') || (t.front() == '/' && t.back() == '/')) {
        std::string_view inside = trim(t.substr(1, t.size() - 2));
        if (inside.empty() || inside.find_first_of("()/.,;:!?") != std::string_view::npos)
            return false;
        return inside.find(' ') == std::string_view::npos || inside.size() <= 20;
    }
    // Agency code and desk initials: every word short, in capitals or a desk code.
    std::size_t words = 0;
    bool capitals_first = false;
    for (std::size_t i = 0; i < t.size();) {
        while (i < t.size() && t[i] == ' ') ++i;
        std::size_t j = t.find(' ', i);
        if (j == std::string_view::npos) j = t.size();
        std::string_view w = t.substr(i, j - i);
        i = j;
        if (w.empty()) continue;
        ++words;
        bool caps = w.size() >= 2 && w.size() <= 5;
        for (char c : w) caps = caps && c >= 'A' && c <= 'Z';
        if (words == 1) {
            capitals_first = caps;
            if (!caps) return false;
        } else if (!caps && !is_byline_placeholder(w)) {
            return false;
        }
    }
    return capitals_first && words >= 2 && words <= 3;
}

void take_out_furniture(Article& article) {
    Meta& meta = article.meta;
    // Notes glued to the headline: "*** TRANSLATED *** Headline", "Headline *MANDATORY CREDIT*".
    for (int pass = 0; pass < 2; ++pass) {
        std::string& h = meta.headline;
        std::size_t open = h.find('*');
        if (open == std::string::npos) break;
        std::size_t inner = h.find_first_not_of("* ", open);
        if (inner == std::string::npos) break;
        std::size_t close = h.find('*', inner);
        if (close == std::string::npos) break;
        std::size_t end = h.find_first_not_of('*', close);
        if (end == std::string::npos) end = h.size();
        std::string note = h.substr(open, end - open);
        if (!is_starred_note(note)) break;
        meta.service_notes.push_back(std::string(trim(note)));
        h = collapse_space(h.substr(0, open) + " " + h.substr(end));
    }

    auto text_of = [](const Block& b) -> std::optional<std::string> {
        if (const auto* p = std::get_if<Paragraph>(&b.node)) return plain_text(p->content);
        if (const auto* t = std::get_if<Tagline>(&b.node)) return plain_text(t->content);
        return std::nullopt;
    };
    Blocks& blocks = article.blocks;
    // Anywhere: end marks and starred notes standing alone.
    std::vector<std::string> notes;
    std::erase_if(blocks, [&](const Block& b) {
        auto t = text_of(b);
        if (!t) return false;
        std::string s = collapse_space(*t);
        if (!is_end_mark(s) && !is_starred_note(s)) return false;
        notes.push_back(s);
        return true;
    });
    // At the end: the agency's sign-off, desk codes.
    std::vector<std::string> tail;
    while (!blocks.empty()) {
        auto t = text_of(blocks.back());
        if (!t) break;
        std::string s = collapse_space(*t);
        if (!is_signoff(s) && !is_byline_placeholder(s) && !is_end_mark(s)) break;
        tail.push_back(s);
        blocks.pop_back();
    }
    std::reverse(tail.begin(), tail.end());
    for (std::string& n : notes) meta.service_notes.push_back(std::move(n));
    for (std::string& n : tail) meta.service_notes.push_back(std::move(n));
}

// ---- the lead

Paragraph* lead_paragraph(Blocks& blocks) {
    for (Block& b : blocks) {
        if (auto* p = std::get_if<Paragraph>(&b.node)) return p;
        if (std::holds_alternative<Heading>(b.node)) return nullptr;
        if (std::holds_alternative<Figure>(b.node) || std::holds_alternative<Rule>(b.node))
            continue;
        return nullptr;
    }
    return nullptr;
}

std::string dateline_text(const Dateline& d) {
    std::string s = d.place;
    if (!d.date_text.empty()) s += (s.empty() ? "" : ", ") + d.date_text;
    if (!d.agency.empty()) s += (s.empty() ? "(" : " (") + d.agency + ")";
    return s;
}

void take_body_byline(Article& article) {
    Blocks& blocks = article.blocks;
    for (std::size_t i = 0; i < blocks.size() && i < 3; ++i) {
        auto* p = std::get_if<Paragraph>(&blocks[i].node);
        if (!p) {
            if (std::holds_alternative<Figure>(blocks[i].node)) continue;
            return;
        }
        auto people = body_byline(collapse_space(plain_text(p->content)));
        if (!people) return;
        Meta& meta = article.meta;
        std::string head;
        for (const Byline& b : meta.bylines)
            head += (head.empty() ? "" : "; ") + b.name + (b.title.empty() ? "" : ", " + b.title);
        if (!head.empty()) meta.set_head("byline", head);
        meta.bylines = std::move(*people);
        blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i));
        return;
    }
}

void take_lead_dateline(Article& article) {
    Paragraph* lead = lead_paragraph(article.blocks);
    if (!lead) return;
    std::string text = plain_text(lead->content);
    Dateline found;
    std::size_t cut = parse_dateline(text, found);
    if (cut == 0) return;
    Meta& meta = article.meta;
    if (!meta.dateline.empty() && meta.dateline != found)
        meta.set_head("dateline", dateline_text(meta.dateline));
    meta.dateline = std::move(found);
    remove_prefix(lead->content, cut);
}

// ---- deks

// Case, white space and punctuation folded away: what two texts must share to be the same.
std::string folded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        tu::Decoded d = tu::decode(s, i);
        i += d.length;
        char32_t c = d.code_point;
        if (tu::is_letter(c) || (c >= '0' && c <= '9')) tu::append_utf8(out, tu::to_lower(c));
    }
    return out;
}

// A keyword slug: "HONDURAS GOVERNMENT", "BC-US--Gas Prices": short, no sentence in it.
bool is_slug(std::string_view s) {
    s = trim(s);
    if (s.empty() || s.size() > 60) return false;
    if (s.find_first_of(".!?;:,") != std::string_view::npos &&
        !(s.starts_with("BC-") || s.find("--") != std::string_view::npos))
        return false;
    if (s.starts_with("BC-")) return true;
    int words = 1, letters = 0;
    for (std::size_t i = 0; i < s.size();) {
        tu::Decoded d = tu::decode(s, i);
        i += d.length;
        if (d.code_point == ' ') ++words;
        if (tu::is_letter(d.code_point)) {
            if (d.code_point < 0x0530 && !tu::is_upper(d.code_point) &&
                tu::to_lower(d.code_point) == d.code_point)
                return false;
            ++letters;
        }
    }
    return letters >= 3 && words <= 6;
}

void choose_dek(Article& article) {
    Meta& meta = article.meta;
    const std::string headline = folded(meta.headline);
    std::string lead;
    if (Paragraph* p = lead_paragraph(article.blocks)) lead = folded(plain_text(p->content));
    auto usable = [&](const std::string& dek) {
        std::string f = folded(dek);
        if (f.empty() || f == headline || f == lead) return false;
        // The lead with its dateline: "NEW YORK (AP) — …" was compared without it.
        if (!lead.empty() && f.size() > lead.size() && f.ends_with(lead) &&
            f.size() - lead.size() < 40)
            return false;
        return !is_slug(dek);
    };
    if (meta.dek.empty() || usable(meta.dek)) return;
    if (is_slug(meta.dek)) {
        if (!meta.head_value("slug")) meta.set_head("slug", meta.dek);
    } else if (!meta.head_value("hl2") && !meta.head_value("abstract") &&
               !meta.head_value("description")) {
        meta.set_head("dek", meta.dek);
    }
    meta.dek.clear();
    for (std::string_view key : {"abstract", "description"}) {
        const std::string* alternative = meta.head_value(key);
        if (alternative && usable(*alternative)) {
            meta.dek = *alternative;
            return;
        }
    }
}

// ---- language

std::string detection_sample(const Article& article) {
    constexpr std::size_t enough = 16 * 1024;
    std::string s = article.meta.headline;
    s += '\n';
    s += article.meta.dek;
    for (const Block& b : article.blocks) {
        if (s.size() > enough) break;
        if (const auto* p = std::get_if<Paragraph>(&b.node)) {
            s += '\n';
            s += plain_text(p->content);
        } else if (const auto* h = std::get_if<Heading>(&b.node)) {
            s += '\n';
            s += plain_text(h->content);
        }
    }
    return s;
}

void settle_language(Article& article, const ReadOptions& options, Warnings& warnings,
                     const std::string& file) {
    Meta& meta = article.meta;
    std::optional<LanguageGuess> guess = detect_language(detection_sample(article));
    if (!meta.language.empty()) {
        if (meta.language_source == LanguageSource::none)
            meta.language_source = LanguageSource::declared;
        if (guess && guess->reliable && guess->percent >= 80 &&
            !same_language(guess->tag, meta.language))
            warnings.push_back(Warning{
                file, {},
                "the text reads as " + guess->tag + " (" + std::to_string(guess->percent) +
                    "% of it) but declares the language " + meta.language +
                    "; kept as declared (set the right language in the source)"});
        return;
    }
    if (!options.language.empty()) {
        meta.language = options.language;
        meta.language_source = LanguageSource::option;
        return;
    }
    if (guess && guess->reliable) {
        meta.language = guess->tag;
        meta.language_source = LanguageSource::detected;
    }
}

// ---- quotes

void smarten_article(Article& article) {
    QuoteStyle style = quote_style(article.meta.language);
    each_meta_string(article.meta, [&](std::string& s) { smarten(s, style); });
    each_inlines(article.blocks, [&](Inlines& in) { smarten(in, style); });
    each_block_string(article.blocks, [&](std::string& s) { smarten(s, style); });
}

} // namespace

bool is_agency_furniture(std::string_view line) {
    std::string s = collapse_space(line);
    return is_end_mark(s) || is_starred_note(s) || is_signoff(s);
}

void copy_desk(Article& article, const ReadOptions& options, Warnings& warnings,
               const std::string& file) {
    // Entities escaped twice: decoded everywhere, reported once.
    bool decoded = false;
    auto decode = [&](std::string& s) { decoded = decode_entities(s) || decoded; };
    each_meta_string(article.meta, decode);
    each_inlines(article.blocks, [&](Inlines& in) { each_text(in, decode); });
    each_block_string(article.blocks, decode);
    if (decoded)
        warnings.push_back(Warning{file, {},
                                   "the text holds entities escaped twice (such as &#39; or "
                                   "&quot;); decoded them"});

    take_out_furniture(article);
    const std::vector<Byline> head_bylines = article.meta.bylines;
    take_body_byline(article);
    clean_bylines(article.meta.bylines);
    if (article.meta.bylines != head_bylines && !article.meta.head_value("byline")) {
        std::string written;
        for (const Byline& b : head_bylines)
            written += (written.empty() ? "" : "; ") + b.name + (b.title.empty() ? "" : ", " + b.title);
        article.meta.set_head("byline", written);
    }
    take_lead_dateline(article);
    choose_dek(article);
    settle_language(article, options, warnings, file);
    if (options.smart) smarten_article(article);
}

} // namespace galley::detail
