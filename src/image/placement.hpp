// Internal: what the PDF and print backends share about placing a photo — turning it upright
// by its Exif orientation without touching its bytes, and the resolution check that keeps a
// photo from being enlarged past what its pixels carry.
#pragma once

#include "galley/article.hpp"

#include <map>
#include <string>
#include <string_view>

namespace galley::detail {

// ---- orientation

// An affine map, in Cairo's terms: x' = xx·x + xy·y + x0, y' = yx·x + yy·y + y0.
struct Affine {
    double xx = 1, yx = 0, xy = 0, yy = 1, x0 = 0, y0 = 0;
};

// Where a point of the stored image shows once the image is turned upright by Exif
// orientation `orientation` (1–8; anything else is 1): the point given and the point returned
// as fractions of the image's width and height from its top-left corner (stored, then
// upright). The inverse of the turn web_rendition_jpeg makes to the pixels.
Affine orientation_map(int orientation);

// ---- resolution

// The lowest effective resolution a medium's photos may be placed at, and whether a photo
// whose pixels cannot carry its box may still be enlarged into it.
struct ResolutionRule {
    std::string medium; // "print", "pdf": for messages
    double min_ppi = 0; // pixels per inch; 0: no check
    bool upscale = false;
};

// The defaults of galley::ConvertOptions::min_ppi: the print layout is printed, the PDF is
// mostly read on a screen.
constexpr double default_print_min_ppi = 150;
constexpr double default_pdf_min_ppi = 96;

// The effective resolution of `pixels_wide` × `pixels_high` pixels (upright) drawn to cover a
// box of `width` × `height` points: the lower of the two directions.
double effective_ppi(int pixels_wide, int pixels_high, double width, double height);

// Whether `ppi` falls short of rule.min_ppi by more than 1% (a difference no one can see, and
// not worth a warning: a 1000-pixel photo across 170 mm is 149.4 ppi). Never with no minimum.
bool below_minimum(double ppi, const ResolutionRule& rule);

// A photo's box checked against a rule.
struct PhotoFit {
    double width = 0, height = 0; // the box to place it in, points
    double ppi = 0;               // the effective resolution in the box asked for
    bool low = false;             // ppi is below the rule's minimum: warn
    bool reduced = false;         // the box was made smaller: the size the pixels carry
};

// The box for a photo of `pixels_wide` × `pixels_high` pixels (upright) that its style gives
// `width` × `height` points: the same box, unless the pixels give less than rule.min_ppi
// there (below_minimum) and the rule does not allow upscaling, when it shrinks (same
// proportions) to the size they carry at rule.min_ppi.
PhotoFit fit_photo(int pixels_wide, int pixels_high, double width, double height,
                   const ResolutionRule& rule);

// The number of every figure of `article`, from 1 in reading order (in block quotes and
// lists too), as warnings name figures.
std::map<const Figure*, int> figure_numbers(const Article& article);

// The warning about figure number `figure` (from 1) whose image is `name` (its reference as
// written): "figure 3 (photos/thumb.jpg, 30×14 px) would be placed at 41 ppi, below 150 ppi
// for print; set at the size it can carry (5.1 mm wide)" when `fit` was reduced, else
// "… is placed at 41 ppi, below 150 ppi for print (enlarged: --upscale)".
std::string low_resolution_message(int figure, std::string_view name, int pixels_wide,
                                   int pixels_high, const PhotoFit& fit,
                                   const ResolutionRule& rule);

} // namespace galley::detail
