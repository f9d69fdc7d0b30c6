#include "layout/layout.hpp"
#include "style/elements.hpp"

#include "epub/timestamp.hpp"
#include "image/image_detail.hpp"
#include "layout/shaping.hpp"
#include "text/direction.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

namespace galley::detail::layout {

namespace {

// --- Furniture ----------------------------------------------------------------------------

void add_stroke(Drawing& drawing, double x1, double y1, double x2, double y2,
                const BorderSide& side) {
    if (!side.visible()) return;
    drawing.add(StrokeDraw{x1, y1, x2, y2, side.width, side.color});
}

// The margin boxes of `page` (one of `page_count`), set and placed on the sheet.
void add_margin_boxes(Drawing& drawing, const PageLayout& page, int page_count,
                      const Article& article, Typesetting& typesetting) {
    const PageGeometry& g = page.geometry;
    const PageStyle& style = page.style;
    if (style.margin_boxes.empty()) return;

    struct Box {
        const MarginBox* box = nullptr;
        std::string text;
        double natural = 0;
        double x = 0, y = 0, width = 0, height = 0;
    };
    std::vector<Box> boxes;
    for (const MarginBox& margin_box : style.margin_boxes) {
        ContentContext context;
        context.page = page.number;
        context.pages = page_count;
        context.named_string = [&](std::string_view name) -> std::string {
            if (auto found = page.strings.find(std::string(name)); found != page.strings.end())
                return found->second;
            return article_string(article, name);
        };
        Box box;
        box.box = &margin_box;
        box.text = render_content(margin_box.style.content, context);
        if (box.text.empty() && !margin_box.style.border.bottom.visible() &&
            !margin_box.style.border.top.visible())
            continue;
        InlineText text(typesetting);
        text.add(box.text, margin_box.style);
        box.natural =
            text.natural_width() + margin_box.style.padding.left + margin_box.style.padding.right;
        boxes.push_back(std::move(box));
    }

    // Widths along the top and bottom edges: the centre box centred on the page, the left and
    // right boxes sharing the rest (or, without a centre box, the whole width by their content).
    const double left = g.content_left(), width = g.content_width(), right = left + width;
    const auto find = [&](MarginBoxPosition position) -> Box* {
        for (Box& box : boxes)
            if (box.box->position == position) return &box;
        return nullptr;
    };
    const auto lay_row = [&](MarginBoxPosition l, MarginBoxPosition c, MarginBoxPosition r,
                             double y, double h) {
        Box* lb = find(l);
        Box* cb = find(c);
        Box* rb = find(r);
        if (cb) {
            const double w = std::min(width, std::max(cb->natural, width / 3));
            cb->x = left + (width - w) / 2, cb->width = w;
            if (lb) lb->x = left, lb->width = cb->x - left;
            if (rb) rb->x = cb->x + w, rb->width = right - (cb->x + w);
        } else if (lb && rb) {
            const double total = std::max(lb->natural + rb->natural, 1.0);
            const double lw = lb->natural + (width - total) * lb->natural / total;
            lb->x = left, lb->width = lw;
            rb->x = left + lw, rb->width = width - lw;
        } else {
            if (lb) lb->x = left, lb->width = width;
            if (rb) rb->x = left, rb->width = width;
        }
        for (Box* box : {lb, cb, rb})
            if (box) box->y = y, box->height = h;
    };
    const double top_y = g.trim_top(), top_h = g.margin.top;
    const double bottom_y = g.content_bottom(), bottom_h = g.margin.bottom;
    lay_row(MarginBoxPosition::top_left, MarginBoxPosition::top_center,
            MarginBoxPosition::top_right, top_y, top_h);
    lay_row(MarginBoxPosition::bottom_left, MarginBoxPosition::bottom_center,
            MarginBoxPosition::bottom_right, bottom_y, bottom_h);
    const double third = g.content_height() / 3;
    for (Box& box : boxes) {
        using P = MarginBoxPosition;
        switch (box.box->position) {
        case P::top_left_corner:
            box.x = g.trim_left(), box.y = top_y, box.width = g.margin.left, box.height = top_h;
            break;
        case P::top_right_corner:
            box.x = right, box.y = top_y, box.width = g.margin.right, box.height = top_h;
            break;
        case P::bottom_left_corner:
            box.x = g.trim_left(), box.y = bottom_y, box.width = g.margin.left,
            box.height = bottom_h;
            break;
        case P::bottom_right_corner:
            box.x = right, box.y = bottom_y, box.width = g.margin.right, box.height = bottom_h;
            break;
        case P::left_top:
        case P::left_middle:
        case P::left_bottom:
            box.x = g.trim_left(), box.width = g.margin.left, box.height = third;
            box.y = g.content_top() +
                    third * (static_cast<int>(box.box->position) - static_cast<int>(P::left_top));
            break;
        case P::right_top:
        case P::right_middle:
        case P::right_bottom:
            box.x = right, box.width = g.margin.right, box.height = third;
            box.y = g.content_top() +
                    third * (static_cast<int>(box.box->position) - static_cast<int>(P::right_top));
            break;
        default:
            break;
        }
    }

    for (const Box& box : boxes) {
        const ComputedStyle& s = box.box->style;
        const double inner_x = box.x + s.padding.left;
        const double inner_width = std::max(box.width - s.padding.left - s.padding.right, 1.0);
        if (!box.text.empty()) {
            InlineText text(typesetting);
            text.add(box.text, s);
            ParagraphFormat format = paragraph_format(typesetting, s, inner_width);
            if (format.align == TextAlign::justify) format.align = TextAlign::left;
            std::vector<TextLine> lines = text.set(format);
            double height = 0;
            for (const TextLine& line : lines) height += line.height;
            // Centred in the box, padding kept: the box's content sits between its paddings.
            const double inner_top = box.y + s.padding.top;
            const double inner_height =
                std::max(box.height - s.padding.top - s.padding.bottom, height);
            double y = inner_top + (inner_height - height) / 2;
            for (TextLine& line : lines) {
                drawing.append(line.drawing, inner_x, y);
                y += line.height;
            }
        }
        const Borders& b = s.border;
        add_stroke(drawing, box.x, box.y + b.top.width / 2, box.x + box.width,
                   box.y + b.top.width / 2, b.top);
        const double y = box.y + box.height - b.bottom.width / 2;
        add_stroke(drawing, box.x, y, box.x + box.width, y, b.bottom);
    }
}

// Box backgrounds and side borders, one piece per run of elements of a frame in a column.
void add_frames(Drawing& drawing, const PageLayout& page, const Flow& flow) {
    const auto& elements = page.elements;
    for (std::size_t i = 0; i < elements.size();) {
        const int frame = elements[i].element->frame;
        std::size_t j = i + 1;
        while (j < elements.size() && elements[j].element->frame == frame &&
               elements[j].column == elements[i].column)
            ++j;
        if (frame >= 0) {
            const Frame& f = flow.frames[static_cast<std::size_t>(frame)];
            const double x = elements[i].x - elements[i].element->x + f.x;
            const double top = elements[i].y;
            const double bottom = elements[j - 1].y + elements[j - 1].element->height;
            if (!f.background.transparent())
                drawing.add(RectDraw{x, top, f.width, bottom - top, f.background});
            add_stroke(drawing, x + f.left.width / 2, top, x + f.left.width / 2, bottom, f.left);
            add_stroke(drawing, x + f.width - f.right.width / 2, top,
                       x + f.width - f.right.width / 2, bottom, f.right);
        }
        i = j;
    }
}

// --- Runts ---------------------------------------------------------------------------------

// A paragraph's lines as the flow holds them, to compare two settings of it.
struct ParagraphLines {
    int lines = 0;
    double badness = 0;     // the sum of its lines' 100 |ratio|³
    double loosest = 0;     // the highest adjustment ratio of its lines
    double tightest = 0;    // the lowest
    double last_fill = 0;   // how much of the measure its last line takes
    bool by_breaker = true; // no line of it set by Pango (which knows no looseness)
};

// Paragraphs longer than this are not set a line shorter: the breaker's work with looseness
// grows with the lines, and a line is cheaper to find in shorter ones.
constexpr int longest_tightened = 40;

// Per block number, the body paragraphs (role p) in the columns of `flow`.
std::map<std::size_t, ParagraphLines> paragraph_lines(const Flow& flow) {
    std::map<std::size_t, ParagraphLines> paragraphs;
    for (const FlowElement& e : flow.elements) {
        if (e.kind != FlowElement::Kind::line || e.role != "p" || !e.line) continue;
        ParagraphLines& p = paragraphs[e.block];
        const LineFacts& facts = *e.line;
        const double ratio = facts.ratio;
        p.badness += 100 * std::pow(std::abs(ratio), 3);
        p.loosest = p.lines == 0 ? ratio : std::max(p.loosest, ratio);
        p.tightest = p.lines == 0 ? ratio : std::min(p.tightest, ratio);
        p.last_fill = facts.width > 0 ? facts.natural / facts.width : 1;
        p.by_breaker = p.by_breaker && !facts.pango;
        ++p.lines;
    }
    return paragraphs;
}

// Sets the flow again with some paragraphs a line shorter.
using BuildFlow = std::function<Flow(const Tightening& tightened)>;
// Makes up a flow's pages, with the make-up's warnings.
using MakeUp = std::function<std::vector<PageLayout>(const Flow& flow, Warnings& warnings)>;

// One attempt of pull_back_runt, with the paragraphs' own limits or (`tighter`) with the
// wider ones of Tightening::tighter; whether it removed the page.
bool pull_back(Flow& flow, std::vector<PageLayout>& pages, Warnings& warnings,
               const BuildFlow& build, const MakeUp& make_up, bool tighter) {
    const std::size_t page_count = pages.size();
    const std::map<std::size_t, ParagraphLines> original = paragraph_lines(flow);
    Tightening candidates{{}, tighter};
    for (const auto& [block, paragraph] : original)
        if (paragraph.lines > 1 && paragraph.lines <= longest_tightened && paragraph.by_breaker)
            candidates.paragraphs.insert(block);
    if (candidates.paragraphs.empty()) return false;

    // Every candidate a line shorter: whether that removes the page, and which can be.
    const Flow all = build(candidates);
    Warnings all_warnings;
    if (make_up(all, all_warnings).size() >= page_count) return false;
    struct Saving {
        std::size_t block = 0;
        double cost = 0;      // the badness it adds
        double last_fill = 0; // how full its last line was
    };
    std::vector<Saving> savings;
    const std::map<std::size_t, ParagraphLines> tightened = paragraph_lines(all);
    for (const std::size_t block : candidates.paragraphs) {
        const ParagraphLines& before = original.at(block);
        const auto found = tightened.find(block);
        if (found == tightened.end()) continue;
        const ParagraphLines& after = found->second;
        if (after.lines >= before.lines || after.tightest < -1 - 1e-9 ||
            after.loosest > std::max(before.loosest, 1.0) + 1e-9)
            continue;
        savings.push_back({block, after.badness - before.badness, before.last_fill});
    }
    if (savings.empty()) return false;
    // The cheapest first; of equal cost, the one whose last line was shortest.
    std::sort(savings.begin(), savings.end(), [](const Saving& a, const Saving& b) {
        if (a.cost != b.cost) return a.cost < b.cost;
        if (a.last_fill != b.last_fill) return a.last_fill < b.last_fill;
        return a.block < b.block;
    });
    const auto cheapest = [&](std::size_t count) {
        Tightening blocks{{}, tighter};
        for (std::size_t k = 0; k < count; ++k) blocks.paragraphs.insert(savings[k].block);
        return blocks;
    };

    // The fewest of them that remove the page: the first `high` do, the first `low` do not.
    std::size_t low = 0, high = savings.size();
    std::optional<Flow> best;
    std::vector<PageLayout> best_pages;
    Warnings best_warnings;
    while (high - low > 1) {
        const std::size_t middle = (low + high) / 2;
        Flow trial = build(cheapest(middle));
        Warnings trial_warnings;
        std::vector<PageLayout> trial_pages = make_up(trial, trial_warnings);
        if (trial_pages.size() < page_count) {
            high = middle;
            best = std::move(trial);
            best_pages = std::move(trial_pages);
            best_warnings = std::move(trial_warnings);
        } else {
            low = middle;
        }
    }
    if (!best) {
        // All of them: set again without the candidates that saved nothing.
        best = build(cheapest(high));
        best_pages = make_up(*best, best_warnings);
        if (best_pages.size() >= page_count) return false;
    }
    flow = std::move(*best);
    pages = std::move(best_pages);
    warnings = std::move(best_warnings);
    return true;
}

// Pulls a runt last page (last_page_is_runt) back onto the pages before it, as TeX's
// \looseness -1 does: body paragraphs are set one line shorter where the breaker can within
// its limits (never an overfull line; no line looser than its first pass allows unless the
// paragraph had one already), the cheapest first, and the pages made up again. Every
// paragraph a line shorter is tried first (one layout): if the page stays, nothing at those
// limits removes it. Otherwise the fewest of the cheapest that remove it are found by
// bisection: a handful of layouts more, only for an article that ends in a runt. When the
// paragraphs' own limits cannot remove the page, the same is tried once more with tighter
// glyph scaling and letter spacing (Tightening::tighter); if that cannot either, `flow`,
// `pages` and `warnings` (the make-up's) are kept and the page stays.
void pull_back_runt(Flow& flow, std::vector<PageLayout>& pages, Warnings& warnings,
                    const BuildFlow& build, const MakeUp& make_up) {
    if (!last_page_is_runt(pages)) return;
    if (pull_back(flow, pages, warnings, build, make_up, false)) return;
    pull_back(flow, pages, warnings, build, make_up, true);
}

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(g_utf8_strlen(text.data(), static_cast<gssize>(text.size())));
}

} // namespace

