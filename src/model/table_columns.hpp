// Internal: how a Table's cells sit on its columns, and which columns hold figures. One rule
// for the three backends (EPUB, PDF, print), so that a table is read the same way by each.
//
// Rows are numbered head rows first, then body rows, as every backend lays them out.
//
// Placing: cells go left to right, each covering `colspan` columns; a cell's `rowspan` keeps
// its columns taken in the rows below (within the head, or within the body), as HTML does.
// A row with a single cell, in a table of several columns and with no cell of an earlier row
// reaching into it, spans the whole table (a section label such as "EASTERN CONFERENCE", with
// or without a colspan saying so). The table's column count comes from its other rows.
//
// Numeric columns: a column is numeric when every body cell in it (one column wide, not a
// header cell, not empty) is a figure and at least one holds a digit. A figure is a number
// with an optional sign, currency sign, digit grouping, decimals and per cent sign (`12`,
// `1,234`, `3.5`, `.500`, `-4`, `+2`, `−9.4%`, `$12.5`, `4½`, `(12)`), numbers joined by a
// dash, colon or slash (a score `3-2`, a record `10-5-2`, a time `2:03.45`), or a dash alone
// for "none" (`—`, `–`, `-`). Numeric cells are set right-aligned with tabular figures; an
// explicit alignment on a cell wins.
#pragma once

#include "galley/article.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace galley::detail {

// Where one cell sits: its first column and how many columns it covers.
struct CellPlace {
    int column = 0;
    int span = 1;
};

struct TableColumns {
    int count = 0; // the table's columns
    // Per row (head rows, then body rows), per cell: where the cell sits.
    std::vector<std::vector<CellPlace>> places;
    std::vector<bool> numeric;    // per column: the column holds figures
    std::vector<bool> full_width; // per row: a one-cell row spanning the whole table

    // Whether cell `cell` of row `row` is set as a figure: one column wide in a numeric
    // column (head cells too, so that a column's heading sits over its figures). Explicit
    // alignment is the caller's to honour: it wins over this.
    bool numeric_cell(std::size_t row, std::size_t cell) const;
};

// Whether a cell is a header cell: every cell of a head row, and a th (TableCell::header)
// anywhere. Header cells are `th` in the style sheet's element tree.
bool header_cell(const Table& table, std::size_t row, std::size_t cell);

// The scope of a header cell: "col" in the head and in a body row of header cells only (its
// headings), "row" for a header cell beside data cells (a row's label), "" for a section row
// spanning the table and for data cells. The EPUB writes it as <th scope>, and the PDF and
// print backends give the cell's StyleElement the same attribute (header_scope_attr), so
// that `th[scope=row]` in a style sheet selects a row's labels in every backend.
std::string_view header_scope(const Table& table, const TableColumns& columns, std::size_t row,
                              std::size_t cell);
// An Attr holding scope=`scope` (null for ""), for a StyleElement; lives for the program.
const Attr* header_scope_attr(std::string_view scope);

// The table's column layout (see above).
TableColumns table_columns(const Table& table);
// The table's column count.
int column_count(const Table& table);
// Per column: whether it is numeric.
std::vector<bool> numeric_columns(const Table& table);

// What a cell's text is as a table figure.
enum class FigureKind {
    text,   // not a figure
    number, // a figure with at least one digit
    none,   // a dash standing for "none" (— – - −)
    empty,  // nothing but spaces
};
FigureKind figure_kind(std::string_view text);

// Row `row` of `table`, counting head rows first.
inline const TableRow& row_at(const Table& table, std::size_t row) {
    return row < table.head.size() ? table.head[row] : table.body[row - table.head.size()];
}

} // namespace galley::detail
