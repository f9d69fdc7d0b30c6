// Tables (issue 12): th cells in the body stay header cells, a one-cell section row spans the
// table, and numeric columns are set right-aligned with tabular figures, in the model and in
// every backend (EPUB, PDF, print). The articles here were written for these tests.
#include "galley/json.hpp"
#include "galley/read.hpp"
#include "model/table_columns.hpp"
#include "support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <sstream>

namespace galley {
namespace {

using test::TempDir;

// A sports standings table in NITF: row labels are th in the body, one section row says its
// colspan, the other does not, and L in Chicago's row is aligned by hand (left).
constexpr const char* standings_nitf = R"(<?xml version="1.0" encoding="UTF-8"?>
<nitf>
  <head><title>Harbour League standings</title></head>
  <body>
    <body.head><hedline><hl1>Harbour League standings</hl1></hedline></body.head>
    <body.content>
      <p>Boston stayed top of the Eastern Conference after a 3-2 win on Saturday.</p>
      <table>
        <caption>Standings after week 16</caption>
        <thead>
          <tr><th>Team</th><th>W</th><th>L</th><th>PCT</th><th>GB</th><th>Last</th><th>PTS</th></tr>
        </thead>
        <tbody>
          <tr><td colspan="7">EASTERN CONFERENCE</td></tr>
          <tr><th>Boston</th><td>12</td><td>4</td><td>.750</td><td>&#x2014;</td><td>3-2</td><td>105</td></tr>
          <tr><th>Toronto</th><td>8</td><td>8</td><td>.500</td><td>4</td><td>1-0</td><td>12</td></tr>
          <tr><th>Chicago</th><td>4</td><td align="left">12</td><td>.250</td><td>8</td><td>2-5</td><td>7</td></tr>
          <tr><td>WESTERN CONFERENCE</td></tr>
          <tr><th>Denver</th><td>10</td><td>6</td><td>.625</td><td>&#x2014;</td><td>0-1</td><td>88</td></tr>
          <tr><th>Portland</th><td>9</td><td>7</td><td>.563</td><td>1</td><td>4-4</td><td>64</td></tr>
        </tbody>
      </table>
      <p>The teams meet again next week.</p>
    </body.content>
  </body>
</nitf>
)";

const Table& only_table(const Article& article) {
    for (const Block& block : article.blocks)
        if (const auto* table = std::get_if<Table>(&block.node)) return *table;
    throw std::runtime_error("no table");
}

// A tool found on PATH (run_command does not search it): unzip, pdftotext.
std::string tool(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && ::access((dir + "/" + name).c_str(), X_OK) == 0)
            return dir + "/" + name;
    return name;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

// The article converted to `to` ("epub", "pdf", "print") in `dir`/out; the output's path.
std::filesystem::path convert(const TempDir& dir, const std::string& to) {
    const auto input = dir / "standings.xml";
    if (!std::filesystem::exists(input)) test::write_file(input, standings_nitf);
    auto r = test::run_command({test::cli().string(), "convert", input.string(), "--to", to, "-o",
                                (dir / "out").string()});
    EXPECT_EQ(r.status, 0) << r.err;
    if (to == "epub") return dir / "out" / "standings.epub";
    if (to == "print") return dir / "out" / "standings-print.pdf";
    return dir / "out" / "standings.pdf";
}

std::string epub_entry(const std::filesystem::path& epub, const std::string& suffix) {
    auto list = test::run_command({tool("unzip"), "-Z1", epub.string()});
    EXPECT_EQ(list.status, 0) << list.err;
    std::istringstream lines(list.out);
    std::string out;
    for (std::string entry; std::getline(lines, entry);) {
        if (!entry.ends_with(suffix) || entry.find("nav") != std::string::npos ||
            entry.find("cover") != std::string::npos)
            continue;
        out += test::run_command({tool("unzip"), "-p", epub.string(), entry}).out;
    }
    return out;
}

// The UTF-8 text as code points (pdftotext -layout places text by character column).
std::u32string code_points(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        char32_t cp = n == 1 ? b : b & (0x7F >> n);
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out += cp;
        i += n;
    }
    return out;
}