LaidOut lay_out(const Article& article, const StyleSheet& sheet, Typesetting& typesetting,
                Warnings& warnings, const ResolutionRule& photos) {
    const Medium medium = typesetting.medium();
    StyleElement root{.role = "article"};
    // The article's direction, from its language (the sheet's `direction` may override it);
    // every element inherits it, and the cascade turns start and end into sides by it.
    root.dir = right_to_left(article) ? Direction::rtl : Direction::ltr;
    const ComputedStyle root_style = compute_style(sheet, medium, root, nullptr, &warnings);
    std::map<PageKind, PageStyle> page_styles;
    const auto page_style = [&](int, PageKind kind) {
        auto found = page_styles.find(kind);
        if (found == page_styles.end())
            found =
                page_styles
                    .emplace(kind, compute_page_style(sheet, medium, kind, &root_style, &warnings))
                    .first;
        return found->second;
    };
    const PageGeometry first = page_geometry(page_style(1, PageKind::first));
    LaidOut result;
    // Columns are set at the first page's width; pages after it use the same grid.
    result.grid = make_grid(root_style, first.content_width(), first.content_height());
    result.grid.right_to_left = root_style.direction == Direction::rtl;
    const auto build = [&](const Tightening& tightened) {
        return build_flow(article, sheet, root, root_style, result.grid, typesetting, photos,
                          tightened);
    };
    const auto make_up = [&](const Flow& flow, Warnings& make_up_warnings) {
        return make_up_pages(flow, result.grid, page_style, make_up_warnings);
    };
    result.flow = build({});
    Warnings make_up_warnings;
    result.pages = make_up(result.flow, make_up_warnings);
    pull_back_runt(result.flow, result.pages, make_up_warnings, build, make_up);
    warnings.insert(warnings.end(), make_up_warnings.begin(), make_up_warnings.end());
    const int count = static_cast<int>(result.pages.size());
    for (PageLayout& page : result.pages) {
        add_margin_boxes(page.furniture, page, count, article, typesetting);
        add_columns_furniture(page, result.flow, result.grid);
    }
    return result;
}

