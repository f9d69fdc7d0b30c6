#include "pdf/render.hpp"

#include "image/placement.hpp"
#include "pdf/font_program.hpp"
#include "text/unicode_internal.hpp"

#include <hpdf_objects.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <set>

namespace galley::detail::pdf {

namespace {

// A font as drawn: the font, and whether it is its small-capitals variant.
using DrawnFont = std::pair<const Font*, bool>;
using FontTable = std::map<DrawnFont, HPDF_Font>;

// Six capital letters naming a subset ("KQWMAB"), derived from the font and its characters so
// that the same subset always gets the same tag.
std::string subset_tag(const Font& font, bool small_caps, const std::set<char32_t>& code_points) {
    std::uint64_t hash = 14695981039346656037ull;
    const auto mix = [&](std::uint64_t value) {
        for (int i = 0; i < 8; ++i) {
            hash ^= (value >> (8 * i)) & 0xFF;
            hash *= 1099511628211ull;
        }
    };
    for (char c : font.name()) mix(static_cast<unsigned char>(c));
    mix(small_caps ? 1 : 0);
    for (char32_t c : code_points) mix(c);
    std::string tag;
    for (int i = 0; i < 6; ++i) {
        tag += static_cast<char>('A' + hash % 26);
        hash /= 26;
    }
    return tag;
}

// Coordinates are written to the hundredth of a point: finer than any screen or press, and
// the content streams stay small.
double round2(double value) {
    return std::round(value * 100) / 100;
}

bool same_color(const Color& a, const Color& b) {
    return a.r == b.r && a.g == b.g && a.b == b.b;
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

class PageRenderer {
  public:
    PageRenderer(HpdfDocument& document, HPDF_Page page, std::size_t number, double height,
                 const FontTable& fonts, const std::vector<HPDF_Image>& images)
        : document_(document), page_(page), number_(number), height_(height), fonts_(fonts),
          images_(images) {}

    void draw(const Graphics& graphics) {
        for (const DrawRect& rect : graphics.rects) draw(rect);
        for (const DrawImage& image : graphics.images) draw(image);
        for (const DrawLine& line : graphics.lines) draw(line);
        if (!graphics.texts.empty()) {
            check(HPDF_Page_BeginText(page_), "starting text");
            for (const DrawText& text : graphics.texts) draw(text);
            check(HPDF_Page_EndText(page_), "ending text");
        }
        for (const DrawLink& link : graphics.links) draw(link);
    }

  private:
    void check(HPDF_STATUS status, const char* what) const {
        document_.check_with(
            status, [&] { return std::string(what) + " on page " + std::to_string(number_ + 1); });
    }

    void fill_color(const Color& color) {
        if (fill_set_ && same_color(color, fill_)) return;
        check(HPDF_Page_SetRGBFill(page_, color.r / 255.0f, color.g / 255.0f, color.b / 255.0f),
              "setting a colour");
        fill_ = color;
        fill_set_ = true;
    }

    void draw(const DrawRect& rect) {
        if (rect.color.transparent() || rect.width <= 0 || rect.height <= 0) return;
        fill_color(rect.color);
        check(HPDF_Page_Rectangle(page_, static_cast<HPDF_REAL>(round2(rect.x)),
                                  static_cast<HPDF_REAL>(round2(height_ - rect.y - rect.height)),
                                  static_cast<HPDF_REAL>(round2(rect.width)),
                                  static_cast<HPDF_REAL>(round2(rect.height))),
              "drawing a background");
        check(HPDF_Page_Fill(page_), "filling a background");
    }

    void draw(const DrawImage& image) {
        const double x = round2(image.x), y = round2(height_ - image.y - image.height);
        const double w = round2(image.width), h = round2(image.height);
        if (image.orientation <= 1 || image.orientation > 8) {
            check(HPDF_Page_DrawImage(page_, images_.at(image.image), static_cast<HPDF_REAL>(x),
                                      static_cast<HPDF_REAL>(y), static_cast<HPDF_REAL>(w),
                                      static_cast<HPDF_REAL>(h)),
                  "placing an image");
            return;
        }
        // The JPEG stays as it is stored; the matrix turns it upright into the box. Image
        // space (u, v) is the stored picture with v = 1 at its top row: (s, t) = (u, 1 − v),
        // the map gives the upright (X, Y) from the top-left corner, and the box is
        // x + w·X, y + h·(1 − Y) in PDF space.
        const Affine m = orientation_map(image.orientation);
        const auto real = [](double value) { return static_cast<HPDF_REAL>(value); };
        check(HPDF_Page_GSave(page_), "placing an image");
        check(HPDF_Page_Concat(page_, real(w * m.xx), real(-h * m.yx), real(-w * m.xy),
                               real(h * m.yy), real(x + w * (m.xy + m.x0)),
                               real(y + h * (1 - m.yy - m.y0))),
              "placing an image");
        check(HPDF_Page_ExecuteXObject(page_, images_.at(image.image)), "placing an image");
        check(HPDF_Page_GRestore(page_), "placing an image");
    }

    void draw(const DrawLine& line) {
        if (line.color.transparent() || line.width <= 0) return;
        if (!stroke_set_ || !same_color(line.color, stroke_)) {
            check(HPDF_Page_SetRGBStroke(page_, line.color.r / 255.0f, line.color.g / 255.0f,
                                         line.color.b / 255.0f),
                  "setting a colour");
            stroke_ = line.color;
            stroke_set_ = true;
        }
        if (line.width != line_width_) {
            check(HPDF_Page_SetLineWidth(page_, static_cast<HPDF_REAL>(line.width)),
                  "setting a line width");
            line_width_ = line.width;
        }
        check(HPDF_Page_MoveTo(page_, static_cast<HPDF_REAL>(round2(line.x1)),
                               static_cast<HPDF_REAL>(round2(height_ - line.y1))),
              "drawing a rule");
        check(HPDF_Page_LineTo(page_, static_cast<HPDF_REAL>(round2(line.x2)),
                               static_cast<HPDF_REAL>(round2(height_ - line.y2))),
              "drawing a rule");
        check(HPDF_Page_Stroke(page_), "drawing a rule");
    }

    void draw(const DrawText& text) {
        if (text.text.empty() || text.color.transparent()) return;
        const DrawnFont font{text.font, text.small_caps};
        if (font != font_ || text.size != size_) {
            check(
                HPDF_Page_SetFontAndSize(page_, fonts_.at(font), static_cast<HPDF_REAL>(text.size)),
                "choosing a font");
            font_ = font;
            size_ = text.size;
        }
        fill_color(text.color);
        if (text.letter_spacing != letter_spacing_) {
            check(HPDF_Page_SetCharSpace(page_, static_cast<HPDF_REAL>(text.letter_spacing)),
                  "setting letter spacing");
            letter_spacing_ = text.letter_spacing;
        }
        const double x = round2(text.x), y = round2(height_ - text.y);
        check(HPDF_Page_MoveTextPos(page_, static_cast<HPDF_REAL>(x - line_x_),
                                    static_cast<HPDF_REAL>(y - line_y_)),
              "placing text");
        line_x_ = x;
        line_y_ = y;
        check(HPDF_Page_ShowText(page_, text.text.c_str()), "drawing text");
    }

    void draw(const DrawLink& link) {
        if (link.url.empty()) return;
        HPDF_Rect rect;
        rect.left = static_cast<HPDF_REAL>(round2(link.x));
        rect.right = static_cast<HPDF_REAL>(round2(link.x + link.width));
        rect.top = static_cast<HPDF_REAL>(round2(height_ - link.y));
        rect.bottom = static_cast<HPDF_REAL>(round2(height_ - link.y - link.height));
        const std::string uri = ascii_uri(link.url);
        HPDF_Annotation annotation = HPDF_Page_CreateURILinkAnnot(page_, rect, uri.c_str());
        document_.check_handle(annotation, "adding the link to " + uri + " on page " +
                                               std::to_string(number_ + 1));
        check(HPDF_LinkAnnot_SetBorderStyle(annotation, 0, 0, 0), "styling a link");
    }

    HpdfDocument& document_;
    HPDF_Page page_;
    std::size_t number_;
    double height_;
    const FontTable& fonts_;
    const std::vector<HPDF_Image>& images_;

    DrawnFont font_{nullptr, false};
    double size_ = 0;
    double letter_spacing_ = 0;
    double line_x_ = 0, line_y_ = 0; // the text line matrix's origin (Td is relative to it)
    Color fill_, stroke_;
    bool fill_set_ = false, stroke_set_ = false;
    double line_width_ = 1;
};

// Every font drawn, in the order first drawn, with the characters drawn in it.
std::vector<std::pair<DrawnFont, std::set<char32_t>>> fonts_used(const DocumentLayout& layout) {
    std::vector<std::pair<DrawnFont, std::set<char32_t>>> used;
    std::map<DrawnFont, std::size_t> index;
    for (const LaidOutPage& page : layout.pages)
        for (const DrawText& text : page.graphics.texts) {
            const DrawnFont font{text.font, text.small_caps};
            auto [at, added] = index.emplace(font, used.size());
            if (added) used.push_back({font, {}});
            std::set<char32_t>& characters = used[at->second].second;
            for (std::size_t i = 0; i < text.text.size();) {
                const text_unicode::Decoded d = text_unicode::decode(text.text, i);
                characters.insert(d.code_point);
                i += d.length;
            }
        }
    return used;
}

// A destination showing `page` with `top` at the top of the window and the reader's zoom kept
// ([page /XYZ left top null]; libharu's own SetXYZ insists on a zoom).
HPDF_Destination destination(HpdfDocument& document, HPDF_Page page, double top) {
    const char* what = "adding an outline entry";
    HPDF_Destination target = document.check_handle(HPDF_Page_CreateDestination(page), what);
    document.check(
        HPDF_Destination_SetXYZ(target, 0, static_cast<HPDF_REAL>(std::max(top, 0.0)), 1), what);
    HPDF_Array array = target;
    HPDF_Array_Clear(array);
    document.check(HPDF_Array_Add(array, page), what);
    document.check(HPDF_Array_AddName(array, "XYZ"), what);
    document.check(HPDF_Array_AddReal(array, 0), what);
    document.check(HPDF_Array_AddReal(array, static_cast<HPDF_REAL>(round2(std::max(top, 0.0)))),
                   what);
    document.check(HPDF_Array_Add(array, document.check_handle(HPDF_Null_New(array->mmgr), what)),
                   what);
    return target;
}

} // namespace

void render_document(HpdfDocument& document, const DocumentLayout& layout, bool compress) {
    HPDF_Doc doc = document.get();

    FontTable fonts;
    for (const auto& [font, characters] : fonts_used(layout)) {
        const auto& [face, small_caps] = font;
        const std::shared_ptr<const std::string> program =
            font_program(*face, characters, small_caps);
        const std::string name = face->name() + (small_caps ? " (small capitals)" : "");
        const char32_t highest = characters.empty() ? 0 : *characters.rbegin();
        fonts.emplace(font,
                      document.load_truetype(*program, subset_tag(*face, small_caps, characters),
                                             highest, name));
    }

    std::vector<HPDF_Image> images;
    images.reserve(layout.images.size());
    for (std::size_t i = 0; i < layout.images.size(); ++i)
        images.push_back(load_image(document, layout.images[i], compress));

    std::vector<HPDF_Page> pages;
    for (std::size_t p = 0; p < layout.pages.size(); ++p) {
        const LaidOutPage& laid_out = layout.pages[p];
        const std::string what = "adding page " + std::to_string(p + 1);
        HPDF_Page page = document.check_handle(HPDF_AddPage(doc), what);
        document.check(HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(laid_out.width)), what);
        document.check(HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(laid_out.height)), what);
        PageRenderer(document, page, p, laid_out.height, fonts, images).draw(laid_out.graphics);
        pages.push_back(page);
    }

    // The outline: the headline, with the headings nested under it by level.
    HPDF_Encoder utf8 = document.check_handle(HPDF_GetEncoder(doc, "UTF-8"), "adding the outline");
    std::vector<std::pair<int, HPDF_Outline>> open;
    for (const OutlineEntry& entry : layout.outline) {
        while (!open.empty() && open.back().first >= entry.level) open.pop_back();
        HPDF_Outline parent = open.empty() ? nullptr : open.back().second;
        HPDF_Outline outline =
            document.check_handle(HPDF_CreateOutline(doc, parent, entry.title.c_str(), utf8),
                                  "adding the outline entry '" + entry.title + "'");
        document.check(HPDF_Outline_SetOpened(outline, HPDF_TRUE), "adding the outline");
        const double top = layout.pages[entry.page].height - entry.y;
        document.check(
            HPDF_Outline_SetDestination(outline, destination(document, pages[entry.page], top)),
            "adding the outline");
        open.emplace_back(entry.level, outline);
    }
}

} // namespace galley::detail::pdf