// The words of a -layout line with the column just after each (its right edge).
std::vector<std::pair<std::string, std::size_t>> words_with_ends(const std::string& line) {
    std::vector<std::pair<std::string, std::size_t>> out;
    const std::u32string cps = code_points(line);
    std::size_t byte = 0, start_byte = 0;
    bool in_word = false;
    for (std::size_t i = 0; i <= cps.size(); ++i) {
        const bool space = i == cps.size() || cps[i] == ' ';
        if (!space && !in_word) {
            in_word = true;
            start_byte = byte;
        }
        if (space && in_word) {
            in_word = false;
            out.emplace_back(line.substr(start_byte, byte - start_byte), i);
        }
        if (i < cps.size()) {
            const char32_t c = cps[i];
            byte += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        }
    }
    return out;
}

// pdftotext -layout's lines for `pdf`.
std::vector<std::string> layout_lines(const std::filesystem::path& pdf) {
    auto r = test::run_command({tool("pdftotext"), "-layout", "-enc", "UTF-8", pdf.string(), "-"});
    EXPECT_EQ(r.status, 0) << r.err;
    std::vector<std::string> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// For every team, its row's words with their right edges (the line that starts with it).
std::map<std::string, std::vector<std::pair<std::string, std::size_t>>>
team_rows(const std::vector<std::string>& lines) {
    std::map<std::string, std::vector<std::pair<std::string, std::size_t>>> rows;
    for (const std::string& line : lines) {
        auto words = words_with_ends(line);
        if (words.empty()) continue;
        for (const char* team : {"Boston", "Toronto", "Chicago", "Denver", "Portland"})
            if (words.front().first == team && words.size() == 7) rows[team] = words;
    }
    return rows;
}

// The numbers of a column end in the same character column, the label starts where the
// others do, and the section rows are there once each, on one line.
void expect_table_set_right(const std::filesystem::path& pdf) {
    const auto lines = layout_lines(pdf);
    std::string all;
    for (const auto& line : lines) all += line + "\n";
    SCOPED_TRACE(all);
    const auto rows = team_rows(lines);
    ASSERT_EQ(rows.size(), 5u);
    const auto& boston = rows.at("Boston");
    // W (12, 8, 4), PCT, Last (3-2…) and PTS (105, 12, 7, 88, 64): right edges line up.
    for (std::size_t column : {1u, 3u, 5u, 6u})
        for (const char* team : {"Toronto", "Chicago", "Denver", "Portland"}) {
            SCOPED_TRACE(std::string(team) + " column " + std::to_string(column));
            EXPECT_EQ(rows.at(team)[column].second, boston[column].second)
                << rows.at(team)[column].first << " vs " << boston[column].first;
        }
    // Row labels are set left: their first characters line up.
    EXPECT_EQ(rows.at("Boston")[0].second - 6, rows.at("Toronto")[0].second - 7);
    EXPECT_EQ(count(all, "EASTERN CONFERENCE"), 1u);
    EXPECT_EQ(count(all, "WESTERN CONFERENCE"), 1u);
    EXPECT_EQ(count(all, "EASTERN"), 1u); // not broken over two lines in a narrow column
}

} // namespace

TEST(TableFigures, WhatCountsAsAFigure) {
    using detail::figure_kind;
    using detail::FigureKind;
    for (const char* figure :
         {"12",     "1,234",   "3.5",     ".500",   "-4",    "+2",     "3-2", "3–2",
          "45%",    "$12.5",   "−9.4%",   "+14.9%", "1 234", "4½",     "½",   "(12)",
          "10-5-2", "2:03.45", "12,50 €", "₸1,200", " 7 ",   "1.234,5"})
        EXPECT_EQ(figure_kind(figure), FigureKind::number) << figure;
    for (const char* none : {"—", "–", "-", "−", "--"})
        EXPECT_EQ(figure_kind(none), FigureKind::none) << none;
    for (const char* text :
         {"Boston", "W3", "12 apples", "n/a", "x-12", "1,", ",5", "$", "%", "3-", "12%%", "Team 7"})
        EXPECT_EQ(figure_kind(text), FigureKind::text) << text;
    EXPECT_EQ(figure_kind(""), FigureKind::empty);
    EXPECT_EQ(figure_kind(" \u00A0"), FigureKind::empty);
}