void add_columns_furniture(PageLayout& page, const Flow& flow, const Grid& grid) {
    for (const RuleSegment& rule : page.rules)
        add_stroke(page.furniture, rule.x, rule.top, rule.x, rule.bottom, grid.rule);
    add_frames(page.furniture, page, flow);
}

void add_folios(PageLayout& page, int page_count, const Article& article,
                Typesetting& typesetting) {
    add_margin_boxes(page.furniture, page, page_count, article, typesetting);
}

const StyleSheet& bundled_default_style() {
    static const StyleSheet sheet = [] {
        Warnings warnings;
        return load_style("default", warnings);
    }();
    return sheet;
}

const FontResolver& fonts_for(const StyleSheet& sheet, Medium medium, Warnings& warnings) {
    const std::vector<FontFace> faces = font_faces(sheet, medium);
    if (faces.empty()) return FontResolver::shared();
    std::string key;
    for (const FontFace& face : faces) {
        key += face.family + '\n' + std::to_string(face.weight_min) + '-' +
               std::to_string(face.weight_max) + (face.style == FontStyle::normal ? "n" : "i") +
               '\n';
        for (const FontSource& source : face.sources)
            key += source.path.string() + '|' + source.local_name + '|' + source.format + '\n';
        key += '\x1e';
    }
    struct Entry {
        std::unique_ptr<FontResolver> resolver;
        Warnings warnings;
    };
    static std::mutex mutex;
    static std::map<std::string, Entry> resolvers;
    std::lock_guard lock(mutex);
    auto found = resolvers.find(key);
    if (found == resolvers.end()) {
        Entry entry;
        entry.resolver = std::make_unique<FontResolver>(faces, entry.warnings, sheet.file());
        found = resolvers.emplace(key, std::move(entry)).first;
    }
    warnings.insert(warnings.end(), found->second.warnings.begin(), found->second.warnings.end());
    return *found->second.resolver;
}

