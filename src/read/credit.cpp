// Photo credits written as text — "Photo credit: NAME" lines in wire copy, credits at the end
// of captions — turned into structured credits.
#include "read/reader.hpp"

#include <array>

namespace galley::detail {

namespace {

// Labels that introduce a credit, longest first so "Photo credit" wins over "Photo".
constexpr std::array<std::string_view, 10> credit_labels = {
    "photo credit", "photo credits", "image credit", "picture credit", "photograph",
    "photos",       "photo",         "credit",       "foto",           "image"};
constexpr std::array<std::string_view, 2> cyrillic_labels = {"Фото", "ФОТО"};

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
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

// Fills creator/source from a credit line such as "AP Photo/Jane Doe" or "Jane Doe/Reuters".
Credit credit_from_line(std::string_view line) {
    Credit credit;
    credit.line = std::string(line);
    if (auto slash = line.find('/'); slash != std::string_view::npos) {
        std::string_view left = trim(line.substr(0, slash));
        std::string_view right = trim(line.substr(slash + 1));
        constexpr std::string_view photo_suffix = " Photo";
        if (left.size() > photo_suffix.size() &&
            iequals_ascii(left.substr(left.size() - photo_suffix.size()), photo_suffix)) {
            // "AP Photo/Jane Doe": agency, then the photographer.
            credit.source = std::string(trim(left.substr(0, left.size() - photo_suffix.size())));
            credit.creator = std::string(right);
        } else if (!left.empty() && !right.empty() && right.find(' ') == std::string_view::npos) {
            // "Jane Doe/Reuters": the photographer, then a one-word agency.
            credit.creator = std::string(left);
            credit.source = std::string(right);
        }
    }
    return credit;
}

// Removes separators left at the end of a caption once its credit is gone ("…city. —").
std::string_view trim_caption_end(std::string_view s) {
    for (;;) {
        s = trim_right(s);
        if (s.ends_with("—") || s.ends_with("–")) {
            s.remove_suffix(3);
        } else if (!s.empty() && (s.back() == '|' || s.back() == '-' || s.back() == ';')) {
            s.remove_suffix(1);
        } else {
            return s;
        }
    }
}

} // namespace

std::optional<Credit> parse_credit_line(std::string_view line) {
    line = trim(line);
    std::size_t label = credit_label_length(line);
    if (label == 0) return std::nullopt;
    std::string_view name = trim(line.substr(label));
    if (!plausible_name(name)) return std::nullopt;
    return credit_from_line(name);
}

Credit split_caption_credit(std::string& caption) {
    std::string_view text = trim_right(caption);
    if (text.empty()) return {};

    // "(AP Photo/Jane Doe)", "(Photo: Jane Doe)", "[Photo: Jane Doe]" at the very end.
    char close = text.back();
    if (close == ')' || close == ']') {
        char open = close == ')' ? '(' : '[';
        std::size_t start = text.rfind(open);
        if (start != std::string_view::npos) {
            std::string_view inner = trim(text.substr(start + 1, text.size() - start - 2));
            std::optional<Credit> credit;
            if (auto c = parse_credit_line(inner)) {
                credit = std::move(c);
            } else if (inner.find(" Photo/") != std::string_view::npos ||
                       inner.find(" photo/") != std::string_view::npos) {
                credit = credit_from_line(inner);
            }
            if (credit && plausible_name(credit->line)) {
                caption = std::string(trim_caption_end(text.substr(0, start)));
                return *credit;
            }
        }
    }

    // "… Photo: Jane Doe" at the end: find the last label that starts a word.
    for (std::size_t pos = text.size(); pos-- > 0;) {
        if (pos > 0 && text[pos - 1] != ' ' && text[pos - 1] != '\t' && text[pos - 1] != '(')
            continue;
        std::size_t label = credit_label_length(text.substr(pos));
        if (label == 0) continue;
        std::string_view name = trim(text.substr(pos + label));
        if (!plausible_name(name)) return {};
        // The credit must follow the end of the caption's sentence, or stand alone.
        std::string_view before = trim_right(text.substr(0, pos));
        if (!before.empty()) {
            char last = before.back();
            bool sentence_end = last == '.' || last == '!' || last == '?' || last == ')' ||
                                last == '|' || last == '-' || last == ';' ||
                                before.ends_with("—") || before.ends_with("–") ||
                                before.ends_with("”") || last == '"';
            if (!sentence_end) continue; // e.g. "credit:" inside "Photo credit:"
        }
        Credit credit = credit_from_line(name);
        caption = std::string(trim_caption_end(before));
        return credit;
    }
    return {};
}

Credit split_caption_credit(Inlines& caption) {
    if (caption.empty()) return {};
    auto* last = std::get_if<Text>(&caption.back().node);
    if (!last) return {};
    Credit credit = split_caption_credit(last->text);
    if (credit.empty()) return credit;
    if (last->text.empty()) caption.pop_back();
    // Trailing space left on the run before the credit.
    if (!caption.empty())
        if (auto* prev = std::get_if<Text>(&caption.back().node))
            prev->text = std::string(trim_right(prev->text));
    return credit;
}

void merge_credit(Credit& into, const Credit& from) {
    if (into.creator.empty()) into.creator = from.creator;
    if (into.line.empty()) into.line = from.line;
    if (into.copyright.empty()) into.copyright = from.copyright;
    if (into.source.empty()) into.source = from.source;
}

} // namespace galley::detail