TEST(TableColumns, SectionRowsSpanAndNumericColumns) {
    const ReadResult read = read_article(standings_nitf, "standings.xml");
    const Table& table = only_table(read.article);
    const detail::TableColumns columns = detail::table_columns(table);
    EXPECT_EQ(columns.count, 7);
    EXPECT_EQ(detail::column_count(table), 7);
    EXPECT_EQ(columns.numeric, (std::vector<bool>{false, true, true, true, true, true, true}));
    EXPECT_EQ(detail::numeric_columns(table), columns.numeric);
    ASSERT_EQ(columns.places.size(), 8u); // 1 head row, 7 body rows
    // Both section rows span the table, with a colspan or without.
    for (std::size_t r : {1u, 5u}) {
        EXPECT_TRUE(columns.full_width[r]) << r;
        EXPECT_EQ(columns.places[r][0].column, 0);
        EXPECT_EQ(columns.places[r][0].span, 7);
        EXPECT_FALSE(columns.numeric_cell(r, 0));
    }
    EXPECT_FALSE(columns.full_width[2]);
    EXPECT_EQ(columns.places[2][6].column, 6);
    EXPECT_TRUE(columns.numeric_cell(0, 6));  // the PTS heading sits over its figures
    EXPECT_FALSE(columns.numeric_cell(2, 0)); // Boston
    EXPECT_TRUE(columns.numeric_cell(2, 6));  // 105
}

TEST(TableColumns, RowspansTextAndEmptyCells) {
    Table table;
    const auto cell = [](std::string text, int rowspan = 1) {
        TableCell c;
        c.content = text_inlines(std::move(text));
        c.rowspan = rowspan;
        return c;
    };
    // A rowspan reaches into the next row: its one cell is no section row, and sits in
    // column 1.
    table.body.push_back({cell("Group A", 2), cell("1")});
    table.body.push_back({cell("2")});
    table.body.push_back({cell("Group B"), cell("")});
    table.body.push_back({cell("Group C"), cell("—")});
    auto columns = detail::table_columns(table);
    EXPECT_EQ(columns.count, 2);
    EXPECT_FALSE(columns.full_width[1]);
    EXPECT_EQ(columns.places[1][0].column, 1);
    EXPECT_EQ(columns.numeric, (std::vector<bool>{false, true}));

    // One word in a column of figures makes it a text column; dashes alone are not figures.
    table.body.push_back({cell("Group D"), cell("n/a")});
    EXPECT_EQ(detail::numeric_columns(table), (std::vector<bool>{false, false}));
    Table dashes;
    dashes.body.push_back({cell("A"), cell("—")});
    dashes.body.push_back({cell("B"), cell("-")});
    EXPECT_EQ(detail::numeric_columns(dashes), (std::vector<bool>{false, false}));
    // A table of one-cell rows only has one column, and no row spans anything.
    Table single;
    single.body.push_back({cell("one")});
    single.body.push_back({cell("two")});
    columns = detail::table_columns(single);
    EXPECT_EQ(columns.count, 1);
    EXPECT_FALSE(columns.full_width[0]);
}