Article prepare_article(const Article& original, const ImagePolicy& policy,
                        std::optional<double> min_ppi, Warnings& warnings) {
    if (min_ppi && !(*min_ppi > 0 && std::isfinite(*min_ppi)))
        throw Error(ErrorCode::usage, original.source_path,
                    "the lowest photo resolution (min_ppi) must be a number of pixels per inch "
                    "above 0");
    Article article = original;
    drop_unusable_images(article, warnings, policy);
    detail::prepare_figure_images(article, policy);
    fill_figures_from_image_metadata(article, warnings, policy);
    return article;
}

ResolutionRule photo_rule(Medium medium, std::optional<double> min_ppi, bool upscale) {
    ResolutionRule rule;
    rule.medium = to_string(medium);
    rule.min_ppi =
        min_ppi.value_or(medium == Medium::pdf ? default_pdf_min_ppi : default_print_min_ppi);
    rule.upscale = upscale;
    return rule;
}

void lay_out_and_draw(const Article& article, const StyleSheet& sheet, const FontResolver& fonts,
                      Medium medium, const ResolutionRule& photos, Warnings& warnings,
                      const std::function<void(LaidOut&, Typesetting&)>& draw) {
    const std::lock_guard lock(layout_mutex());
    ThreadShaper& shaper = ThreadShaper::for_config(fonts.fontconfig());
    shaper.begin_document();
    Typesetting typesetting(shaper, fonts, article.meta.language, medium, warnings);
    LaidOut laid_out = lay_out(article, sheet, typesetting, warnings, photos);
    if (laid_out.pages.empty())
        throw Error(ErrorCode::internal, article.source_path, "no page was made up");
    draw(laid_out, typesetting);
}

