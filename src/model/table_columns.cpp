#include "model/table_columns.hpp"

#include <algorithm>

namespace galley::detail {

namespace {

// The code points of `text` (malformed bytes become U+FFFD, which is no figure).
std::vector<char32_t> code_points(std::string_view text) {
    std::vector<char32_t> out;
    for (std::size_t at = 0; at < text.size();) {
        const auto lead = static_cast<unsigned char>(text[at]);
        std::size_t length = lead < 0x80             ? 1
                             : (lead & 0xE0) == 0xC0 ? 2
                             : (lead & 0xF0) == 0xE0 ? 3
                             : (lead & 0xF8) == 0xF0 ? 4
                                                     : 0;
        if (length == 0 || at + length > text.size()) {
            out.push_back(0xFFFD);
            ++at;
            continue;
        }
        char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
        bool valid = true;
        for (std::size_t i = 1; i < length; ++i) {
            const auto next = static_cast<unsigned char>(text[at + i]);
            if ((next & 0xC0) != 0x80) valid = false;
            cp = (cp << 6) | (next & 0x3F);
        }
        if (!valid) {
            out.push_back(0xFFFD);
            ++at;
            continue;
        }
        out.push_back(cp);
        at += length;
    }
    return out;
}

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x00A0 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x3000;
}
bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}
// Vulgar fractions: ½ ¼ ¾ and U+2150…U+215E (⅓ ⅔ ⅛ …), as in "4½" games behind.
bool is_fraction(char32_t c) {
    return (c >= 0x00BC && c <= 0x00BE) || (c >= 0x2150 && c <= 0x215E);
}
// Digit grouping and the decimal sign: 1,234.5, 1.234,5, 1 234 (thin or no-break space), 1'234.
bool is_grouping(char32_t c) {
    return c == ',' || c == '.' || c == '\'' || c == 0x2019 || c == ' ' || c == 0x00A0 ||
           c == 0x2009 || c == 0x202F;
}
// Hyphen-minus, hyphens, figure dash, en and em dash, minus sign.
bool is_dash(char32_t c) {
    return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}
bool is_sign(char32_t c) {
    return c == '+' || c == '-' || c == 0x2212 || c == 0x00B1 || c == 0x2013;
}
// $, ¢ £ ¤ ¥, and the Currency Symbols block (€ ₸ ₽ ₹ ₩ …).
bool is_currency(char32_t c) {
    return c == '$' || (c >= 0x00A2 && c <= 0x00A5) || (c >= 0x20A0 && c <= 0x20CF);
}
bool is_percent(char32_t c) {
    return c == '%' || c == 0x2030;
}

} // namespace

FigureKind figure_kind(std::string_view text) {
    std::vector<char32_t> cps = code_points(text);
    std::size_t begin = 0, end = cps.size();
    while (begin < end && is_space(cps[begin])) ++begin;
    while (end > begin && is_space(cps[end - 1])) --end;
    if (begin == end) return FigureKind::empty;
    // A dash alone (or two, "--"): nothing to report.
    if (end - begin <= 2 && std::all_of(cps.begin() + begin, cps.begin() + end, is_dash))
        return FigureKind::none;
    // Accounting negatives: (12).
    if (cps[begin] == '(' && end - begin > 2 && cps[end - 1] == ')') {
        ++begin;
        --end;
    }
    std::size_t i = begin;
    const auto at = [&](std::size_t k) -> char32_t { return k < end ? cps[k] : 0; };
    bool signed_ = false;
    if (is_sign(at(i))) ++i, signed_ = true;
    if (is_currency(at(i))) {
        ++i;
        if (!signed_ && is_sign(at(i))) ++i;
    }
    // One number: digits with grouping, or a leading decimal point (.500), then a fraction.
    const auto number = [&] {
        bool digits = false;
        while (i < end) {
            const char32_t c = cps[i];
            if (is_digit(c)) {
                digits = true;
                ++i;
            } else if (is_grouping(c) && (digits || c == '.') && is_digit(at(i + 1))) {
                ++i;
            } else {
                break;
            }
        }
        if (is_fraction(at(i))) {
            digits = true;
            ++i;
        }
        return digits;
    };
    if (!number()) return FigureKind::text;
    // Numbers joined: a score 3-2, a record 10-5-2, a time 2:03.45, a ratio 3/4.
    while (i < end && (is_dash(cps[i]) || cps[i] == ':' || cps[i] == '/')) {
        ++i;
        if (!number()) return FigureKind::text;
    }
    if (is_percent(at(i))) ++i;
    // A currency sign after the amount: 12,50 €.
    std::size_t after = i;
    while (after < end && is_space(cps[after])) ++after;
    if (after < end && is_currency(cps[after])) i = after + 1;
    return i == end ? FigureKind::number : FigureKind::text;
}