TEST(Tables, ModelKeepsHeaderCellsInTheBody) {
    const ReadResult read = read_article(standings_nitf, "standings.xml");
    const Table& table = only_table(read.article);
    ASSERT_EQ(table.head.size(), 1u);
    ASSERT_EQ(table.body.size(), 7u);
    for (const TableCell& cell : table.head[0]) EXPECT_TRUE(cell.header);
    EXPECT_FALSE(table.body[0][0].header); // the section row is a td
    EXPECT_EQ(table.body[0][0].colspan, 7);
    EXPECT_TRUE(table.body[1][0].header); // Boston
    EXPECT_EQ(plain_text(table.body[1][0].content), "Boston");
    for (std::size_t c = 1; c < table.body[1].size(); ++c) EXPECT_FALSE(table.body[1][c].header);
    EXPECT_EQ(table.body[3][2].align, Align::left); // Chicago's L, by hand
    EXPECT_EQ(table.body[4][0].colspan, 1);         // the model says what the source said

    // And in the model's JSON, through the CLI.
    TempDir dir;
    test::write_file(dir / "standings.xml", standings_nitf);
    auto r = test::run_command({test::cli().string(), "inspect", (dir / "standings.xml").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto json = nlohmann::json::parse(r.out);
    const nlohmann::json* found = nullptr;
    std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
        if (found) return;
        if (j.is_object() && j.value("type", "") == "table")
            found = &j;
        else if (j.is_object() || j.is_array())
            for (const auto& item : j) walk(item);
    };
    walk(json);
    ASSERT_NE(found, nullptr) << r.out;
    const auto& boston = (*found)["body"][1];
    EXPECT_EQ(boston[0]["content"][0], "Boston");
    EXPECT_EQ(boston[0]["header"], true);
    EXPECT_FALSE(boston[1].contains("header"));
    EXPECT_EQ((*found)["head"][0][0]["header"], true);
}

TEST(Tables, RowsOutsideGroups) {
    // No thead or tbody: the first row of th is the head, later th cells label their rows
    // (years here: header cells never make a column numeric, so they stay labels).
    const ReadResult read = read_article(R"(<nitf><body><body.content>
      <p>Riders.</p>
      <table>
        <tr><th>Year</th><th>Riders</th></tr>
        <tr><th>2024</th><td>1,204</td></tr>
        <tr><th>2025</th><td>987</td></tr>
      </table></body.content></body></nitf>)",
                                         "riders.xml");
    const Table& table = only_table(read.article);
    ASSERT_EQ(table.head.size(), 1u);
    ASSERT_EQ(table.body.size(), 2u);
    EXPECT_TRUE(table.body[0][0].header);
    EXPECT_FALSE(table.body[0][1].header);
    const detail::TableColumns columns = detail::table_columns(table);
    EXPECT_EQ(columns.numeric, (std::vector<bool>{false, true}));
    EXPECT_EQ(detail::header_scope(table, columns, 0, 0), "col");
    EXPECT_EQ(detail::header_scope(table, columns, 1, 0), "row");
    EXPECT_EQ(detail::header_scope(table, columns, 1, 1), "");
    EXPECT_TRUE(detail::header_cell(table, 0, 1));
    EXPECT_FALSE(detail::header_cell(table, 2, 1));
}

TEST(Tables, Epub) {
    TempDir dir;
    const auto epub = convert(dir, "epub");
    const std::string xhtml = epub_entry(epub, ".xhtml");
    SCOPED_TRACE(xhtml);
    // Row labels stay th, labelling their row; the head's headings label their columns.
    EXPECT_NE(xhtml.find(R"(<th scope="row">Boston</th>)"), std::string::npos);
    EXPECT_NE(xhtml.find(R"(<th scope="row">Portland</th>)"), std::string::npos);
    EXPECT_NE(xhtml.find(R"(<th scope="col">Team</th>)"), std::string::npos);
    EXPECT_NE(xhtml.find(R"(<th scope="col" class="num">PTS</th>)"), std::string::npos);
    // Both section rows span the table's seven columns.
    EXPECT_NE(xhtml.find(R"(<td colspan="7">EASTERN CONFERENCE</td>)"), std::string::npos);
    EXPECT_NE(xhtml.find(R"(<td colspan="7">WESTERN CONFERENCE</td>)"), std::string::npos);
    // Figures, dashes for none, scores and averages are numeric cells.
    for (const char* cell : {"105", "12", "7", ".750", "\u2014", "3-2", "4"})
        EXPECT_NE(xhtml.find(std::string(R"(<td class="num">)") + cell + "</td>"),
                  std::string::npos)
            << cell;
    // A cell aligned by hand keeps its alignment, without the class.
    EXPECT_NE(xhtml.find(R"(<td style="text-align: left">12</td>)"), std::string::npos);
    EXPECT_EQ(count(xhtml, "class=\"num\""), 6u + 5u * 6u - 1u); // headings, figures, less one

    const std::string css = epub_entry(epub, ".css");
    EXPECT_NE(css.find("td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }"),
              std::string::npos)
        << css;
}

TEST(Tables, PdfSetsFiguresRight) {
    TempDir dir;
    expect_table_set_right(convert(dir, "pdf"));
}

TEST(Tables, PrintSetsFiguresRight) {
    TempDir dir;
    expect_table_set_right(convert(dir, "print"));
}

} // namespace galley
