#include "layout/protrusion.hpp"

#include "text/unicode_internal.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace galley::detail::layout {

namespace {

// Amounts from proofs at 9/12 pt in 54.6 mm columns (the broadsheet): punctuation whose ink
// is a dot or a comma hangs out by about half its advance, a hyphen a little more, dashes and
// quotes by what their ink leaves blank, slanted capitals and brackets barely. Serif and sans
// differ where their shapes do: Noto Sans's full stop and comma are narrower.
// Only line ends hang out (every start amount is 0): a line that starts left of the column
// (an opening quote hung out) is read as part of the column before it by tools that find
// columns from where lines start — poppler's text extraction, `pdftotext -layout`, and
// ../shared/bench/evenness.py — so galley keeps its columns' starting edge exact.
constexpr CharacterProtrusion serif[] = {
    {U'!', 0, 200},   {U'"', 0, 400},   {U'\'', 0, 500},  {U')', 0, 100},   {U',', 0, 600},
    {U'-', 0, 600},   {U'.', 0, 600},   {U'1', 0, 100},   {U':', 0, 400},   {U';', 0, 400},
    {U'?', 0, 200},   {U'A', 0, 50},    {U'T', 0, 50},    {U'V', 0, 50},    {U'W', 0, 50},
    {U'Y', 0, 50},    {U']', 0, 100},   {U'v', 0, 50},    {U'w', 0, 50},    {U'y', 0, 50},
    {0x00AB, 0, 300}, {0x00BB, 0, 300},                                     // « »
    {0x2010, 0, 600}, {0x2011, 0, 600}, {0x2013, 0, 300}, {0x2014, 0, 200}, // ‐ ‑ – —
    {0x2019, 0, 600},                                                       // ’
    {0x201D, 0, 500}, {0x2026, 0, 200}, {0x2039, 0, 300},                   // ” … ‹
    {0x203A, 0, 300},                                                       // ›
};

constexpr CharacterProtrusion sans[] = {
    {U'!', 0, 200},   {U'"', 0, 400},   {U'\'', 0, 500},  {U')', 0, 100},   {U',', 0, 500},
    {U'-', 0, 600},   {U'.', 0, 500},   {U'1', 0, 100},   {U':', 0, 400},   {U';', 0, 400},
    {U'?', 0, 200},   {U'A', 0, 50},    {U'T', 0, 50},    {U'V', 0, 50},    {U'W', 0, 50},
    {U'Y', 0, 50},    {U']', 0, 100},   {U'v', 0, 50},    {U'w', 0, 50},    {U'y', 0, 50},
    {0x00AB, 0, 300}, {0x00BB, 0, 300}, {0x2010, 0, 600}, {0x2011, 0, 600}, {0x2013, 0, 300},
    {0x2014, 0, 200}, {0x2019, 0, 600}, {0x201D, 0, 500}, {0x2026, 0, 200}, {0x2039, 0, 300},
    {0x203A, 0, 300},
};

// Any other face: punctuation only, by less (its shapes are unknown).
constexpr CharacterProtrusion general[] = {
    {U'"', 0, 300},   {U'\'', 0, 300},  {U',', 0, 400},   {U'-', 0, 500},   {U'.', 0, 400},
    {U':', 0, 300},   {U';', 0, 300},   {0x00AB, 0, 200}, {0x00BB, 0, 200}, {0x2010, 0, 500},
    {0x2011, 0, 500}, {0x2013, 0, 200}, {0x2014, 0, 100}, {0x2019, 0, 400}, {0x201D, 0, 300},
};

constexpr bool sorted(std::span<const CharacterProtrusion> table) {
    return std::is_sorted(table.begin(), table.end(),
                          [](const auto& a, const auto& b) { return a.character < b.character; });
}
static_assert(sorted(serif) && sorted(sans) && sorted(general), "tables are searched by halves");

std::string lower_first_family(std::string_view families) {
    std::string first(families.substr(0, families.find(',')));
    while (!first.empty() && (first.front() == ' ' || first.front() == '"')) first.erase(0, 1);
    while (!first.empty() && (first.back() == ' ' || first.back() == '"')) first.pop_back();
    for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return first;
}

} // namespace

std::span<const CharacterProtrusion> protrusion_table(std::string_view families) {
    const std::string family = lower_first_family(families);
    if (family.find("mono") != std::string::npos || family.find("courier") != std::string::npos)
        return {};
    if (family == "noto serif" || family == "serif") return serif;
    if (family == "noto sans" || family == "sans-serif" || family == "sans") return sans;
    return general;
}

double protrusion(ShapingFont& font, std::span<const CharacterProtrusion> table, char32_t character,
                  bool at_end) {
    const auto found = std::lower_bound(
        table.begin(), table.end(), character,
        [](const CharacterProtrusion& entry, char32_t c) { return entry.character < c; });
    if (found == table.end() || found->character != character) return 0;
    const short amount = at_end ? found->end : found->start;
    if (amount == 0) return 0;
    std::string text;
    text_unicode::append_utf8(text, character);
    return font.measure(text) * amount / 1000.0;
}

} // namespace galley::detail::layout