bool TableColumns::numeric_cell(std::size_t row, std::size_t cell) const {
    if (row >= places.size() || cell >= places[row].size() || full_width[row]) return false;
    const CellPlace& place = places[row][cell];
    return place.span == 1 && place.column >= 0 &&
           static_cast<std::size_t>(place.column) < numeric.size() &&
           numeric[static_cast<std::size_t>(place.column)];
}

bool header_cell(const Table& table, std::size_t row, std::size_t cell) {
    const TableRow& cells = row_at(table, row);
    return row < table.head.size() || (cell < cells.size() && cells[cell].header);
}

std::string_view header_scope(const Table& table, const TableColumns& columns, std::size_t row,
                              std::size_t cell) {
    if (!header_cell(table, row, cell)) return {};
    if (row < columns.full_width.size() && columns.full_width[row]) return {};
    if (row < table.head.size()) return "col";
    const TableRow& cells = row_at(table, row);
    const bool headings =
        std::all_of(cells.begin(), cells.end(), [](const TableCell& c) { return c.header; });
    return headings ? "col" : "row";
}

const Attr* header_scope_attr(std::string_view scope) {
    const auto scoped = [](const char* value) {
        Attr attr;
        attr.values.emplace_back("scope", value);
        return attr;
    };
    static const Attr col = scoped("col");
    static const Attr row = scoped("row");
    if (scope == "col") return &col;
    if (scope == "row") return &row;
    return nullptr;
}

TableColumns table_columns(const Table& table) {
    TableColumns out;
    const std::size_t rows = table.head.size() + table.body.size();
    out.places.resize(rows);
    out.full_width.assign(rows, false);
    std::vector<bool> single(rows, false);
    // Per column: how many more rows a rowspan from above keeps it taken.
    std::vector<int> taken;
    int count_multi = 0, count_single = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        if (r == table.head.size()) taken.clear(); // the head's rowspans end with the head
        const TableRow& row = row_at(table, r);
        const bool reached_into =
            std::any_of(taken.begin(), taken.end(), [](int n) { return n > 0; });
        std::vector<int> next(taken.size(), 0);
        for (std::size_t c = 0; c < taken.size(); ++c) next[c] = std::max(taken[c] - 1, 0);
        int column = 0;
        for (const TableCell& cell : row) {
            while (static_cast<std::size_t>(column) < taken.size() &&
                   taken[static_cast<std::size_t>(column)] > 0)
                ++column;
            const int span = std::clamp(cell.colspan, 1, 1000);
            out.places[r].push_back({column, span});
            const auto last = static_cast<std::size_t>(column + span);
            if (next.size() < last) next.resize(last, 0);
            if (cell.rowspan > 1)
                for (auto k = static_cast<std::size_t>(column); k < last; ++k)
                    next[k] = std::max(next[k], cell.rowspan - 1);
            column += span;
        }
        int end = column;
        for (std::size_t c = 0; c < taken.size(); ++c)
            if (taken[c] > 0) end = std::max(end, static_cast<int>(c) + 1);
        single[r] = row.size() == 1 && !reached_into;
        if (single[r])
            count_single = std::max(count_single, end);
        else
            count_multi = std::max(count_multi, end);
        taken = std::move(next);
    }
    out.count = count_multi > 0 ? count_multi : count_single;

    for (std::size_t r = 0; r < rows; ++r) {
        if (single[r] && out.count > 1) {
            out.places[r][0] = {0, out.count};
            out.full_width[r] = true;
        }
        for (CellPlace& place : out.places[r]) // a colspan past the table's edge stops there
            place.span = std::max(1, std::min(place.span, out.count - place.column));
    }

    // Numeric columns, from the body's own cells.
    const auto columns = static_cast<std::size_t>(std::max(out.count, 0));
    std::vector<bool> digits(columns, false), text(columns, false);
    for (std::size_t r = table.head.size(); r < rows; ++r) {
        if (out.full_width[r]) continue;
        const TableRow& row = row_at(table, r);
        for (std::size_t c = 0; c < row.size(); ++c) {
            const CellPlace& place = out.places[r][c];
            if (place.span != 1 || row[c].header || place.column < 0 ||
                static_cast<std::size_t>(place.column) >= columns)
                continue;
            const auto column = static_cast<std::size_t>(place.column);
            switch (figure_kind(plain_text(row[c].content))) {
            case FigureKind::number:
                digits[column] = true;
                break;
            case FigureKind::none:
                break;
            case FigureKind::empty:
                break; // an empty cell says nothing
            case FigureKind::text:
                text[column] = true;
                break;
            }
        }
    }
    out.numeric.assign(columns, false);
    for (std::size_t c = 0; c < columns; ++c) out.numeric[c] = digits[c] && !text[c];
    return out;
}

int column_count(const Table& table) {
    return table_columns(table).count;
}

std::vector<bool> numeric_columns(const Table& table) {
    return table_columns(table).numeric;
}

} // namespace galley::detail
