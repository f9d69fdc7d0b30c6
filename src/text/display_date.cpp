#include "text/display_date.hpp"

#include "text/language.hpp"

namespace galley::detail {

std::string display_date(const Meta& meta) {
    if (!meta.dateline.date_text.empty()) return meta.dateline.date_text;
    if (meta.date.empty()) return {};
    return format_date(meta.date, meta.language);
}

} // namespace galley::detail
