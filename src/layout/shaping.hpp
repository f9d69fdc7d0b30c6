// Internal: shaping text with Pango for the print backend.
//
// Each thread has its own Pango font map on the shared, isolated fontconfig configuration
// (a PangoFcFontMap must not be shared between threads), and its own caches: every word the
// line breaker measures is itemized and shaped once and kept, with its glyphs, so that drawing
// it later costs nothing more. The caches live as long as the thread and are trimmed between
// documents.
#pragma once

#include "layout/handles.hpp"

#include <pango/pango.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct _FcConfig;

namespace galley::detail::layout {

// One font request at one size, as Pango is asked for it.
struct FontSpec {
    std::string families; // Pango's family list, in order of preference ("Noto Serif,Noto…")
    int weight = 400;     // CSS weight
    bool italic = false;
    double size = 10; // points
    bool small_caps = false;
    bool tabular_figures = false; // OpenType `tnum`: every digit one width (table figures)
    double letter_spacing = 0;    // points after every character
    std::string language;         // BCP 47, for language-specific forms and CJK fallback

    // A string that tells specs apart, for caches.
    std::string key() const;
};

// A run of glyphs in one font and one direction, drawn with pango_cairo_show_glyph_item.
struct GlyphRun {
    ItemPtr item; // offsets into ShapedText::text
    GlyphStringPtr glyphs;
    double width = 0; // points
};

// Text shaped once, drawn many times: its glyph runs in visual order.
struct ShapedText {
    std::string text;
    std::vector<GlyphRun> runs;
    double width = 0; // points, letter spacing included
};

// Vertical metrics of a font, in points (positive ascent, positive descent).
struct VerticalMetrics {
    double ascent = 0;
    double descent = 0;
    double underline_position = 0; // below the baseline, positive down
    double underline_thickness = 0;
    double strikethrough_position = 0; // above the baseline, positive up
    double strikethrough_thickness = 0;
};

class ThreadShaper;

// A FontSpec on one thread: shapes and measures text, each distinct text once.
class ShapingFont {
  public:
    ShapingFont(ThreadShaper& shaper, FontSpec spec);
    ShapingFont(const ShapingFont&) = delete;
    ShapingFont& operator=(const ShapingFont&) = delete;

    // `text` shaped in this font (fallback fonts where it lacks glyphs). The reference stays
    // valid until the thread's caches are trimmed (ThreadShaper::begin_document).
    const ShapedText& shape(std::string_view text);
    // The advance width of `text`, in points.
    double measure(std::string_view text) { return shape(text).width; }

    const FontSpec& spec() const { return spec_; }
    const VerticalMetrics& metrics() const { return metrics_; }
    double space_width() { return measure(" "); }
    double hyphen_width() { return measure("-"); }
    // The description Pango layouts use for this font (owned here).
    const PangoFontDescription* description() const { return description_.get(); }
    // The attributes (small-caps and tabular-figure features) a layout needs on top of the
    // description.
    void add_layout_attributes(PangoAttrList* list, unsigned begin, unsigned end) const;

    std::size_t cached_words() const { return cache_.size(); }
    void clear_cache() { cache_.clear(); }

  private:
    // The OpenType features asked for, as Pango reads them ("smcp 1, tnum 1"), or "".
    std::string features() const;

    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    std::unique_ptr<ShapedText> shape_uncached(std::string_view text) const;

    ThreadShaper& shaper_;
    FontSpec spec_;
    FontDescriptionPtr description_;
    AttrListPtr attributes_; // font features for itemizing
    PangoLanguage* language_ = nullptr;
    VerticalMetrics metrics_;
    std::unordered_map<std::string, std::unique_ptr<ShapedText>, StringHash, std::equal_to<>>
        cache_;
};

// The Pango state of the calling thread for one fontconfig configuration.
class ThreadShaper {
  public:
    // The calling thread's shaper for `config` (created on first use; lives with the thread).
    static ThreadShaper& for_config(_FcConfig* config);

    explicit ThreadShaper(_FcConfig* config);
    ~ThreadShaper();
    ThreadShaper(const ThreadShaper&) = delete;
    ThreadShaper& operator=(const ThreadShaper&) = delete;

    // The font for `spec`, created on first use; references stay valid for the thread's life.
    ShapingFont& font(const FontSpec& spec);
    // A context for layouts and itemizing: 1 device unit = 1 point, no hinting.
    PangoContext* context() const { return context_.get(); }
    PangoFontMap* font_map() const { return font_map_.get(); }
    _FcConfig* config() const { return config_; }

    // Called before each document: drops the cached words when there are many.
    void begin_document();

  private:
    _FcConfig* config_;
    GObjectPtr<PangoFontMap> font_map_;
    GObjectPtr<PangoContext> context_;
    std::unordered_map<std::string, std::unique_ptr<ShapingFont>> fonts_;
};

// Pango units (1/1024) to points and back.
inline double from_pango(int units) {
    return static_cast<double>(units) / PANGO_SCALE;
}
inline int to_pango(double points) {
    return static_cast<int>(points * PANGO_SCALE + (points < 0 ? -0.5 : 0.5));
}

} // namespace galley::detail::layout
