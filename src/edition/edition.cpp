// Newspaper editions: every story set through the shared layout engine as a module (one
// rectangle on the page's column grid), the modules of a page arranged by a small search, cut
// stories continued on their jump pages, folios and the nameplate, drawn by the print
// backend's Cairo renderer.
//
// A module is a story made up on a "page" of its own: span × depth, no margins, the story's
// flow set for a grid of `span` columns of the edition's column width (make_up_pages). Its
// natural depth is the least whole number of baseline-grid lines at which it fits on one such
// page (bisection). A module cut short continues, from the first element the make-up could
// not place, on the jump page.
//
// Arranging a page: the nameplate (page 1) and the fixed ads come first; briefs stack in the
// first column; then the stories, in order of importance, are placed one by one on the
// skyline of the remaining columns (a module sits where the columns it spans are free at one
// height), keeping the best few partial arrangements at each step (a beam search). A complete
// arrangement is scored by the area it leaves empty, stories cut or left without room,
// tombstones (headlines side by side at one height) and short legs. The search is
// deterministic: candidates are tried in a fixed order and ties keep the earlier one.
#include "galley/edition.hpp"

#include "edition/ads.hpp"
#include "epub/timestamp.hpp"
#include "galley/read.hpp"
#include "layout/flow.hpp"
#include "layout/layout.hpp"
#include "layout/layout_dump.hpp"
#include "layout/page_makeup.hpp"
#include "layout/paragraph.hpp"
#include "layout/shaping.hpp"
#include "print/pdf_finish.hpp"
#include "print/render.hpp"
#include "style/elements.hpp"
#include "text/display_date.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

#ifndef GALLEY_VERSION
#define GALLEY_VERSION "unknown"
#endif

