// Placing photos: upright by their Exif orientation, and never enlarged past what their
// pixels carry at a medium's lowest resolution (unless asked to).
#include "image/placement.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <variant>

namespace galley::detail {

namespace {

void number_figures(const Blocks& blocks, std::map<const Figure*, int>& numbers) {
    for (const Block& block : blocks) {
        if (const auto* figure = std::get_if<Figure>(&block.node)) {
            const int next = static_cast<int>(numbers.size()) + 1;
            numbers.emplace(figure, next);
        } else if (const auto* quote = std::get_if<BlockQuote>(&block.node)) {
            number_figures(quote->content, numbers);
        } else if (const auto* list = std::get_if<List>(&block.node)) {
            for (const Blocks& item : list->items) number_figures(item, numbers);
        }
    }
}

} // namespace

std::map<const Figure*, int> figure_numbers(const Article& article) {
    std::map<const Figure*, int> numbers;
    number_figures(article.blocks, numbers);
    return numbers;
}

Affine orientation_map(int orientation) {
    // (s, t) stored → (X, Y) upright, each a fraction of its image's width and height.
    switch (orientation) {
    case 2:
        return {-1, 0, 0, 1, 1, 0}; // mirrored: X = 1 − s, Y = t
    case 3:
        return {-1, 0, 0, -1, 1, 1}; // turned 180°: X = 1 − s, Y = 1 − t
    case 4:
        return {1, 0, 0, -1, 0, 1}; // flipped: X = s, Y = 1 − t
    case 5:
        return {0, 1, 1, 0, 0, 0}; // transposed: X = t, Y = s
    case 6:
        return {0, 1, -1, 0, 1, 0}; // turned 90° clockwise: X = 1 − t, Y = s
    case 7:
        return {0, -1, -1, 0, 1, 1}; // transversed: X = 1 − t, Y = 1 − s
    case 8:
        return {0, -1, 1, 0, 0, 1}; // turned 90° anticlockwise: X = t, Y = 1 − s
    default:
        return {};
    }
}

double effective_ppi(int pixels_wide, int pixels_high, double width, double height) {
    if (pixels_wide <= 0 || pixels_high <= 0 || width <= 0 || height <= 0) return 0;
    return std::min(pixels_wide * 72.0 / width, pixels_high * 72.0 / height);
}

bool below_minimum(double ppi, const ResolutionRule& rule) {
    return rule.min_ppi > 0 && ppi < rule.min_ppi * 0.99;
}

PhotoFit fit_photo(int pixels_wide, int pixels_high, double width, double height,
                   const ResolutionRule& rule) {
    PhotoFit fit{width, height, effective_ppi(pixels_wide, pixels_high, width, height)};
    if (rule.min_ppi <= 0 || fit.ppi <= 0) return fit;
    fit.low = below_minimum(fit.ppi, rule);
    if (fit.low && !rule.upscale) {
        const double scale = fit.ppi / rule.min_ppi;
        fit.width = width * scale;
        fit.height = height * scale;
        fit.reduced = true;
    }
    return fit;
}

std::string low_resolution_message(int figure, std::string_view name, int pixels_wide,
                                   int pixels_high, const PhotoFit& fit,
                                   const ResolutionRule& rule) {
    constexpr std::size_t longest = 200;
    std::string shown(name.substr(0, longest));
    if (name.size() > longest) {
        while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80)
            shown.pop_back();
        if (!shown.empty()) shown.pop_back();
        shown += "…";
    }
    // Rounded down: "below 150 ppi" never says 150.
    const auto ppi = [](double value) {
        return std::to_string(static_cast<long long>(std::floor(value + 1e-9)));
    };
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", rule.min_ppi);
    std::string message = "figure " + std::to_string(figure) + " (" + shown + ", " +
                          std::to_string(pixels_wide) + "×" + std::to_string(pixels_high) +
                          " px) " + (fit.reduced ? "would be" : "is") + " placed at " +
                          ppi(fit.ppi) + " ppi, below " + std::string(limit) + " ppi for " +
                          rule.medium;
    if (fit.reduced) {
        char mm[32];
        std::snprintf(mm, sizeof mm, "%.1f", fit.width / 72 * 25.4);
        message += "; set at the size it can carry (" + std::string(mm) +
                   " mm wide; --upscale enlarges it, --min-ppi sets the limit)";
    } else {
        message += " (enlarged: --upscale)";
    }
    return message;
}

} // namespace galley::detail