std::mutex& layout_mutex() {
    static std::mutex mutex;
    return mutex;
}

bool right_to_left(const Article& article) {
    if (!article.meta.language.empty()) return is_right_to_left_language(article.meta.language);
    std::string sample = article.meta.headline;
    for (const Block& block : article.blocks)
        if (const auto* paragraph = std::get_if<Paragraph>(&block.node)) {
            sample += ' ' + plain_text(paragraph->content);
            break;
        }
    return script_kind(sample) == ScriptKind::right_to_left;
}

std::optional<std::int64_t> creation_time(std::optional<std::int64_t> given, const Article& article,
                                          Warnings& warnings) {
    if (given) return std::max<std::int64_t>(*given, 0);
    if (const auto epoch = detail::source_date_epoch()) return *epoch;
    if (article.meta.date.empty()) return std::nullopt;
    if (const auto seconds = detail::parse_iso8601(article.meta.date))
        return std::max<std::int64_t>(*seconds, 0);
    warnings.push_back(
        {article.source_path,
         {},
         "date '" + article.meta.date + "' is not an ISO 8601 date; the PDF has no creation date"});
    return std::nullopt;
}

std::vector<std::pair<int, std::string>> glyph_texts(const char* text, const PangoGlyphItem& run) {
    const PangoItem* item = run.item;
    const PangoGlyphString* glyphs = run.glyphs;
    const int count = glyphs->num_glyphs;
    std::vector<std::pair<int, std::string>> out;
    if (count == 0) return out;
    const bool backward = item->analysis.level % 2 == 1;
    // Pango's clusters in logical order: [first glyph, glyph count) and their bytes.
    struct Span {
        int first = 0, glyphs = 0;
        int begin = 0, end = 0; // bytes of the run's text
    };
    std::vector<Span> spans;
    for (int g = 0; g < count;) {
        int h = g;
        while (h < count && glyphs->log_clusters[h] == glyphs->log_clusters[g]) ++h;
        spans.push_back({g, h - g, glyphs->log_clusters[g], 0});
        g = h;
    }
    if (backward) std::reverse(spans.begin(), spans.end());
    for (std::size_t s = 0; s < spans.size(); ++s)
        spans[s].end = s + 1 < spans.size() ? spans[s + 1].begin : item->length;
    const char* run_text = text + item->offset;
    const auto advances = [&](const Span& span) {
        for (int g = span.first; g < span.first + span.glyphs; ++g)
            if (glyphs->glyphs[g].geometry.width != 0) return true;
        return false;
    };
    // A letter or mark drawn by a glyph that takes no room (the alef of a lam-alef, drawn by
    // the lam's glyph; an accent over its base) belongs to the glyph before it: text
    // extraction reads a zero-width glyph placed back over its base as a new word.
    std::vector<Span> merged;
    for (const Span& span : spans) {
        if (!merged.empty() && !advances(span)) {
            Span& previous = merged.back();
            previous.first = std::min(previous.first, span.first);
            previous.glyphs += span.glyphs;
            previous.end = span.end;
            continue;
        }
        merged.push_back(span);
    }

    for (const Span& span : merged) {
        const int n = span.glyphs;
        // The k-th glyph of the span in logical order.
        const auto glyph = [&](int k) {
            return backward ? span.first + n - 1 - k : span.first + k;
        };
        std::string mapped(run_text + span.begin, static_cast<std::size_t>(span.end - span.begin));
        const std::size_t count_chars = code_points(mapped);
        if (count_chars == 1 && n > 1) {
            // One character drawn as a base and marks (alef and hamza): decomposed, one each.
            gchar* decomposed = g_utf8_normalize(mapped.data(), static_cast<gssize>(mapped.size()),
                                                 G_NORMALIZE_NFD);
            if (decomposed != nullptr && code_points(decomposed) == static_cast<std::size_t>(n))
                mapped = decomposed;
            g_free(decomposed);
        }
        // Several characters drawn by as many glyphs map one to one, unless one of the glyphs
        // takes no room (a ligature drawn by its first glyph and an empty second one).
        bool all_advance = true;
        for (int g = span.first; g < span.first + n; ++g)
            if (glyphs->glyphs[g].geometry.width == 0) all_advance = false;
        const bool one_to_one =
            code_points(mapped) == static_cast<std::size_t>(n) &&
            (count_chars == 1 || (count_chars == static_cast<std::size_t>(n) && all_advance));
        if (one_to_one) {
            int k = 0;
            for (const char* p = mapped.data(); p < mapped.data() + mapped.size(); ++k) {
                const char* next = g_utf8_next_char(p);
                out.emplace_back(glyph(k), std::string(p, static_cast<std::size_t>(next - p)));
                p = next;
            }
            continue;
        }
        // A ligature (lam-alef and the like, however many glyphs the font draws it with): the
        // first glyph that advances carries every character, the others none.
        int carrier = 0;
        for (int k = 0; k < n; ++k)
            if (glyphs->glyphs[glyph(k)].geometry.width != 0) {
                carrier = k;
                break;
            }
        for (int k = 0; k < n; ++k) out.emplace_back(glyph(k), k == carrier ? mapped : "");
    }
    return out;
}

} // namespace galley::detail::layout

