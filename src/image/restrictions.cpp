// What a photo's usage notes restrict: IPTC Special Instructions, XMP usage terms and the
// notes to editors taken out of its caption, classified once for the press kit (which
// refuses what may not be passed on) and the EPUB backend (which warns, an EPUB being kept).
#include "galley/image.hpp"

#include "image/restrictions.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace galley {

namespace {

// Lower case words separated by single spaces, with a space at each end: "NotForResale" →
// " not for resale ", "ONE-TIME_USE" → " one time use ". Non-ASCII bytes are kept as letters.
std::string normalised(std::string_view text) {
    std::string out = " ";
    char previous = ' ';
    for (char c : text) {
        const bool upper = c >= 'A' && c <= 'Z';
        const bool lower = c >= 'a' && c <= 'z';
        const bool letter =
            upper || lower || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
        if (!letter) {
            if (out.back() != ' ') out += ' ';
        } else {
            // A capital after a lower-case letter starts a word: CamelCase.
            if (upper && previous >= 'a' && previous <= 'z' && out.back() != ' ') out += ' ';
            out += upper ? static_cast<char>(c - 'A' + 'a') : c;
        }
        previous = c;
    }
    if (out.back() != ' ') out += ' ';
    return out;
}

struct Pattern {
    UsageRestriction restriction;
    std::string_view words; // normalised, with spaces at both ends
};

constexpr std::array<Pattern, 20> patterns = {{
    {UsageRestriction::one_time_use, " one time use "},
    {UsageRestriction::one_time_use, " onetime use "},
    {UsageRestriction::one_time_use, " one time only "},
    {UsageRestriction::one_time_use, " single use "},
    {UsageRestriction::one_time_use, " use once "},
    {UsageRestriction::no_archives, " no archive "},
    {UsageRestriction::no_archives, " no archives "},
    {UsageRestriction::no_archives, " no archiving "},
    {UsageRestriction::no_archives, " not for archiving "},
    {UsageRestriction::no_archives, " do not archive "},
    {UsageRestriction::no_archives, " not be archived "},
    {UsageRestriction::not_for_resale, " no sales "},
    {UsageRestriction::not_for_resale, " no sale "},
    {UsageRestriction::not_for_resale, " no resale "},
    {UsageRestriction::not_for_resale, " no resales "},
    {UsageRestriction::not_for_resale, " not for resale "},
    {UsageRestriction::not_for_resale, " not for sale "},
    {UsageRestriction::not_for_resale, " no third party sales "},
    {UsageRestriction::handout, " handout "},
    {UsageRestriction::mandatory_credit, " mandatory credit "},
}};

} // namespace

const char* to_string(UsageRestriction restriction) {
    switch (restriction) {
    case UsageRestriction::one_time_use:
        return "one-time use only";
    case UsageRestriction::no_archives:
        return "no archives";
    case UsageRestriction::not_for_resale:
        return "not for resale";
    case UsageRestriction::handout:
        return "handout";
    case UsageRestriction::mandatory_credit:
        return "mandatory credit";
    }
    return "";
}

bool restricts_redistribution(UsageRestriction restriction) {
    return restriction == UsageRestriction::one_time_use ||
           restriction == UsageRestriction::no_archives ||
           restriction == UsageRestriction::not_for_resale;
}

std::vector<UsageRestriction> usage_restrictions(std::string_view text) {
    const std::string words = normalised(text);
    std::vector<UsageRestriction> found;
    for (const Pattern& pattern : patterns)
        if (words.find(pattern.words) != std::string::npos &&
            std::find(found.begin(), found.end(), pattern.restriction) == found.end())
            found.push_back(pattern.restriction);
    std::sort(found.begin(), found.end());
    return found;
}

std::vector<UsageRestriction> usage_restrictions(const Credit& credit) {
    std::string all;
    for (const std::string& note : credit.notes) all += note + "; ";
    all += credit.instructions + "; " + credit.usage_terms;
    return usage_restrictions(all);
}

std::string describe_usage_restrictions(const Credit& credit, bool all) {
    std::string kinds;
    for (UsageRestriction restriction : usage_restrictions(credit)) {
        if (!all && !restricts_redistribution(restriction)) continue;
        if (!kinds.empty()) kinds += ", ";
        kinds += to_string(restriction);
    }
    if (kinds.empty()) return {};
    std::string written;
    const auto add = [&](const std::string& text) {
        if (text.empty() || written.find(text) != std::string::npos) return;
        if (!written.empty()) written += "; ";
        written += text;
    };
    for (const std::string& note : credit.notes) add(note);
    add(credit.instructions);
    add(credit.usage_terms);
    return kinds + " (\"" + written + "\")";
}

namespace detail {

namespace {

void collect_restricted(const Blocks& blocks, std::vector<RestrictedFigure>& out) {
    for (const Block& block : blocks) {
        if (const auto* figure = std::get_if<Figure>(&block.node)) {
            std::string why = describe_usage_restrictions(figure->credit);
            if (why.empty()) continue;
            std::string image = figure->image && !figure->image->src.empty()
                                    ? figure->image->src
                                    : std::string(figure->image ? "embedded image" : "figure");
            out.push_back({std::move(image), std::move(why)});
        } else if (const auto* quote = std::get_if<BlockQuote>(&block.node)) {
            collect_restricted(quote->content, out);
        } else if (const auto* list = std::get_if<List>(&block.node)) {
            for (const Blocks& item : list->items) collect_restricted(item, out);
        }
    }
}

} // namespace

std::vector<RestrictedFigure> restricted_figures(const Blocks& blocks) {
    std::vector<RestrictedFigure> out;
    collect_restricted(blocks, out);
    return out;
}

} // namespace detail

} // namespace galley
