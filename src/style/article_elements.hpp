// Internal: the article as the style module's element tree, its first level — what every
// walker of an article (the layout's realise stage, the EPUB's font usage) starts from.
#pragma once

#include "galley/article.hpp"
#include "galley/style.hpp"
#include "style/elements.hpp"

#include <vector>

namespace galley::detail {

// The children of the article element `root` in document order, numbered as siblings: one
// for the headline, the dek and each byline (those the article has), then one a block.
std::vector<StyleElement> article_children(const Article& article, const StyleElement& root);

} // namespace galley::detail