namespace galley::detail::layout {

namespace {

// The foreground colour a run's attributes give, if any.
std::optional<Color> run_color(const PangoItem* item) {
    std::optional<Color> color;
    for (GSList* node = item->analysis.extra_attrs; node != nullptr; node = node->next) {
        const auto* attribute = static_cast<const PangoAttribute*>(node->data);
        if (attribute->klass->type == PANGO_ATTR_FOREGROUND) {
            const PangoColor& c = reinterpret_cast<const PangoAttrColor*>(attribute)->color;
            color = Color{
                static_cast<std::uint8_t>(c.red / 257), static_cast<std::uint8_t>(c.green / 257),
                static_cast<std::uint8_t>(c.blue / 257), color ? color->a : std::uint8_t{255}};
        } else if (attribute->klass->type == PANGO_ATTR_FOREGROUND_ALPHA) {
            if (!color) color = Color{0, 0, 0, 255};
            color->a = static_cast<std::uint8_t>(
                reinterpret_cast<const PangoAttrInt*>(attribute)->value / 257);
        }
    }
    return color;
}

} // namespace

Drawing placeholder_drawing(const PlaceholderDraw& box) {
    Drawing drawing;
    const double x = box.x, y = box.y, w = box.width, h = box.height;
    drawing.add(RectDraw{x, y, w, h, Color{230, 230, 224, 255}});
    const Color line{184, 184, 179, 255};
    const double t = 0.5;
    drawing.add(StrokeDraw{x, y + t / 2, x + w, y + t / 2, t, line});
    drawing.add(StrokeDraw{x, y + h - t / 2, x + w, y + h - t / 2, t, line});
    drawing.add(StrokeDraw{x + t / 2, y, x + t / 2, y + h, t, line});
    drawing.add(StrokeDraw{x + w - t / 2, y, x + w - t / 2, y + h, t, line});
    drawing.add(StrokeDraw{x, y, x + w, y + h, t, line});
    drawing.add(StrokeDraw{x + w, y, x, y + h, t, line});
    return drawing;
}

std::vector<LineRun> line_runs(PangoLayoutLine* line, double x, double baseline) {
    std::vector<LineRun> runs;
    double pen = x;
    for (GSList* node = line->runs; node != nullptr; node = node->next) {
        auto* run = static_cast<PangoGlyphItem*>(node->data);
        LineRun placed;
        placed.run = run;
        placed.x = pen;
        placed.width = from_pango(pango_glyph_string_get_width(run->glyphs));
        placed.baseline = baseline - from_pango(run->y_offset);
        placed.color = run_color(run->item).value_or(Color{0, 0, 0, 255});
        for (GSList* a = run->item->analysis.extra_attrs; a != nullptr; a = a->next) {
            const auto* attribute = static_cast<const PangoAttribute*>(a->data);
            const bool underline =
                attribute->klass->type == PANGO_ATTR_UNDERLINE &&
                reinterpret_cast<const PangoAttrInt*>(attribute)->value != PANGO_UNDERLINE_NONE;
            const bool strike = attribute->klass->type == PANGO_ATTR_STRIKETHROUGH &&
                                reinterpret_cast<const PangoAttrInt*>(attribute)->value != 0;
            if (!underline && !strike) continue;
            FontDescriptionPtr description(
                pango_font_describe_with_absolute_size(run->item->analysis.font));
            const double size = from_pango(pango_font_description_get_size(description.get()));
            const double y = placed.baseline;
            placed.decorations.push_back(RectDraw{pen, underline ? y + size * 0.12 : y - size * 0.3,
                                                  placed.width, size / 16, placed.color});
        }
        pen += placed.width;
        runs.push_back(std::move(placed));
    }
    return runs;
}

} // namespace galley::detail::layout
