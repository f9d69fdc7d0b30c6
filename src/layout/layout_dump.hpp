// Internal: the layout as readable text (`--to layout`) — pages, column sets, every line with
// its box, adjustment ratio and how far its spaces were stretched, placed blocks and images —
// rounded so that a change in a layout decision shows as a small diff. Used by the golden
// tests and by people tuning a style.
//
//   page 1 first sheet=925.2x1375.2 trim=16.2,16.2,892.9x1332.3 bleed=8.5 marks=crop ...
//     block 1 headline x=50.2 y=56.0 w=858.9 h=96.0 columns=1-5
//       headline line x=50.2 y=56.0 w=858.9 h=48.0 ragged "Human Rights Day Event …"
//     column 1 set 1 x=50.2 y=176.0 w=154.8 bottom=1220.0 limit=1232.0
//       p line x=50.2 y=176.0 w=154.8 h=12.0 ratio=0.42 spaces=1.21 justified "A roundtable in …"
//     rule x=209.2 y=176.0-1220.0
#pragma once

#include "galley/article.hpp"
#include "layout/flow.hpp"
#include "layout/page_makeup.hpp"

#include <string>
#include <vector>

namespace galley::detail::layout {

std::string dump_layout(Medium medium, const Article& article, const Flow& flow, const Grid& grid,
                        const std::vector<PageLayout>& pages);

} // namespace galley::detail::layout