namespace galley {

namespace {

using namespace detail::layout;
using namespace detail::print;
namespace fs = std::filesystem;

constexpr double epsilon = 0.01;
constexpr double infinite = std::numeric_limits<double>::infinity();
// The nameplate's depth, in baseline-grid lines.
constexpr int nameplate_lines = 7;
// A module shallower than this many grid lines (headline included) is not made.
constexpr int least_module_lines = 6;
// A gap this many grid lines deep or less under the last module of a column is white space of
// that module (vertical justification), not empty area.
constexpr int absorbed_lines = 3;
// Partial arrangements kept at each step of the search.
constexpr std::size_t beam_width = 24;
// Placement::piece of the briefs column.
constexpr std::size_t rail_piece = static_cast<std::size_t>(-1);

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void check(cairo_t* cr, const std::string& file, const char* what) {
    const cairo_status_t status = cairo_status(cr);
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error(ErrorCode::backend, file,
                    std::string("Cairo: ") + what + ": " + cairo_status_to_string(status));
}

std::string at(const EditionManifest& manifest, const Position& position) {
    std::string where = manifest.file;
    if (position.line > 0)
        where += ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
    return where;
}

int count_words(std::string_view text) {
    int words = 0;
    bool in_word = false;
    for (const char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

// The words of the lines of `elements` (a line ending in a hyphen joins the next).
int words_in(const std::vector<FlowElement>& elements) {
    std::string text;
    for (const FlowElement& e : elements)
        if (e.kind == FlowElement::Kind::line && e.line) {
            if (!text.empty() && text.back() == '-')
                text.pop_back();
            else
                text += ' ';
            text += e.line->text;
        }
    return count_words(text);
}

// The words a jump head names a story by: its slug (a NITF or NewsML-G2 slugline, or front
// matter's `slug`) when it has one, else the headline's first three words, without a small
// word or punctuation at the end.
std::string jump_head_words(const Article& article) {
    if (const std::string* slug = article.meta.head_value("slug"); slug && !slug->empty()) {
        std::string words = *slug;
        std::replace(words.begin(), words.end(), '-', ' ');
        if (!words.empty())
            words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
        return words;
    }
    static const std::set<std::string> small{"a",   "an",  "the", "of", "in", "on",   "at",  "to",
                                             "for", "and", "or",  "as", "by", "with", "from"};
    std::vector<std::string> words;
    std::istringstream in(article.meta.headline);
    for (std::string word; words.size() < 3 && in >> word;) words.push_back(word);
    const auto lower = [](std::string w) {
        for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return w;
    };
    while (words.size() > 1 && small.count(lower(words.back()))) words.pop_back();
    std::string out;
    for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
    while (!out.empty() && std::ispunct(static_cast<unsigned char>(out.back()))) out.pop_back();
    return out;
}

// Whether a module's make-up holds the whole story on its first page: nothing after it but
// spaces and anchors (a margin or a zero-height element left over), and pull quotes, which
// repeat the text and are left out of a module with no room for them (as a make-up editor
// drops one to fit the copy).
bool holds_all(const std::vector<PageLayout>& made, const Flow& flow) {
    for (std::size_t p = 1; p < made.size(); ++p) {
        for (const PlacedBlock& b : made[p].blocks)
            if (flow.placeables[b.placeable].role != "pullquote") return false;
        for (const PlacedElement& e : made[p].elements)
            if (e.block < 0 && (e.element->kind == FlowElement::Kind::line ||
                                e.element->kind == FlowElement::Kind::box))
                return false; // (what is in a block was judged with its block)
    }
    return !made.empty();
}

// --- Stories and their modules ------------------------------------------------------------

// A story's flow set for one span of columns.
struct SpanFlow {
    Flow flow;
    Grid grid;
    std::map<int, bool> fits;   // grid lines → whether the whole flow fits that deep
    std::optional<int> natural; // least lines that hold it all, once known
    bool natural_known = false;
};

// A story of the manifest (or one brief of a briefs entry), read and ready to set.
struct Story {
    std::string name; // as in the manifest; a brief: the folder entry joined with its file
    std::string file; // the path read
    Article article;
    std::size_t page = 0; // the manifest page it is listed on
    int rank = 0;         // 0: the page's lead
    bool brief = false;
    std::optional<std::size_t> jump; // the page what does not fit continues on
    std::unique_ptr<Typesetting> typesetting;
    Warnings typesetting_warnings;
    std::string classes; // the root element's class: edition-lead, -secondary, -minor, -brief
    Attr attr;
    std::map<int, std::unique_ptr<SpanFlow>> spans;
    EditionStoryReport report;
};

// A part of a story to place on a page: the whole story, or what a cut left for its jump page.
struct Piece {
    Story* story = nullptr;
    const Flow* flow = nullptr;                // null: the story's own flow for the span chosen
    int span = 0;                              // fixed for a continuation (its flow was set for it)
    int from_page = 0;                         // a continuation: the page (from 1) it comes from
    std::unique_ptr<Flow> owned;               // a continuation's flow
    Grid grid;                                 // a continuation's grid (columns set per span)
    std::map<int, Grid> grids;                 // a continuation's grid for each span tried
    std::map<std::pair<int, int>, bool> fits;  // (span, lines) → whether it fits
    std::map<int, std::optional<int>> natural; // span → least lines
    std::map<std::pair<int, int>, int> words;  // (span, lines) → body words a cut there holds
};

// A module placed by the search.
struct Placement {
    std::size_t piece = 0;
    int first_column = 0, span = 1;
    double top = 0; // sheet coordinates
    int lines = 0;  // depth in grid lines
    bool cut = false;
    bool overset = false; // cut with nowhere to continue
    double headline_top = 0, headline_bottom = 0;
};

struct Arrangement {
    std::vector<double> floors; // per column: where free space starts
    std::vector<Placement> placements;
    double penalty = 0;
};

// A module made up for drawing.
struct Module {
    Story* story = nullptr;
    const Flow* flow = nullptr;
    Grid grid;
    PageLayout page;                            // in module coordinates
    double x = 0, y = 0, width = 0, height = 0; // sheet coordinates
    bool cut = false;
    int continued_on = 0; // page number, when cut
    int from_page = 0;    // a continuation: where it comes from
    double head = 0;      // a continuation: the jump head's depth above its text
};

struct EditionPageOut {
    PageLayout base; // geometry, style, folios, nameplate, jump lines, rules
    std::vector<Module> modules;
    struct PlacedAd {
        const detail::edition::AdArtwork* art = nullptr;
        double x = 0, y = 0, width = 0, height = 0;
    };
    std::vector<PlacedAd> ads;
    EditionPageReport report;
};

class EditionMaker {
  public:
    EditionMaker(const EditionManifest& manifest, const EditionOptions& options,
                 EditionResult& result)
        : manifest_(manifest), options_(options), result_(result) {}

    void make(const EditionSinks& sinks);

  private:
    void load_style();
    void read_stories();
    void warn_or_throw(ErrorCode code, const std::string& file, const std::string& message);
    SpanFlow& span_flow(Story& story, int span);
    bool fits(Piece& piece, int span, int lines);
    std::optional<int> natural_lines(Piece& piece, int span);
    std::optional<int> search_natural(Piece& piece, int span);
    const Flow& flow_of(Piece& piece, int span);
    const Grid& grid_of(Piece& piece, int span);
    std::vector<PageLayout> make_up_module(const Flow& flow, const Grid& grid, int lines,
                                           Warnings& warnings) const;
    void make_page(std::size_t index);
    std::vector<Placement> arrange(std::vector<Piece>& pieces, const std::vector<double>& floors,
                                   const std::vector<double>& ceilings, int first_main,
                                   std::size_t page_index, std::optional<int> rail_lines);
    double headline_depth(Piece& piece, int span);
    int words_placed(Piece& piece, int span, int lines);
    int count_words_placed(Piece& piece, int span, int lines);
    int body_words(Piece& piece, int span);
    void add_text_line(Drawing& drawing, const std::string& text, const ComputedStyle& style,
                       double x, double y, double width, TextAlign align);
    ComputedStyle furniture_style(double size, bool bold, bool italic, bool serif) const;
    void draw_page(cairo_t* cr, EditionPageOut& page, PageRenderer& base,
                   std::map<const Flow*, std::unique_ptr<PageRenderer>>& renderers, bool tagged,
                   std::vector<std::string>* alts);

    const EditionManifest& manifest_;
    const EditionOptions& options_;
    EditionResult& result_;
    StyleSheet sheet_;
    const FontResolver* fonts_ = nullptr;
    ThreadShaper* shaper_ = nullptr;
    std::unique_ptr<Typesetting> furniture_ts_;
    ComputedStyle root_style_;
    Grid grid_; // the page grid
    std::vector<PageStyle> page_styles_;
    Article folio_article_; // what the folios' margin boxes read: title, date
    std::string date_display_;
    std::deque<Story> stories_;
    std::map<std::string, detail::edition::AdArtwork> ads_;
    std::vector<std::vector<Piece>> pieces_; // per page: what goes on it
    std::vector<EditionPageOut> pages_;
    std::deque<Flow> empty_flows_;
};

void EditionMaker::warn_or_throw(ErrorCode code, const std::string& file,
                                 const std::string& message) {
    if (options_.strict) throw Error(code, file, message);
    result_.warnings.push_back({file, {}, message + "; the page is made up without it"});
}

void EditionMaker::load_style() {
    if (options_.style) {
        sheet_ = *options_.style;
        return;
    }
    std::string name = manifest_.style.empty() ? "broadsheet" : manifest_.style;
    if (name.find('/') != std::string::npos || name.ends_with(".css"))
        name = (manifest_.base_dir / name).string();
    sheet_ = galley::load_style(name, result_.warnings);
}

void EditionMaker::read_stories() {
    std::set<std::string> files_seen;
    for (std::size_t p = 0; p < manifest_.pages.size(); ++p) {
        int rank = 0;
        for (const EditionStory& entry : manifest_.pages[p].stories) {
            const fs::path path = manifest_.base_dir / entry.file;
            std::vector<std::pair<std::string, fs::path>> files; // name, path
            if (entry.briefs) {
                std::error_code error;
                if (fs::is_directory(path, error)) {
                    for (const auto& item : fs::directory_iterator(path, error))
                        if (item.is_regular_file() && item.path().filename().string()[0] != '.')
                            files.emplace_back(
                                (fs::path(entry.file) / item.path().filename()).generic_string(),
                                item.path());
                } else {
                    // A glob: "*" and "?" in the file name part only.
                    const fs::path folder = path.parent_path();
                    const std::string pattern = path.filename().string();
                    const auto matches = [&](const std::string& name) {
                        std::size_t n = 0, k = 0, star = std::string::npos, mark = 0;
                        while (n < name.size()) {
                            if (k < pattern.size() && (pattern[k] == '?' || pattern[k] == name[n]))
                                ++n, ++k;
                            else if (k < pattern.size() && pattern[k] == '*')
                                star = k++, mark = n;
                            else if (star != std::string::npos)
                                k = star + 1, n = ++mark;
                            else
                                return false;
                        }
                        while (k < pattern.size() && pattern[k] == '*') ++k;
                        return k == pattern.size();
                    };
                    if (fs::is_directory(folder, error))
                        for (const auto& item : fs::directory_iterator(folder, error))
                            if (item.is_regular_file() && matches(item.path().filename().string()))
                                files.emplace_back(
                                    (fs::path(entry.file).parent_path() / item.path().filename())
                                        .generic_string(),
                                    item.path());
                }
                std::sort(files.begin(), files.end());
                if (files.empty()) {
                    warn_or_throw(ErrorCode::io, at(manifest_, entry.at),
                                  "no briefs in " + entry.file);
                    continue;
                }
            } else {
                files.emplace_back(entry.file, path);
            }
            for (const auto& [name, file] : files) {
                Story story;
                story.name = name;
                story.file = file.string();
                story.page = p;
                story.brief = entry.briefs;
                story.rank = entry.briefs ? 99 : rank;
                if (entry.jump) story.jump = static_cast<std::size_t>(*entry.jump - 1);
                try {
                    std::error_code error;
                    if (!fs::is_regular_file(file, error))
                        throw Error(ErrorCode::io, at(manifest_, entry.at),
                                    "story file not found: " + name);
                    ReadOptions read_options;
                    read_options.language = manifest_.language;
                    ReadResult read = read_article_file(story.file, read_options);
                    for (Warning& w : read.warnings) result_.warnings.push_back(std::move(w));
                    story.article = prepare_article(read.article, ImagePolicy{}, std::nullopt,
                                                    result_.warnings);
                    bool text = !story.article.meta.headline.empty();
                    for (const Block& block : story.article.blocks)
                        if (std::holds_alternative<Paragraph>(block.node)) text = true;
                    if (!text || story.article.blocks.empty())
                        throw Error(ErrorCode::invalid, story.file, "the story has no text");
                } catch (const Error& error) {
                    if (options_.strict) throw;
                    result_.warnings.push_back(
                        {error.file().empty() ? story.file : error.file(),
                         {},
                         std::string(error.message()) + "; the page is made up without it"});
                    continue;
                }
                story.classes = story.brief       ? "edition-brief"
                                : story.rank == 0 ? "edition-lead"
                                : story.rank <= 2 ? "edition-secondary"
                                                  : "edition-minor";
                story.attr.classes = {story.classes};
                story.report.story = name;
                if (!entry.briefs) files_seen.insert(name);
                stories_.push_back(std::move(story));
            }
            if (!entry.briefs) ++rank;
        }
        for (const EditionAd& ad : manifest_.pages[p].ads) {
            if (ads_.count(ad.file)) continue;
            try {
                ads_.emplace(ad.file, detail::edition::AdArtwork::load(manifest_.base_dir / ad.file,
                                                                       ad.file));
            } catch (const Error& error) {
                if (options_.strict) throw;
                result_.warnings.push_back(
                    {at(manifest_, ad.position),
                     {},
                     std::string(error.message()) + "; the page is made up without it"});
            }
        }
    }
}

SpanFlow& EditionMaker::span_flow(Story& story, int span) {
    auto found = story.spans.find(span);
    if (found != story.spans.end()) return *found->second;
    auto made = std::make_unique<SpanFlow>();
    made->grid = grid_;
    made->grid.columns = span;
    made->grid.content_width = grid_.span_width(span);
    // Photos are capped at 60 % of this height (flow_builder): a page's lead photo at 33 % of
    // the page, the others' at 27 %.
    made->grid.content_height = grid_.content_height * (story.rank == 0 ? 0.55 : 0.45);
    StyleElement root{.role = "article", .attr = &story.attr};
    root.dir = right_to_left(story.article) ? Direction::rtl : Direction::ltr;
    const ComputedStyle root_style =
        compute_style(sheet_, Medium::print, root, nullptr, &story.typesetting_warnings);
    made->flow = build_flow(story.article, sheet_, root, root_style, made->grid, *story.typesetting,
                            photo_rule(Medium::print, std::nullopt, false));
    return *story.spans.emplace(span, std::move(made)).first->second;
}

std::vector<PageLayout> EditionMaker::make_up_module(const Flow& flow, const Grid& grid, int lines,
                                                     Warnings& warnings) const {
    PageStyle style;
    style.width = grid.content_width;
    style.height = lines * grid_.baseline;
    style.margin = {0, 0, 0, 0};
    Grid module_grid = grid;
    module_grid.content_height = style.height;
    return make_up_pages(
        flow, module_grid, [&](int, PageKind) { return style; }, warnings);
}

const Flow& EditionMaker::flow_of(Piece& piece, int span) {
    if (piece.flow) return *piece.flow;
    return span_flow(*piece.story, span).flow;
}

const Grid& EditionMaker::grid_of(Piece& piece, int span) {
    if (piece.flow) {
        // Its lines are set at the column width whatever the span; what spans its columns
        // (rare after a cut) keeps the width it was set at.
        auto found = piece.grids.find(span);
        if (found == piece.grids.end()) {
            Grid grid = piece.grid;
            grid.columns = span;
            grid.content_width = grid_.span_width(span);
            found = piece.grids.emplace(span, grid).first;
        }
        return found->second;
    }
    return span_flow(*piece.story, span).grid;
}

bool EditionMaker::fits(Piece& piece, int span, int lines) {
    std::map<int, bool> scratch;
    std::map<int, bool>& known = piece.flow ? scratch : span_flow(*piece.story, span).fits;
    if (piece.flow) {
        if (auto found = piece.fits.find({span, lines}); found != piece.fits.end())
            return found->second;
    } else if (auto found = known.find(lines); found != known.end()) {
        return found->second;
    }
    Warnings ignored;
    const int head = piece.flow ? 2 : 0; // a continuation's jump head
    bool fit = false;
    if (lines > head)
        fit = holds_all(
            make_up_module(flow_of(piece, span), grid_of(piece, span), lines - head, ignored),
            flow_of(piece, span));
    if (piece.flow)
        piece.fits[{span, lines}] = fit;
    else
        known[lines] = fit;
    return fit;
}

std::optional<int> EditionMaker::natural_lines(Piece& piece, int span) {
    if (piece.flow) {
        if (auto found = piece.natural.find(span); found != piece.natural.end())
            return found->second;
    } else {
        SpanFlow& own = span_flow(*piece.story, span);
        if (own.natural_known) return own.natural;
    }
    const std::optional<int> found = search_natural(piece, span);
    if (piece.flow) {
        piece.natural[span] = found;
    } else {
        SpanFlow& own = span_flow(*piece.story, span);
        own.natural_known = true;
        own.natural = found;
    }
    return found;
}

std::optional<int> EditionMaker::search_natural(Piece& piece, int span) {
    const int most = static_cast<int>(std::floor(grid_.content_height / grid_.baseline + epsilon));
    if (!fits(piece, span, most)) return std::nullopt;
    int low = 0, high = most; // low does not fit, high does
    while (high - low > 1) {
        const int middle = (low + high) / 2;
        if (fits(piece, span, middle))
            high = middle;
        else
            low = middle;
    }
    return high;
}

double EditionMaker::headline_depth(Piece& piece, int span) {
    if (piece.flow) return 2 * grid_.baseline; // the jump head
    const Flow& flow = flow_of(piece, span);
    for (const Placeable& p : flow.placeables)
        if (p.role == "headline" || p.role == "header") return p.height;
    for (const FlowElement& e : flow.elements)
        if (e.role == "headline") return e.height;
    return grid_.baseline;
}

int EditionMaker::words_placed(Piece& piece, int span, int lines) {
    const auto known = piece.words.find({span, lines});
    if (known != piece.words.end()) return known->second;
    const int count = count_words_placed(piece, span, lines);
    piece.words[{span, lines}] = count;
    return count;
}

int EditionMaker::count_words_placed(Piece& piece, int span, int lines) {
    const int head = piece.flow ? 2 : 0;
    if (lines - head <= 0) return 0;
    Warnings ignored;
    const std::vector<PageLayout> made =
        make_up_module(flow_of(piece, span), grid_of(piece, span), lines - head, ignored);
    if (made.empty()) return 0;
    std::vector<FlowElement> placed;
    for (const PlacedElement& e : made.front().elements)
        if (e.element->role == "p") placed.push_back(*e.element);
    return words_in(placed);
}

int EditionMaker::body_words(Piece& piece, int span) {
    std::vector<FlowElement> body;
    for (const FlowElement& e : flow_of(piece, span).elements)
        if (e.role == "p") body.push_back(e);
    return words_in(body);
}

// --- Arranging a page ------------------------------------------------------------------------

std::vector<Placement> EditionMaker::arrange(std::vector<Piece>& pieces,
                                             const std::vector<double>& floors,
                                             const std::vector<double>& ceilings, int first_main,
                                             std::size_t page_index,
                                             std::optional<int> rail_lines) {
    const int columns = grid_.columns;
    const double g = grid_.baseline;
    const double origin = pages_[page_index].base.geometry.content_top();
    const auto column_x = [&](int c) {
        return pages_[page_index].base.geometry.content_left() +
               c * (grid_.column_width + grid_.gap);
    };
    const bool last_of_section = [&] {
        const std::string& section = manifest_.pages[page_index].section;
        for (std::size_t p = page_index + 1; p < manifest_.pages.size(); ++p)
            if (manifest_.pages[p].section == section) return false;
        return true;
    }();
    const auto can_continue = [&](const Piece& piece) {
        if (piece.flow) return false; // a continuation jumps once
        if (piece.story->jump) return *piece.story->jump > page_index;
        return !last_of_section;
    };
    const double area = [&] {
        double total = 0;
        for (int c = first_main; c < columns; ++c)
            total += std::max(ceilings[static_cast<std::size_t>(c)] -
                                  floors[static_cast<std::size_t>(c)],
                              0.0) *
                     grid_.column_width;
        return std::max(total, 1.0);
    }();
    const auto lines_between = [&](double top, double bottom) {
        return static_cast<int>(std::floor((bottom - top) / g + epsilon));
    };
    // Empty area a set of floors leaves: columns below their last module, less what the last
    // module absorbs as white space.
    const auto empty_area = [&](const std::vector<double>& f) {
        double empty = 0;
        for (int c = first_main; c < columns; ++c) {
            const double gap =
                ceilings[static_cast<std::size_t>(c)] - f[static_cast<std::size_t>(c)];
            if (gap > absorbed_lines * g + epsilon) empty += gap * grid_.column_width;
        }
        return empty / area;
    };
    const auto tombstones = [&](const std::vector<Placement>& placed, const Placement& next) {
        int count = 0;
        for (const Placement& other : placed) {
            const bool beside = other.first_column + other.span == next.first_column ||
                                next.first_column + next.span == other.first_column;
            if (beside && other.headline_top < next.headline_bottom - epsilon &&
                next.headline_top < other.headline_bottom - epsilon)
                ++count;
        }
        return count;
    };

    // The steps: the stories in order, and the briefs column (one module of span 1, its
    // depth the briefs stacked) right after the lead.
    std::vector<std::size_t> steps;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        steps.push_back(k);
        if (k == 0 && rail_lines) steps.push_back(rail_piece);
    }
    if (pieces.empty() && rail_lines) steps.push_back(rail_piece);

    std::vector<Arrangement> beam{Arrangement{floors, {}, 0}};
    // The next beam: the best of `next` first; stable, so that of equal scores the earlier
    // candidate stays.
    const auto keep_best = [&](std::vector<Arrangement>& next) {
        const auto score = [&](const Arrangement& a) { return a.penalty + empty_area(a.floors); };
        std::stable_sort(next.begin(), next.end(), [&](const Arrangement& x, const Arrangement& y) {
            return score(x) < score(y) - 1e-12;
        });
        if (next.size() > beam_width) next.resize(beam_width);
        beam = std::move(next);
    };
    for (const std::size_t k : steps) {
        const int main = columns - first_main;
        std::vector<Arrangement> next;
        if (k == rail_piece) {
            for (const Arrangement& state : beam) {
                bool placed_any = false;
                for (int a = first_main; a < columns; ++a) {
                    const double top = state.floors[static_cast<std::size_t>(a)];
                    const bool below = top > floors[static_cast<std::size_t>(a)] + epsilon;
                    const double module_top = below ? top + g : top;
                    const int room =
                        lines_between(module_top, ceilings[static_cast<std::size_t>(a)]);
                    if (room < least_module_lines) continue;
                    Placement p;
                    p.piece = rail_piece;
                    p.first_column = a;
                    p.span = 1;
                    p.top = module_top;
                    p.lines = std::min(*rail_lines, room);
                    p.cut = p.overset = *rail_lines > room;
                    p.headline_top = p.headline_bottom = module_top; // briefs' heads are labels
                    Arrangement child = state;
                    child.placements.push_back(p);
                    child.penalty += p.overset ? 4.0 : 0; // briefs lost, several
                    child.floors[static_cast<std::size_t>(a)] = module_top + p.lines * g;
                    next.push_back(std::move(child));
                    placed_any = true;
                }
                if (!placed_any) {
                    Arrangement child = state;
                    child.penalty += 3.0;
                    next.push_back(std::move(child));
                }
            }
            keep_best(next);
            continue;
        }
        Piece& piece = pieces[k];
        for (const Arrangement& state : beam) {
            bool placed_any = false;
            std::vector<int> spans;
            if (piece.flow) {
                for (int s = main; s >= std::min(piece.span, main); --s) spans.push_back(s);
            } else {
                const int least = piece.story->rank == 0 ? std::min(3, main) : std::min(2, main);
                for (int s = main; s >= least; --s) spans.push_back(s);
            }
            for (const int span : spans)
                for (int a = first_main; a + span <= columns; ++a) {
                    // The module sits on the highest floor of its columns; what it leaves
                    // under it in the others is a hole, empty for good.
                    double top = -infinite, ceiling = infinite, hole = 0;
                    bool below = false; // under another module: a grid line between them
                    for (int c = a; c < a + span; ++c) {
                        top = std::max(top, state.floors[static_cast<std::size_t>(c)]);
                        ceiling = std::min(ceiling, ceilings[static_cast<std::size_t>(c)]);
                    }
                    for (int c = a; c < a + span; ++c) {
                        hole +=
                            (top - state.floors[static_cast<std::size_t>(c)]) * grid_.column_width;
                        below = below || top > floors[static_cast<std::size_t>(c)] + epsilon;
                    }
                    const double module_top = below ? top + g : top;
                    const int room = lines_between(module_top, ceiling);
                    if (room < least_module_lines) continue;
                    Placement p;
                    p.piece = k;
                    p.first_column = a;
                    p.span = span;
                    p.top = module_top;
                    double penalty = hole / area;
                    std::optional<int> natural = natural_lines(piece, span);
                    if ((!natural || *natural > room) && fits(piece, span, room)) {
                        // Balanced columns and keeps do not always fit more text in more
                        // lines: the bisection's answer can be above a depth that holds it.
                        int least = room;
                        while (least > 1 && fits(piece, span, least - 1)) --least;
                        natural = least;
                    }
                    if (natural && *natural <= room) {
                        p.lines = *natural;
                    } else {
                        p.lines = room;
                        p.cut = true;
                        p.overset = !can_continue(piece);
                        penalty += p.overset ? 2.0 : 0.01;
                        // A cut that leaves only the headline (or a few lines) is no start,
                        // and one that sends on only a tagline or a few lines no jump.
                        if (!p.overset) {
                            const int placed = words_placed(piece, span, room - 1);
                            if (placed < 40) penalty += 1.0;
                            if (body_words(piece, span) - placed < 40) penalty += 1.0;
                        }
                    }
                    const double head = headline_depth(piece, span);
                    p.headline_top = module_top;
                    p.headline_bottom = module_top + head;
                    if (piece.story->rank == 0 && !piece.flow && span < main)
                        penalty += 0.002 * (main - span);
                    penalty += 0.5 * tombstones(state.placements, p);
                    // A short leg: a story whose text stands less than four lines deep.
                    if ((p.lines * g - head) / g < 4 && !p.cut) penalty += 0.05;
                    Arrangement child = state;
                    child.placements.push_back(p);
                    child.penalty += penalty;
                    for (int c = a; c < a + span; ++c)
                        child.floors[static_cast<std::size_t>(c)] = module_top + p.lines * g;
                    next.push_back(std::move(child));
                    placed_any = true;
                }
            if (!placed_any) {
                // No room for it on this page: it is left out (a warning later), at a price.
                Arrangement child = state;
                child.penalty += 3.0;
                next.push_back(std::move(child));
            }
        }
        keep_best(next);
    }
    (void)origin;
    (void)column_x;
    return beam.front().placements;
}

// --- Furniture -----------------------------------------------------------------------------

ComputedStyle EditionMaker::furniture_style(double size, bool bold, bool italic, bool serif) const {
    ComputedStyle style = root_style_;
    style.font_family = serif ? std::vector<std::string>{"Noto Serif", "DejaVu Serif", "serif"}
                              : std::vector<std::string>{"Noto Sans", "DejaVu Sans", "sans-serif"};
    style.font_size = size;
    style.line_height = std::ceil(size * 1.2);
    style.font_weight = bold ? 700 : 400;
    style.font_style = italic ? FontStyle::italic : FontStyle::normal;
    style.text_align = TextAlign::left;
    style.text_indent = 0;
    style.letter_spacing = 0;
    style.hyphens = Hyphens::none;
    return style;
}

void EditionMaker::add_text_line(Drawing& drawing, const std::string& text,
                                 const ComputedStyle& style, double x, double y, double width,
                                 TextAlign align) {
    InlineText inline_text(*furniture_ts_);
    inline_text.add(text, style);
    ParagraphFormat format = paragraph_format(*furniture_ts_, style, width);
    format.align = align;
    std::vector<TextLine> lines = inline_text.set(format);
    double top = y;
    for (const TextLine& line : lines) {
        drawing.append(line.drawing, x, top);
        top += line.height;
    }
}

// --- Making a page -------------------------------------------------------------------------

void EditionMaker::make_page(std::size_t index) {
    const EditionPage& spec = manifest_.pages[index];
    EditionPageOut& out = pages_[index];
    PageLayout& base = out.base;
    const PageGeometry& geo = base.geometry;
    const double g = grid_.baseline;
    const int columns = grid_.columns;
    const double top = geo.content_top(), bottom = geo.content_bottom();
    const auto column_x = [&](int c) {
        return geo.content_left() + c * (grid_.column_width + grid_.gap);
    };
    std::vector<double> floors(static_cast<std::size_t>(columns), top);
    std::vector<double> ceilings(static_cast<std::size_t>(columns), bottom);
    double type_area = geo.content_width() * geo.content_height();
    double covered = 0;

    // The nameplate: the title across the page, a rule, the date and the section.
    if (spec.nameplate) {
        const double depth = nameplate_lines * g;
        const ComputedStyle title = furniture_style(3.2 * g, true, false, true);
        add_text_line(base.furniture, manifest_.title, title, geo.content_left(), top,
                      geo.content_width(), TextAlign::center);
        const double rule_y = top + depth - 2 * g;
        base.furniture.add(StrokeDraw{geo.content_left(), rule_y,
                                      geo.content_left() + geo.content_width(), rule_y, 1.5,
                                      Color{0, 0, 0, 255}});
        const ComputedStyle line = furniture_style(0.75 * g, true, false, false);
        add_text_line(base.furniture, date_display_, line, geo.content_left(), rule_y + 0.25 * g,
                      geo.content_width(), TextAlign::left);
        add_text_line(base.furniture, spec.section, line, geo.content_left(), rule_y + 0.25 * g,
                      geo.content_width(), TextAlign::right);
        const double rule2 = top + depth - 0.75 * g;
        base.furniture.add(StrokeDraw{geo.content_left(), rule2,
                                      geo.content_left() + geo.content_width(), rule2, 0.5,
                                      Color{0, 0, 0, 255}});
        for (double& f : floors) f = top + depth;
        type_area -= depth * geo.content_width();
    }
    const double area_top = floors[0];

    // Ads: fixed boxes in the corners, on the grid.
    std::vector<std::pair<int, int>> ad_columns; // first, last
    for (const EditionAd& ad : spec.ads) {
        const auto art = ads_.find(ad.file);
        if (art == ads_.end()) continue; // warned when read
        const int span = ad.at == AdPlacement::bottom ? columns : ad.columns;
        const double height = std::ceil(ad.height / g - epsilon) * g;
        if (span > columns || height > (bottom - top) / 2 + epsilon) {
            warn_or_throw(ErrorCode::invalid, at(manifest_, ad.position),
                          "the ad " + ad.file + " (" + std::to_string(ad.columns) + " columns, " +
                              std::to_string(static_cast<int>(ad.height)) +
                              " pt) is larger than its page allows (" + std::to_string(columns) +
                              " columns, half the type area deep)");
            continue;
        }
        const bool right = ad.at == AdPlacement::bottom_right || ad.at == AdPlacement::top_right;
        const bool at_top = ad.at == AdPlacement::top_left || ad.at == AdPlacement::top_right;
        const int first = right ? columns - span : 0;
        // An ad sits on (or under) whatever is already in its columns: at the top, under the
        // nameplate and any ad there; at the bottom, above any ad there. It must leave room
        // for a module between it and the ads facing it.
        double highest_floor = top, lowest_ceiling = bottom;
        for (int c = first; c < first + span; ++c) {
            highest_floor = std::max(highest_floor, floors[static_cast<std::size_t>(c)]);
            lowest_ceiling = std::min(lowest_ceiling, ceilings[static_cast<std::size_t>(c)]);
        }
        const double y = at_top ? highest_floor : lowest_ceiling - height;
        const double room_above = y - (at_top ? top : highest_floor);
        const double room_below = (at_top ? lowest_ceiling : bottom) - (y + height);
        if ((at_top ? room_below : room_above) < least_module_lines * g - epsilon) {
            warn_or_throw(ErrorCode::invalid, at(manifest_, ad.position),
                          "the ad " + ad.file +
                              " does not fit beside the page's other ads: more fixed ads than the "
                              "page holds");
            continue;
        }
        EditionPageOut::PlacedAd placed;
        placed.art = &art->second;
        placed.x = column_x(first);
        placed.width = grid_.span_width(span);
        placed.height = height;
        placed.y = y;
        for (int c = first; c < first + span; ++c) {
            if (at_top)
                floors[static_cast<std::size_t>(c)] = y + height + g;
            else
                ceilings[static_cast<std::size_t>(c)] = y - g;
        }
        covered += placed.width * placed.height;
        out.ads.push_back(placed);
        ad_columns.emplace_back(first, first + span - 1);
    }

    // Briefs: one column of them, placed by the search as one module (the rail).
    std::vector<Piece>& pieces = pieces_[index];
    int first_main = 0;
    std::vector<Placement> placements;
    std::vector<std::size_t> briefs;
    for (std::size_t k = 0; k < pieces.size(); ++k)
        if (pieces[k].story->brief) briefs.push_back(k);
    std::optional<int> rail_lines;
    if (!briefs.empty()) {
        int lines = 0;
        for (std::size_t k : briefs) {
            const std::optional<int> natural = natural_lines(pieces[k], 1);
            lines += (lines > 0 ? 1 : 0) + natural.value_or(10000);
        }
        rail_lines = lines;
    }

    // The stories, by the search.
    std::vector<Piece> main_pieces;
    std::vector<std::size_t> main_index;
    for (std::size_t k = 0; k < pieces.size(); ++k)
        if (!pieces[k].story->brief) main_index.push_back(k);
    {
        std::vector<Piece*> ordered;
        for (std::size_t k : main_index) ordered.push_back(&pieces[k]);
        // arrange() works on a vector of pieces; it keeps its own order of them.
        std::vector<Piece> view;
        view.reserve(ordered.size());
        for (Piece* piece : ordered) view.push_back(std::move(*piece));
        std::vector<Placement> found =
            arrange(view, floors, ceilings, first_main, index, rail_lines);
        for (std::size_t k = 0; k < ordered.size(); ++k) *ordered[k] = std::move(view[k]);
        std::set<std::size_t> placed;
        bool rail_placed = false;
        for (Placement& p : found) {
            if (p.piece == rail_piece) {
                // The briefs, stacked in the rail's column from its top.
                rail_placed = true;
                const double rail_bottom = p.top + p.lines * g;
                double y = p.top;
                for (std::size_t k : briefs) {
                    Piece& brief = pieces[k];
                    const double top = y > p.top + epsilon ? y + g : y;
                    const int room =
                        static_cast<int>(std::floor((rail_bottom - top) / g + epsilon));
                    const std::optional<int> natural = natural_lines(brief, 1);
                    if (!natural || *natural > room) {
                        brief.story->report.overset_words = words_in(flow_of(brief, 1).elements);
                        result_.warnings.push_back({brief.story->file,
                                                    {},
                                                    "no room for this brief on page " +
                                                        std::to_string(index + 1) + ": left out"});
                        continue;
                    }
                    Placement b;
                    b.piece = k;
                    b.first_column = p.first_column;
                    b.span = 1;
                    b.top = top;
                    b.lines = *natural;
                    placements.push_back(b);
                    y = top + b.lines * g;
                }
                continue;
            }
            p.piece = main_index[p.piece];
            placements.push_back(p);
            placed.insert(p.piece);
        }
        if (!rail_placed)
            for (std::size_t k : briefs) {
                pieces[k].story->report.overset_words = words_in(flow_of(pieces[k], 1).elements);
                result_.warnings.push_back(
                    {pieces[k].story->file,
                     {},
                     "no room for the briefs on page " + std::to_string(index + 1) + ": left out"});
            }
        for (std::size_t k : main_index)
            if (!placed.count(k)) {
                Piece& piece = pieces[k];
                piece.story->report.overset_words +=
                    words_in(flow_of(piece, std::max(piece.span, 2)).elements);
                result_.warnings.push_back(
                    {piece.story->file,
                     {},
                     "no room for this story on page " + std::to_string(index + 1) + ": left out"});
            }
    }

    // The modules, made up at their depths; cut ones continue on their jump pages.
    std::vector<double> last_bottom(static_cast<std::size_t>(columns), 0);
    for (const Placement& p : placements) {
        Piece& piece = pieces[p.piece];
        Story& story = *piece.story;
        Module module;
        module.story = &story;
        module.flow = &flow_of(piece, p.span);
        module.grid = grid_of(piece, p.span);
        module.x = column_x(p.first_column);
        module.y = p.top;
        module.width = grid_.span_width(p.span);
        module.height = p.lines * g;
        module.from_page = piece.from_page;
        const double head = piece.flow ? 2 * g : 0; // the jump head above a continuation
        module.head = head;
        int text_lines = p.lines - static_cast<int>(std::round(head / g));
        std::optional<std::size_t> target;
        if (p.cut && !p.overset) {
            text_lines -= 1; // "Continued on page N" below the cut
            if (story.jump) {
                target = *story.jump;
            } else {
                const std::string& section = manifest_.pages[index].section;
                for (std::size_t q = manifest_.pages.size(); q-- > index + 1;)
                    if (manifest_.pages[q].section == section) {
                        target = q;
                        break;
                    }
            }
        }
        Warnings make_up_warnings;
        std::vector<PageLayout> made =
            make_up_module(*module.flow, module.grid, text_lines, make_up_warnings);
        module.page = std::move(made.front());
        add_columns_furniture(module.page, *module.flow, module.grid);
        if (head > 0) {
            // The jump head: "Grain Wagons, from page 1" — the story's slug when it has one,
            // else the headline's first words, not ending on a small word.
            add_text_line(base.furniture,
                          jump_head_words(story.article) + ", from page " +
                              std::to_string(piece.from_page),
                          furniture_style(1.2 * g, true, false, true), module.x, module.y,
                          module.width, TextAlign::left);
        }
        // Everything after the last element placed goes on.
        std::size_t placed_up_to = 0;
        for (const PlacedElement& e : module.page.elements)
            placed_up_to = std::max(placed_up_to, e.order + 1);
        const std::vector<FlowElement>& all = module.flow->elements;
        const bool more = std::any_of(
            all.begin() + static_cast<std::ptrdiff_t>(std::min(placed_up_to, all.size())),
            all.end(), [](const FlowElement& e) {
                return e.kind == FlowElement::Kind::line || e.kind == FlowElement::Kind::box;
            });
        if (made.size() > 1 && more) {
            std::set<std::size_t> placed_blocks;
            for (const PlacedBlock& b : module.page.blocks) placed_blocks.insert(b.placeable);
            auto rest = std::make_unique<Flow>();
            rest->placeables = module.flow->placeables;
            rest->tags = module.flow->tags;
            rest->frames = module.flow->frames;
            rest->images = module.flow->images;
            rest->headline = module.flow->headline;
            for (std::size_t i = 0; i < placed_up_to && i < all.size(); ++i)
                if (all[i].kind == FlowElement::Kind::anchor &&
                    !placed_blocks.count(all[i].placeable))
                    rest->elements.push_back(all[i]);
            for (std::size_t i = placed_up_to; i < all.size(); ++i)
                rest->elements.push_back(all[i]);
            if (target) {
                module.cut = true;
                module.continued_on = static_cast<int>(*target + 1);
                add_text_line(base.furniture, "Continued on page " + std::to_string(*target + 1),
                              furniture_style(0.75 * g, false, true, false), module.x,
                              module.y + (p.lines - 1) * g, module.width, TextAlign::right);
                Piece continuation;
                continuation.story = &story;
                continuation.span = p.span;
                continuation.from_page = static_cast<int>(index + 1);
                continuation.grid = module.grid;
                continuation.owned = std::move(rest);
                continuation.flow = continuation.owned.get();
                story.report.jumps.push_back(static_cast<int>(*target + 1));
                // Jumped text goes right after its new page's lead: it was promised a place.
                std::vector<Piece>& there = pieces_[*target];
                auto after = std::find_if(there.begin(), there.end(), [](const Piece& q) {
                    return !q.story->brief && !q.flow;
                });
                if (after != there.end()) ++after;
                while (after != there.end() && after->flow) ++after;
                there.insert(after, std::move(continuation));
            } else {
                story.report.overset_words += words_in(rest->elements);
                result_.warnings.push_back(
                    {story.file,
                     {},
                     std::to_string(words_in(rest->elements)) + " words do not fit on page " +
                         std::to_string(index + 1) +
                         " and have no jump page (set `jump:` in the manifest): overset"});
            }
        }
        // Module rectangles in the report: trim-relative.
        const double tx = geo.trim_left(), ty = geo.trim_top();
        story.report.modules.push_back({static_cast<int>(index + 1), module.x - tx, module.y - ty,
                                        module.width, module.height});
        if (!piece.flow) {
            for (const PlacedBlock& b : module.page.blocks) {
                const std::string& role = module.flow->placeables[b.placeable].role;
                if (role == "headline" || role == "header") {
                    story.report.headline =
                        EditionRect{static_cast<int>(index + 1), module.x + b.x - tx,
                                    module.y + b.y - ty, b.width, b.height};
                    break;
                }
            }
            if (!story.report.headline)
                for (const PlacedElement& e : module.page.elements)
                    if (e.element->role == "headline") {
                        story.report.headline =
                            EditionRect{static_cast<int>(index + 1), module.x + e.x - tx,
                                        module.y + e.y - ty, e.element->width, e.element->height};
                        break;
                    }
        }
        covered += module.width * module.height;
        for (int c = p.first_column; c < p.first_column + p.span; ++c)
            last_bottom[static_cast<std::size_t>(c)] =
                std::max(last_bottom[static_cast<std::size_t>(c)], module.y + module.height);
        out.modules.push_back(std::move(module));
    }

    // White space under a column's last module, when little, belongs to it.
    for (Module& module : out.modules) {
        const int first = static_cast<int>(
            std::round((module.x - geo.content_left()) / (grid_.column_width + grid_.gap)));
        const int span = static_cast<int>(
            std::round((module.width + grid_.gap) / (grid_.column_width + grid_.gap)));
        double reach = infinite;
        bool lowest = true;
        for (int c = first; c < first + span; ++c) {
            lowest = lowest &&
                     last_bottom[static_cast<std::size_t>(c)] <= module.y + module.height + epsilon;
            reach = std::min(reach, ceilings[static_cast<std::size_t>(c)]);
        }
        const double gap = reach - (module.y + module.height);
        if (lowest && gap > epsilon && gap <= absorbed_lines * g + epsilon) {
            covered += gap * module.width;
            module.height += gap;
            for (auto& r : module.story->report.modules)
                if (r.page == static_cast<int>(index + 1) &&
                    std::abs(r.x - (module.x - geo.trim_left())) < epsilon &&
                    std::abs(r.y - (module.y - geo.trim_top())) < epsilon)
                    r.height = module.height;
        }
    }

    // Rules between modules: across the top of a module below another, down the left of one
    // beside another.
    const Color black{0, 0, 0, 255};
    for (const Module& module : out.modules) {
        if (module.y > area_top + epsilon)
            base.furniture.add(StrokeDraw{module.x, module.y - g / 2, module.x + module.width,
                                          module.y - g / 2, 0.5, black});
        if (module.x > geo.content_left() + epsilon) {
            const double x = module.x - grid_.gap / 2;
            base.furniture.add(StrokeDraw{x, module.y, x, module.y + module.height, 0.5, black});
        }
    }

    out.report.page = static_cast<int>(index + 1);
    out.report.section = spec.section;
    out.report.fill = type_area > 0 ? std::min(covered / type_area, 1.0) : 0;
}

// --- Drawing -------------------------------------------------------------------------------

void EditionMaker::draw_page(cairo_t* cr, EditionPageOut& page, PageRenderer& base,
                             std::map<const Flow*, std::unique_ptr<PageRenderer>>& renderers,
                             bool tagged, std::vector<std::string>* alts) {
    base.draw_page(cr, page.base);
    for (const EditionPageOut::PlacedAd& ad : page.ads)
        ad.art->draw(cr, ad.x, ad.y, ad.width, ad.height);
    for (const Module& module : page.modules) {
        auto found = renderers.find(module.flow);
        if (found == renderers.end())
            found = renderers
                        .emplace(module.flow,
                                 std::make_unique<PageRenderer>(const_cast<Flow&>(*module.flow),
                                                                *module.story->typesetting, tagged))
                        .first;
        const std::size_t alts_before = found->second->figure_alts().size();
        found->second->draw_module(cr, module.page, module.x, module.y + module.head,
                                   page.base.number);
        if (alts) {
            const auto& all = found->second->figure_alts();
            alts->insert(alts->end(), all.begin() + static_cast<std::ptrdiff_t>(alts_before),
                         all.end());
        }
    }
}

void EditionMaker::make(const EditionSinks& sinks) {
    if (!sinks) throw Error(ErrorCode::usage, manifest_.file, "build_edition: no sinks");
    if (!(options_.dpi >= 1 && options_.dpi <= 2400))
        throw Error(ErrorCode::usage, manifest_.file,
                    "the PNG resolution must be between 1 and 2400 dpi");
    if (manifest_.pages.empty())
        throw Error(ErrorCode::invalid, manifest_.file, "the edition has no pages");
    load_style();
    fonts_ = &fonts_for(sheet_, Medium::print, result_.warnings);
    read_stories();

    folio_article_.meta.publisher = manifest_.title;
    folio_article_.meta.headline = manifest_.title;
    folio_article_.meta.date = manifest_.date;
    folio_article_.meta.language = manifest_.language;
    date_display_ = detail::display_date(folio_article_.meta);

    std::vector<std::string> files; // the PDF or layout dump, or one PNG/SVG a page
    std::optional<std::pair<std::string, PdfFinishing>> unfinished;
    {
        const std::lock_guard lock(layout_mutex());
        shaper_ = &ThreadShaper::for_config(fonts_->fontconfig());
        shaper_->begin_document();
        furniture_ts_ = std::make_unique<Typesetting>(*shaper_, *fonts_, manifest_.language,
                                                      Medium::print, result_.warnings);
        StyleElement root{.role = "article"};
        root_style_ = compute_style(sheet_, Medium::print, root, nullptr, &result_.warnings);
        const int count = static_cast<int>(manifest_.pages.size());
        pages_.resize(manifest_.pages.size());
        pieces_.resize(manifest_.pages.size());
        for (int n = 1; n <= count; ++n) {
            const PageKind kind = n == 1       ? PageKind::first
                                  : n % 2 == 0 ? PageKind::left
                                               : PageKind::right;
            PageLayout& base = pages_[static_cast<std::size_t>(n - 1)].base;
            base.number = n;
            base.kind = kind;
            base.style =
                compute_page_style(sheet_, Medium::print, kind, &root_style_, &result_.warnings);
            base.geometry = page_geometry(base.style);
            base.strings["section"] = manifest_.pages[static_cast<std::size_t>(n - 1)].section;
            base.strings["publication"] = manifest_.title;
            base.strings["date"] = date_display_;
        }
        const PageGeometry& first = pages_.front().base.geometry;
        grid_ = make_grid(root_style_, first.content_width(), first.content_height());
        if (grid_.baseline <= 0) grid_.baseline = std::max(root_style_.line_height, 1.0);
        for (Story& story : stories_) {
            story.typesetting =
                std::make_unique<Typesetting>(*shaper_, *fonts_, story.article.meta.language,
                                              Medium::print, story.typesetting_warnings);
            Piece piece;
            piece.story = &story;
            pieces_[story.page].push_back(std::move(piece));
        }
        for (std::size_t p = 0; p < pages_.size(); ++p) make_page(p);
        for (EditionPageOut& page : pages_)
            add_folios(page.base, count, folio_article_, *furniture_ts_);

        // Drawing, still under the lock (the pages hold Pango's fonts).
        Flow no_flow;
        std::map<const Flow*, std::unique_ptr<PageRenderer>> renderers;
        switch (options_.output) {
        case PrintOutput::layout: {
            std::string dump = "galley edition layout\n";
            for (const EditionPageOut& page : pages_) {
                std::ostringstream line;
                line.imbue(std::locale::classic());
                line << "page " << page.base.number << " section \"" << page.report.section
                     << "\" fill=" << std::round(page.report.fill * 1000) / 1000 << "\n";
                dump += line.str();
                for (const Module& module : page.modules) {
                    std::ostringstream m;
                    m.imbue(std::locale::classic());
                    m << "  module \"" << module.story->name << "\" x=" << module.x
                      << " y=" << module.y << " w=" << module.width << " h=" << module.height;
                    if (module.from_page) m << " from=" << module.from_page;
                    if (module.cut) m << " continued=" << module.continued_on;
                    dump += m.str() + "\n";
                    const std::string inner =
                        dump_layout(Medium::print, module.story->article, *module.flow, module.grid,
                                    std::vector<PageLayout>{module.page});
                    std::istringstream in(inner);
                    for (std::string l; std::getline(in, l);) dump += "    " + l + "\n";
                }
            }
            files.push_back(std::move(dump));
            break;
        }
        case PrintOutput::pdf: {
            std::string bytes;
            const PageGeometry& g0 = pages_.front().base.geometry;
            SurfacePtr surface(cairo_pdf_surface_create_for_stream(
                append_bytes, &bytes, g0.media_width, g0.media_height));
            cairo_pdf_surface_restrict_to_version(surface.get(), CAIRO_PDF_VERSION_1_5);
            CairoPtr cr(cairo_create(surface.get()));
            PageRenderer base(no_flow, *furniture_ts_, true);
            std::vector<std::string> alts;
            for (std::size_t i = 0; i < pages_.size(); ++i) {
                const PageGeometry& g = pages_[i].base.geometry;
                if (i > 0) {
                    cairo_show_page(cr.get());
                    cairo_pdf_surface_set_size(surface.get(), g.media_width, g.media_height);
                }
                draw_page(cr.get(), pages_[i], base, renderers, true, &alts);
                check(cr.get(), manifest_.file, "drawing a page");
                const std::string link = "page=" + std::to_string(i + 1) + " pos=[0 0]";
                cairo_pdf_surface_add_outline(
                    surface.get(), CAIRO_PDF_OUTLINE_ROOT,
                    (std::to_string(i + 1) + " " + manifest_.pages[i].section).c_str(),
                    link.c_str(), cairo_pdf_outline_flags_t(0));
            }
            base.finish(cr.get());
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                           (manifest_.title + ", " + date_display_).c_str());
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR,
                                           "galley " GALLEY_VERSION);
            std::optional<std::int64_t> created = options_.created;
            if (!created) created = detail::source_date_epoch();
            if (!created) created = detail::parse_iso8601(manifest_.date);
            const std::string date = detail::format_utc(created.value_or(0));
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                           date.c_str());
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE,
                                           date.c_str());
            cr.reset();
            cairo_surface_finish(surface.get());
            if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
                throw Error(ErrorCode::backend, manifest_.file, "Cairo: cannot write the PDF");
            surface.reset();
            PdfFinishing finishing;
            for (const EditionPageOut& page : pages_) {
                const PageGeometry& g = page.base.geometry;
                finishing.pages.push_back({g.media_width, g.media_height, g.trim_left(),
                                           g.trim_top(), g.trim_width, g.trim_height, g.bleed});
            }
            finishing.language = manifest_.language;
            finishing.figure_alts = std::move(alts);
            finishing.keep_dates = created.has_value();
            unfinished.emplace(std::move(bytes), std::move(finishing));
            break;
        }
        case PrintOutput::png:
        case PrintOutput::svg: {
            PageRenderer base(no_flow, *furniture_ts_, false);
            for (EditionPageOut& page : pages_) {
                const PageGeometry& g = page.base.geometry;
                std::string bytes;
                SurfacePtr surface;
                double scale = 1;
                if (options_.output == PrintOutput::png) {
                    scale = options_.dpi / 72.0;
                    surface.reset(cairo_image_surface_create(
                        CAIRO_FORMAT_RGB24,
                        std::max(1, static_cast<int>(std::ceil(g.media_width * scale - 1e-9))),
                        std::max(1, static_cast<int>(std::ceil(g.media_height * scale - 1e-9)))));
                } else {
                    surface.reset(cairo_svg_surface_create_for_stream(
                        append_bytes, &bytes, g.media_width, g.media_height));
                }
                CairoPtr cr(cairo_create(surface.get()));
                cairo_set_source_rgb(cr.get(), 1, 1, 1);
                cairo_paint(cr.get());
                cairo_scale(cr.get(), scale, scale);
                draw_page(cr.get(), page, base, renderers, false, nullptr);
                check(cr.get(), manifest_.file, "drawing a page");
                cr.reset();
                if (options_.output == PrintOutput::png) {
                    if (cairo_surface_write_to_png_stream(surface.get(), append_bytes, &bytes) !=
                        CAIRO_STATUS_SUCCESS)
                        throw Error(ErrorCode::backend, manifest_.file,
                                    "Cairo: cannot write a PNG page");
                } else {
                    cairo_surface_finish(surface.get());
                }
                surface.reset();
                files.push_back(std::move(bytes));
            }
            break;
        }
        }
        for (Story& story : stories_) {
            for (Warning& w : story.typesetting_warnings) {
                if (w.file.empty()) w.file = story.file;
                result_.warnings.push_back(std::move(w));
            }
            story.spans.clear();
        }
        for (const EditionPageOut& page : pages_) result_.pages.push_back(page.report);
        for (auto& page_pieces : pieces_) page_pieces.clear();
        pages_.clear();
    }
    if (unfinished) files.push_back(finish_pdf(unfinished->first, unfinished->second));

    for (const Story& story : stories_) result_.stories.push_back(story.report);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const bool one =
            options_.output == PrintOutput::pdf || options_.output == PrintOutput::layout;
        std::unique_ptr<Sink> sink = sinks(one ? 0 : static_cast<int>(i + 1));
        sink->write(files[i]);
        sink->finish();
    }
}

} // namespace

EditionResult build_edition(const EditionManifest& manifest, const EditionOptions& options,
                            const EditionSinks& sinks) {
    EditionResult result;
    EditionMaker maker(manifest, options, result);
    maker.make(sinks);
    return result;
}

} // namespace galley
