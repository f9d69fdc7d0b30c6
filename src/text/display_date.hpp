// The article's date as a reader sees it: in running heads, folios and covers. Never a raw
// ISO 8601 timestamp.
#pragma once

#include "galley/article.hpp"

#include <string>

namespace galley::detail {

// The dateline's date as the copy writes it ("Dec. 10"), else the article's ISO date
// formatted for its language ("Thursday, December 10, 2015"), else "".
std::string display_date(const Meta& meta);

} // namespace galley::detail
