#include "pdf/draw.hpp"

#include "image/placement.hpp"
#include "layout/shaping.hpp"
#include "pdf/font_program.hpp"
#include "pdf/images.hpp"
#include "util/owned.hpp"

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <pango/pangofc-font.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <variant>

namespace galley::detail::pdf {

namespace {

using namespace layout;

// --- Pages as drawing operations ------------------------------------------------------------

struct Glyph {
    std::uint16_t code = 0;
    double advance = 0;    // points, before the run's expansion
    double dx = 0, dy = 0; // offset from the pen (y down), points
};

// A run of glyphs in one font at one size, its pen starting at (x, baseline), y down.
struct TextOp {
    std::size_t font = 0;
    double size = 0;
    Color color;
    double x = 0, baseline = 0;
    double expansion = 1;
    std::vector<Glyph> glyphs;
};

// A glyph that stands for no text of its own (a mark whose cluster's text its base glyph
// carries), drawn as an outline so that text extraction does not read it as a character
// placed back over its base (a new word to pdftotext).
struct MarkOp {
    std::size_t font = 0;
    std::uint16_t glyph = 0;
    double size = 0;
    Color color;
    double x = 0, baseline = 0; // its origin, y down
    double expansion = 1;
};

struct LinkOp {
    int link = -1;
    double x = 0, top = 0, width = 0, bottom = 0;
};

struct OutlineOp {
    int level = 1;
    std::string title;
    std::size_t page = 0;
    double y = 0;
};

using ShapeOp = std::variant<RectDraw, StrokeDraw, ImageDraw>;

struct PageOps {
    double width = 0, height = 0;
    std::vector<ShapeOp> shapes; // drawn first, in order
    std::vector<TextOp> texts;   // then the text, in one text object
    std::vector<MarkOp> marks;   // then the marks
    std::vector<LinkOp> links;
};

// A font file embedded as the glyphs drawn in it: code c draws glyphs[c] and stands for
// texts[c].
struct EmbeddedFont {
    std::string file;
    unsigned index = 0;
    std::vector<std::uint16_t> glyphs{0};
    std::vector<std::string> texts{""};
    std::map<std::pair<std::uint16_t, std::string>, std::uint16_t> codes;
    HPDF_Dict font = nullptr; // the Type0 font dictionary
    std::vector<int> widths;  // by code, in thousandths of the size, as the PDF's /W has them
};

// Whether face `index` of `file` has TrueType (glyf) outlines, which libharu can embed.
bool truetype_outlines(const std::string& file, unsigned index) {
    static std::mutex mutex;
    static std::map<std::pair<std::string, unsigned>, bool> known;
    const std::lock_guard lock(mutex);
    auto [at, added] = known.emplace(std::make_pair(file, index), false);
    if (added) {
        hb_blob_t* blob = hb_blob_create_from_file_or_fail(file.c_str());
        hb_face_t* face = hb_face_create(blob != nullptr ? blob : hb_blob_get_empty(), index);
        hb_blob_t* glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
        at->second = hb_blob_get_length(glyf) > 0;
        hb_blob_destroy(glyf);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
    }
    return at->second;
}

class Collector {
  public:
    Collector(const LaidOut& laid_out, Warnings& warnings)
        : laid_out_(laid_out), warnings_(warnings) {}

    std::vector<PageOps> pages;
    std::vector<EmbeddedFont> fonts;
    std::vector<OutlineOp> outline;
    std::map<std::string, std::pair<std::size_t, double>> destinations; // name → page, y

    void collect() {
        for (const PageLayout& page : laid_out_.pages) {
            page_ = &pages.emplace_back();
            page_->width = page.geometry.media_width;
            page_->height = page.geometry.media_height;
            drawing(page.furniture, 0, 0);
            for (const PlacedElement& placed : page.elements) {
                const FlowElement& e = *placed.element;
                if (e.outline_level > 0 && !e.outline_title.empty())
                    outline.push_back(
                        {e.outline_level, e.outline_title, pages.size() - 1, placed.y});
                if (!e.destination.empty())
                    destinations.emplace(e.destination, std::make_pair(pages.size() - 1, placed.y));
                drawing(e.drawing, placed.x, placed.y);
                for (const TaggedDrawing& part : e.parts) drawing(part.drawing, placed.x, placed.y);
            }
        }
    }

