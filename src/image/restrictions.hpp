// Internal: figures whose photos may not be passed on or kept, for the press kit (which
// refuses them) and the EPUB backend (which warns).
#pragma once

#include "galley/article.hpp"

#include <string>
#include <vector>

namespace galley::detail {

struct RestrictedFigure {
    std::string image;        // the figure's image reference as written ("embedded image"
                              // when it has none)
    std::string restrictions; // describe_usage_restrictions of its credit
};

// Every figure of `blocks` (in block quotes and lists too), in reading order, whose credit
// restricts redistribution (one-time use, no archives, not for resale).
std::vector<RestrictedFigure> restricted_figures(const Blocks& blocks);

} // namespace galley::detail