  private:
    void drawing(const Drawing& items, double x0, double y0) {
        for (const Drawable& item : items.items) {
            if (const auto* glyphs = std::get_if<GlyphDraw>(&item)) {
                glyph_draw(*glyphs, x0, y0);
            } else if (const auto* line = std::get_if<LayoutLineDraw>(&item)) {
                PangoLayoutLine* l = pango_layout_get_line_readonly(line->layout.get(), line->line);
                const char* text = pango_layout_get_text(line->layout.get());
                for (const LineRun& run : line_runs(l, x0 + line->x, y0 + line->baseline)) {
                    add_run(text, *run.run, run.x, run.baseline, run.color, 1, 0);
                    for (RectDraw rect : run.decorations) page_->shapes.push_back(rect);
                }
            } else if (const auto* rect = std::get_if<RectDraw>(&item)) {
                RectDraw moved = *rect;
                moved.x += x0, moved.y += y0;
                page_->shapes.push_back(moved);
            } else if (const auto* stroke = std::get_if<StrokeDraw>(&item)) {
                StrokeDraw moved = *stroke;
                moved.x1 += x0, moved.x2 += x0, moved.y1 += y0, moved.y2 += y0;
                page_->shapes.push_back(moved);
            } else if (const auto* image = std::get_if<ImageDraw>(&item)) {
                ImageDraw moved = *image;
                moved.x += x0, moved.y += y0;
                page_->shapes.push_back(moved);
            } else if (const auto* placeholder = std::get_if<PlaceholderDraw>(&item))
                drawing(placeholder_drawing(*placeholder), x0, y0);
        }
    }

    void glyph_draw(const GlyphDraw& draw, double x0, double y0) {
        double x = x0 + draw.x;
        const double baseline = y0 + draw.baseline;
        const double spacing = draw.letter_spacing / draw.expansion;
        const std::size_t first_text = page_->texts.size();
        for (const GlyphRun& run : draw.text->runs) {
            PangoGlyphItem item{};
            item.item = run.item.get();
            item.glyphs = run.glyphs.get();
            x += add_run(draw.text->text.c_str(), item, x, baseline, draw.color, draw.expansion,
                         spacing);
        }
        if (draw.link < 0 || page_->texts.size() == first_text) return;
        const double size = page_->texts[first_text].size;
        LinkOp link{draw.link, x0 + draw.x, baseline - 0.9 * size, x - (x0 + draw.x),
                    baseline + 0.25 * size};
        if (!page_->links.empty()) {
            LinkOp& last = page_->links.back();
            // The words of one link on one line make one area.
            if (last.link == link.link && std::abs(last.bottom - link.bottom) < 0.01 &&
                link.x >= last.x && link.x - (last.x + last.width) < size) {
                last.width = link.x + link.width - last.x;
                return;
            }
        }
        page_->links.push_back(link);
    }

    // Adds one Pango glyph run with its pen at (x, baseline); returns the width it took.
    double add_run(const char* text, const PangoGlyphItem& run, double x, double baseline,
                   const Color& color, double expansion, double spacing) {
        const PangoGlyphString* glyphs = run.glyphs;
        const auto [font, size] = font_of(run.item->analysis.font);
        if (font == unusable) return skip(run, expansion, spacing);
        std::vector<std::string> meaning(static_cast<std::size_t>(glyphs->num_glyphs));
        for (auto& [glyph, characters] : glyph_texts(text, run))
            meaning[static_cast<std::size_t>(glyph)] = std::move(characters);
        TextOp op{font, size, color, x, baseline, expansion, {}};
        double width = 0;
        for (int g = 0; g < glyphs->num_glyphs; ++g) {
            const PangoGlyphInfo& info = glyphs->glyphs[g];
            double advance = from_pango(info.geometry.width);
            if (spacing != 0 &&
                (g + 1 == glyphs->num_glyphs || glyphs->glyphs[g + 1].attr.is_cluster_start))
                advance += spacing;
            width += advance * expansion;
            if (info.glyph == PANGO_GLYPH_EMPTY) {
                if (!op.glyphs.empty())
                    op.glyphs.back().advance += advance;
                else
                    op.x += advance * expansion;
                continue;
            }
            const auto id = static_cast<std::uint16_t>(
                (info.glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 ? 0 : info.glyph & 0xFFFF);
            const double dx = from_pango(info.geometry.x_offset);
            const double dy = from_pango(info.geometry.y_offset);
            if (meaning[static_cast<std::size_t>(g)].empty() && advance == 0) {
                if (!color.transparent())
                    page_->marks.push_back({font, id, size, color,
                                            x + (width - advance * expansion) + dx * expansion,
                                            baseline + dy, expansion});
                continue;
            }
            op.glyphs.push_back(
                {code(font, id, std::move(meaning[static_cast<std::size_t>(g)])), advance, dx, dy});
        }
        if (!op.glyphs.empty() && !color.transparent()) page_->texts.push_back(std::move(op));
        return width;
    }

    static constexpr std::size_t unusable = static_cast<std::size_t>(-1);

    // A run in a font libharu cannot embed: its room is kept, its glyphs left out, once
    // reported.
    double skip(const PangoGlyphItem& run, double expansion, double spacing) {
        double width = 0;
        for (int g = 0; g < run.glyphs->num_glyphs; ++g)
            width += (from_pango(run.glyphs->glyphs[g].geometry.width) + spacing) * expansion;
        return width;
    }

    std::pair<std::size_t, double> font_of(PangoFont* font) {
        if (auto found = by_pango_.find(font); found != by_pango_.end()) return found->second;
        FcPattern* pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
        FcChar8* file = nullptr;
        int index = 0;
        if (pattern == nullptr || FcPatternGetString(pattern, FC_FILE, 0, &file) != FcResultMatch)
            throw Error(ErrorCode::backend, {}, "a font Pango chose has no file to embed");
        FcPatternGetInteger(pattern, FC_INDEX, 0, &index);
        FontDescriptionPtr description(pango_font_describe_with_absolute_size(font));
        const double size = from_pango(pango_font_description_get_size(description.get()));
        const std::string key = reinterpret_cast<const char*>(file) + ("#" + std::to_string(index));
        if (!truetype_outlines(reinterpret_cast<const char*>(file), static_cast<unsigned>(index))) {
            warnings_.push_back(
                {{},
                 {},
                 std::string("the font ") + reinterpret_cast<const char*>(file) +
                     " has PostScript (CFF) outlines, which the PDF backend (libharu) cannot "
                     "embed: the text set in it is left out; the print backend (--to print) "
                     "sets it"});
            return by_pango_[font] = {unusable, size};
        }
        auto [at, added] = by_file_.emplace(key, fonts.size());
        if (added) {
            EmbeddedFont embedded;
            embedded.file = reinterpret_cast<const char*>(file);
            embedded.index = static_cast<unsigned>(index);
            fonts.push_back(std::move(embedded));
        }
        return by_pango_[font] = {at->second, size};
    }

    std::uint16_t code(std::size_t font, std::uint16_t glyph, std::string text) {
        EmbeddedFont& f = fonts[font];
        auto [at, added] = f.codes.emplace(std::make_pair(glyph, text), 0);
        if (!added) return at->second;
        if (f.glyphs.size() >= 0xFFFF)
            throw Error(ErrorCode::backend, {}, "more than 65,534 glyphs in one font of one PDF");
        at->second = static_cast<std::uint16_t>(f.glyphs.size());
        f.glyphs.push_back(glyph);
        f.texts.push_back(std::move(text));
        return at->second;
    }

    const LaidOut& laid_out_;
    Warnings& warnings_;
    PageOps* page_ = nullptr;
    std::unordered_map<PangoFont*, std::pair<std::size_t, double>> by_pango_;
    std::map<std::string, std::size_t> by_file_;
};

// --- Writing --------------------------------------------------------------------------------

// A number for a content stream, to the hundredth.
void put(std::string& out, double value) {
    const double rounded = std::round(value * 100) / 100;
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, rounded == 0 ? 0.0 : rounded,
                                      std::chars_format::fixed, 2);
    std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
    while (text.ends_with('0')) text.remove_suffix(1);
    if (text.ends_with('.')) text.remove_suffix(1);
    out += text;
    out += ' ';
}

void put_code(std::string& out, std::uint16_t code) {
    static constexpr char hex[] = "0123456789ABCDEF";
    out += hex[(code >> 12) & 0xF];
    out += hex[(code >> 8) & 0xF];
    out += hex[(code >> 4) & 0xF];
    out += hex[code & 0xF];
}

// A URI as PDF wants it: 7-bit ASCII, with other bytes, spaces and controls percent-encoded.
std::string ascii_uri(const std::string& url) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : url) {
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '{' ||
            c == '}' || c == '|' || c == '^' || c == '`') {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// Six capital letters naming a subset ("KQWMAB"), from the font and its glyphs, so that the
// same subset always gets the same tag.
std::string subset_tag(const EmbeddedFont& font) {
    std::uint64_t hash = 14695981039346656037ull;
    const auto mix = [&](std::uint64_t value) {
        for (int i = 0; i < 8; ++i) {
            hash ^= (value >> (8 * i)) & 0xFF;
            hash *= 1099511628211ull;
        }
    };
    for (char c : font.file) mix(static_cast<unsigned char>(c));
    mix(font.index);
    for (std::uint16_t glyph : font.glyphs) mix(glyph);
    std::string tag;
    for (int i = 0; i < 6; ++i) {
        tag += static_cast<char>('A' + hash % 26);
        hash /= 26;
    }
    return tag;
}

// A font for reading glyph outlines, in font units, one per font file for the process.
hb_font_t* outline_font(const std::string& file, unsigned index) {
    static std::mutex mutex;
    static std::map<std::pair<std::string, unsigned>, Owned<hb_font_t, hb_font_destroy>> fonts;
    const std::lock_guard lock(mutex);
    auto& font = fonts[{file, index}];
    if (!font) {
        hb_blob_t* blob = hb_blob_create_from_file_or_fail(file.c_str());
        hb_face_t* face = hb_face_create(blob != nullptr ? blob : hb_blob_get_empty(), index);
        font.reset(hb_font_create(face));
        hb_font_make_immutable(font.get());
        hb_face_destroy(face);
        hb_blob_destroy(blob);
    }
    return font.get();
}

// A glyph outline as PDF path operators, placed at (x, y) (PDF space) and scaled.
struct PathWriter {
    std::string out;
    double x = 0, y = 0, scale_x = 1, scale_y = 1;

    void point(float px, float py) {
        put(out, x + px * scale_x);
        put(out, y + py * scale_y);
    }
};

hb_draw_funcs_t* path_funcs() {
    static hb_draw_funcs_t* funcs = [] {
        hb_draw_funcs_t* f = hb_draw_funcs_create();
        hb_draw_funcs_set_move_to_func(
            f,
            [](hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
                auto* path = static_cast<PathWriter*>(data);
                path->point(x, y);
                path->out += "m ";
            },
            nullptr, nullptr);
        hb_draw_funcs_set_line_to_func(
            f,
            [](hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
                auto* path = static_cast<PathWriter*>(data);
                path->point(x, y);
                path->out += "l ";
            },
            nullptr, nullptr);
        hb_draw_funcs_set_quadratic_to_func(
            f,
            [](hb_draw_funcs_t*, void* data, hb_draw_state_t* st, float cx, float cy, float x,
               float y, void*) {
                // The quadratic curve as the cubic that draws it.
                auto* path = static_cast<PathWriter*>(data);
                const float x0 = st->current_x, y0 = st->current_y;
                path->point(x0 + 2.0f / 3 * (cx - x0), y0 + 2.0f / 3 * (cy - y0));
                path->point(x + 2.0f / 3 * (cx - x), y + 2.0f / 3 * (cy - y));
                path->point(x, y);
                path->out += "c ";
            },
            nullptr, nullptr);
        hb_draw_funcs_set_cubic_to_func(
            f,
            [](hb_draw_funcs_t*, void* data, hb_draw_state_t*, float c1x, float c1y, float c2x,
               float c2y, float x, float y, void*) {
                auto* path = static_cast<PathWriter*>(data);
                path->point(c1x, c1y);
                path->point(c2x, c2y);
                path->point(x, y);
                path->out += "c ";
            },
            nullptr, nullptr);
        hb_draw_funcs_set_close_path_func(
            f,
            [](hb_draw_funcs_t*, void* data, hb_draw_state_t*, void*) {
                static_cast<PathWriter*>(data)->out += "h ";
            },
            nullptr, nullptr);
        hb_draw_funcs_make_immutable(f);
        return f;
    }();
    return funcs;
}

class PageWriter {
  public:
    PageWriter(HpdfDocument& document, HPDF_Page page, std::size_t number, double height,
               const std::vector<EmbeddedFont>& fonts, const std::vector<HPDF_Image>& images,
               const ImageCatalog& catalog)
        : document_(document), page_(page), number_(number), height_(height), fonts_(fonts),
          images_(images), catalog_(catalog) {}

    void write(const PageOps& ops) {
        for (const ShapeOp& shape : ops.shapes) std::visit([&](const auto& s) { draw(s); }, shape);
        if (!ops.texts.empty()) {
            check(HPDF_Page_BeginText(page_), "starting text");
            for (const TextOp& text : ops.texts) draw(text);
            check(HPDF_Page_EndText(page_), "ending text");
        }
        for (const MarkOp& mark : ops.marks) draw(mark);
    }

  private:
    void check(HPDF_STATUS status, const char* what) const {
        document_.check_with(
            status, [&] { return std::string(what) + " on page " + std::to_string(number_ + 1); });
    }
    static HPDF_REAL real(double value) {
        return static_cast<HPDF_REAL>(std::round(value * 100) / 100);
    }
    void fill_color(const Color& color) {
        if (fill_set_ && color.r == fill_.r && color.g == fill_.g && color.b == fill_.b) return;
        check(HPDF_Page_SetRGBFill(page_, color.r / 255.0f, color.g / 255.0f, color.b / 255.0f),
              "setting a colour");
        fill_ = color;
        fill_set_ = true;
    }

    void draw(const RectDraw& rect) {
        if (rect.fill.transparent() || rect.width <= 0 || rect.height <= 0) return;
        fill_color(rect.fill);
        check(HPDF_Page_Rectangle(page_, real(rect.x), real(height_ - rect.y - rect.height),
                                  real(rect.width), real(rect.height)),
              "drawing a box");
        check(HPDF_Page_Fill(page_), "filling a box");
    }

    void draw(const StrokeDraw& line) {
        if (line.color.transparent() || line.width <= 0) return;
        if (!stroke_set_ || line.color.r != stroke_.r || line.color.g != stroke_.g ||
            line.color.b != stroke_.b) {
            check(HPDF_Page_SetRGBStroke(page_, line.color.r / 255.0f, line.color.g / 255.0f,
                                         line.color.b / 255.0f),
                  "setting a colour");
            stroke_ = line.color;
            stroke_set_ = true;
        }
        if (line.width != line_width_) {
            check(HPDF_Page_SetLineWidth(page_, real(line.width)), "setting a line width");
            line_width_ = line.width;
        }
        check(HPDF_Page_MoveTo(page_, real(line.x1), real(height_ - line.y1)), "drawing a rule");
        check(HPDF_Page_LineTo(page_, real(line.x2), real(height_ - line.y2)), "drawing a rule");
        check(HPDF_Page_Stroke(page_), "drawing a rule");
    }

    // The image scaled to cover the box, centred and clipped to it, turned upright.
    void draw(const ImageDraw& box) {
        const LayoutImage& info = catalog_[box.image];
        const double uw = info.width, uh = info.height;
        const double scale = std::max(box.width / uw, box.height / uh);
        const double w = uw * scale, h = uh * scale;
        const double x = box.x + (box.width - w) / 2;
        const double y = height_ - (box.y + (box.height - h) / 2) - h; // PDF: bottom edge
        check(HPDF_Page_GSave(page_), "placing an image");
        check(HPDF_Page_Rectangle(page_, real(box.x), real(height_ - box.y - box.height),
                                  real(box.width), real(box.height)),
              "clipping an image");
        check(HPDF_Page_Clip(page_), "clipping an image");
        check(HPDF_Page_EndPath(page_), "clipping an image");
        // The JPEG stays as it is stored; the matrix turns it upright into the box. Image
        // space (u, v) is the stored picture with v = 1 at its top row: (s, t) = (u, 1 − v),
        // the map gives the upright (X, Y) from the top-left corner, and the box is
        // x + w·X, y + h·(1 − Y) in PDF space.
        const Affine m = orientation_map(info.orientation);
        const auto r = [](double value) { return static_cast<HPDF_REAL>(value); };
        check(HPDF_Page_Concat(page_, r(w * m.xx), r(-h * m.yx), r(-w * m.xy), r(h * m.yy),
                               r(x + w * (m.xy + m.x0)), r(y + h * (1 - m.yy - m.y0))),
              "placing an image");
        check(HPDF_Page_ExecuteXObject(page_, images_.at(box.image)), "placing an image");
        check(HPDF_Page_GRestore(page_), "placing an image");
    }

    void draw(const MarkOp& mark) {
        const EmbeddedFont& font = fonts_[mark.font];
        hb_font_t* outlines = outline_font(font.file, font.index);
        const double scale = mark.size / hb_face_get_upem(hb_font_get_face(outlines));
        PathWriter path{{}, mark.x, height_ - mark.baseline, scale * mark.expansion, scale};
        hb_font_get_glyph_shape(outlines, mark.glyph, path_funcs(), &path);
        if (path.out.empty()) return;
        fill_color(mark.color);
        path.out += "f\n";
        auto* attr = static_cast<HPDF_PageAttr>(page_->attr);
        check(HPDF_Stream_WriteStr(attr->stream, path.out.c_str()), "drawing a mark");
    }

    void draw(const TextOp& text) {
        const EmbeddedFont& font = fonts_[text.font];
        std::string out;
        if (text.font != font_ || text.size != size_) {
            // The font is galley's own dictionary, not a libharu font: the page names it in its
            // resources, and the Tf is written here.
            const char* name = document_.check_handle(HPDF_Page_GetLocalFontName(page_, font.font),
                                                      "choosing a font");
            out += '/';
            out += name;
            out += ' ';
            put(out, text.size);
            out += "Tf\n";
            font_ = text.font;
            size_ = text.size;
        }
        fill_color(text.color);
        if (text.expansion != expansion_) {
            check(HPDF_Page_SetHorizontalScalling(page_,
                                                  static_cast<HPDF_REAL>(text.expansion * 100)),
                  "scaling glyphs");
            expansion_ = text.expansion;
        }
        // Each glyph where the layout put it: one TJ array from the run's start, with a
        // correction wherever the next glyph's place is not where the font's advance leaves
        // the text position (kerning, letter spacing, a mark over its base); a glyph raised
        // or lowered (a mark) is set with text rise between arrays.
        out += "1 0 0 1 ";
        put(out, text.x);
        put(out, height_ - text.baseline);
        out += "Tm [";
        const double scale = text.size * text.expansion / 1000; // thousandths → points
        double pen = text.x, cursor = text.x, rise = 0;
        const auto show = [&](const Glyph& glyph) {
            if (-glyph.dy != rise) {
                out += "] TJ ";
                put(out, -glyph.dy);
                out += "Ts [";
                rise = -glyph.dy;
            }
            const double target = pen + glyph.dx * text.expansion;
            if (std::abs(target - cursor) >= 0.005) {
                put(out, (cursor - target) / scale);
                cursor = target;
            }
            out += '<';
            put_code(out, glyph.code);
            out += "> ";
            cursor += font.widths[glyph.code] * scale;
        };
        for (const Glyph& glyph : text.glyphs) {
            show(glyph);
            pen += glyph.advance * text.expansion;
        }
        out += "] TJ";
        if (rise != 0) out += " 0 Ts";
        out += '\n';
        auto* attr = static_cast<HPDF_PageAttr>(page_->attr);
        check(HPDF_Stream_WriteStr(attr->stream, out.c_str()), "drawing text");
    }

    HpdfDocument& document_;
    HPDF_Page page_;
    std::size_t number_;
    double height_;
    const std::vector<EmbeddedFont>& fonts_;
    const std::vector<HPDF_Image>& images_;
    const ImageCatalog& catalog_;
    std::size_t font_ = static_cast<std::size_t>(-1);
    double size_ = 0;
    double expansion_ = 1;
    Color fill_, stroke_;
    bool fill_set_ = false, stroke_set_ = false;
    double line_width_ = 1;
};

// A destination showing `page` with `top` at the top of the window and the reader's zoom kept
// ([page /XYZ left top null]; libharu's own SetXYZ insists on a zoom).
HPDF_Destination destination(HpdfDocument& document, HPDF_Page page, double top) {
    const char* what = "adding a destination";
    HPDF_Destination target = document.check_handle(HPDF_Page_CreateDestination(page), what);
    HPDF_Array array = target;
    HPDF_Array_Clear(array);
    document.check(HPDF_Array_Add(array, page), what);
    document.check(HPDF_Array_AddName(array, "XYZ"), what);
    document.check(HPDF_Array_AddReal(array, 0), what);
    document.check(HPDF_Array_AddReal(
                       array, static_cast<HPDF_REAL>(std::round(std::max(top, 0.0) * 100) / 100)),
                   what);
    document.check(HPDF_Array_Add(array, document.check_handle(HPDF_Null_New(array->mmgr), what)),
                   what);
    return target;
}

// A document identifier derived from what the pages show: the same content, the same /ID.
std::array<unsigned char, 16> content_identifier(const Collector& collected,
                                                 const ImageCatalog& images,
                                                 std::optional<std::int64_t> created) {
    std::uint64_t a = 14695981039346656037ull, b = 0x9E3779B97F4A7C15ull;
    const auto mix = [&](std::string_view bytes) {
        for (unsigned char c : bytes) {
            a = (a ^ c) * 1099511628211ull;
            b = (b ^ c) * 0x100000001B3ull + 0x632BE59BD9B4E019ull;
        }
        a = (a ^ 0xFF) * 1099511628211ull; // a separator, so that "ab","c" differs from "a","bc"
    };
    const auto number = [&](double value) { mix(std::to_string(std::llround(value * 100))); };
    mix("galley");
    if (created) mix(std::to_string(*created));
    for (const EmbeddedFont& font : collected.fonts) {
        mix(font.file);
        for (const std::string& text : font.texts) mix(text);
    }
    for (std::size_t i = 0; i < images.size(); ++i) mix(images[i].id);
    for (const PageOps& page : collected.pages) {
        number(page.width);
        number(page.height);
        for (const TextOp& text : page.texts) {
            number(static_cast<double>(text.font));
            number(text.size);
            number(text.x);
            number(text.baseline);
            for (const Glyph& glyph : text.glyphs) number(glyph.code);
        }
        number(static_cast<double>(page.shapes.size()));
    }
    std::array<unsigned char, 16> id{};
    for (int i = 0; i < 8; ++i) {
        id[static_cast<std::size_t>(i)] = static_cast<unsigned char>(a >> (8 * i));
        id[static_cast<std::size_t>(8 + i)] = static_cast<unsigned char>(b >> (8 * i));
    }
    return id;
}

} // namespace

void draw_document(HpdfDocument& document, const LaidOut& laid_out, const Typesetting& typesetting,
                   const std::string& language, std::optional<std::int64_t> created, bool compress,
                   Warnings& warnings) {
    HPDF_Doc doc = document.get();
    Collector collected(laid_out, warnings);
    collected.collect();

    for (EmbeddedFont& font : collected.fonts) {
        const auto program = font_program(font.file, font.index, font.glyphs);
        font.font = document.add_font(*program, subset_tag(font), font.texts, compress);
        font.widths = program->widths;
    }
    const ImageCatalog& catalog = laid_out.flow.images;
    std::vector<HPDF_Image> images;
    images.reserve(catalog.size());
    for (std::size_t i = 0; i < catalog.size(); ++i)
        images.push_back(load_image(document, catalog[i], compress));

    std::vector<HPDF_Page> pages;
    for (std::size_t p = 0; p < collected.pages.size(); ++p) {
        const PageOps& ops = collected.pages[p];
        const std::string what = "adding page " + std::to_string(p + 1);
        HPDF_Page page = document.check_handle(HPDF_AddPage(doc), what);
        document.check(HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(ops.width)), what);
        document.check(HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(ops.height)), what);
        PageWriter(document, page, p, ops.height, collected.fonts, images, catalog).write(ops);
        pages.push_back(page);
    }

    // Links: to the web, or to a named destination in the article.
    for (std::size_t p = 0; p < collected.pages.size(); ++p) {
        const double height = collected.pages[p].height;
        for (const LinkOp& link : collected.pages[p].links) {
            const std::string& url = typesetting.links()[static_cast<std::size_t>(link.link)];
            HPDF_Rect rect;
            rect.left = static_cast<HPDF_REAL>(link.x);
            rect.right = static_cast<HPDF_REAL>(link.x + link.width);
            rect.top = static_cast<HPDF_REAL>(height - link.top);
            rect.bottom = static_cast<HPDF_REAL>(height - link.bottom);
            HPDF_Annotation annotation = nullptr;
            if (url.starts_with('#')) {
                const auto target = collected.destinations.find(url.substr(1));
                if (target == collected.destinations.end()) continue;
                const auto [page, y] = target->second;
                annotation = HPDF_Page_CreateLinkAnnot(
                    pages[p], rect,
                    destination(document, pages[page], collected.pages[page].height - y));
            } else {
                annotation = HPDF_Page_CreateURILinkAnnot(pages[p], rect, ascii_uri(url).c_str());
            }
            document.check_handle(annotation, "adding the link to " + url + " on page " +
                                                  std::to_string(p + 1));
            document.check(HPDF_LinkAnnot_SetBorderStyle(annotation, 0, 0, 0), "styling a link");
        }
    }

    // The outline: the headline, with the headings nested under it by level.
    HPDF_Encoder utf8 = document.check_handle(HPDF_GetEncoder(doc, "UTF-8"), "adding the outline");
    std::vector<std::pair<int, HPDF_Outline>> open;
    for (const OutlineOp& entry : collected.outline) {
        while (!open.empty() && open.back().first >= entry.level) open.pop_back();
        HPDF_Outline parent = open.empty() ? nullptr : open.back().second;
        HPDF_Outline outline =
            document.check_handle(HPDF_CreateOutline(doc, parent, entry.title.c_str(), utf8),
                                  "adding the outline entry '" + entry.title + "'");
        document.check(HPDF_Outline_SetOpened(outline, HPDF_TRUE), "adding the outline");
        const double top = collected.pages[entry.page].height - entry.y;
        document.check(
            HPDF_Outline_SetDestination(outline, destination(document, pages[entry.page], top)),
            "adding the outline");
        open.emplace_back(entry.level, outline);
    }
    // The outline panel opens when there is more to it than the headline.
    document.check(HPDF_SetPageMode(doc, collected.outline.size() > 1 ? HPDF_PAGE_MODE_USE_OUTLINE
                                                                      : HPDF_PAGE_MODE_USE_NONE),
                   "showing the outline");

    // The document's language and, right to left, its reading direction.
    const char* what = "writing the document's language";
    if (!language.empty())
        document.check(
            HPDF_Dict_Add(
                doc->catalog, "Lang",
                document.check_handle(HPDF_String_New(doc->mmgr, language.c_str(), nullptr), what)),
            what);
    if (laid_out.grid.right_to_left) {
        HPDF_Dict preferences = document.check_handle(HPDF_Dict_New(doc->mmgr), what);
        document.check(HPDF_Dict_AddName(preferences, "Direction", "R2L"), what);
        document.check(HPDF_Dict_Add(doc->catalog, "ViewerPreferences", preferences), what);
    }
    document.set_identifier(content_identifier(collected, catalog, created));
}

} // namespace galley::detail::pdf
