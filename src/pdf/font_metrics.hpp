// Internal: advance widths and vertical metrics of a font, read once from its hmtx, hhea and
// cmap (HarfBuzz), for measuring text the way libharu will draw it.
//
// Measuring is the line breaker's hot path: widths of the code points below U+3000 sit in a
// flat table, in the 1/1000 em units libharu writes into the PDF (advance × 1000 / unitsPerEm,
// truncated, as libharu computes them), so measured and drawn widths agree exactly.
#pragma once

#include "galley/fonts.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

struct hb_font_t;

namespace galley::detail {

class FontMetrics {
  public:
    // The metrics of `font`, loaded on first use and kept for the life of the process. Safe to
    // call from many threads. Throws galley::Error (io) when the font file cannot be read.
    static const FontMetrics& of(const Font& font);

    ~FontMetrics();
    FontMetrics(const FontMetrics&) = delete;
    FontMetrics& operator=(const FontMetrics&) = delete;

    // The advance of `c` in 1/1000 em; the missing glyph's advance when the font lacks it;
    // 0 for the invisible format characters (soft hyphen, zero-width space and joiners).
    int advance(char32_t c) const;
    // The advance of UTF-8 `text` in 1/1000 em (no kerning: libharu does none).
    std::int64_t advance(std::string_view text) const;
    // The number of characters in `text` that take letter-spacing (the visible ones).
    static int spaced_characters(std::string_view text);

    // The small capital for lower-case letter `c`: the font's own (its `smcp` feature) or,
    // where it has none (Noto's small capitals are Latin only), one synthesized from the
    // capital scaled by synthesized_small_cap_scale, widened by synthesized_small_cap_tracking
    // and centred in its advance. nullopt when the font has not even the capital.
    struct SmallCap {
        unsigned glyph = 0; // the `smcp` glyph, or the capital a synthesized one scales
        bool synthesized = false;
        int units = 0;   // the advance in font units
        int advance = 0; // the advance in 1/1000 em
    };
    std::optional<SmallCap> small_cap(char32_t c) const;
    // The advance of `text` with each lower-case letter set as its small capital (letters the
    // font has no small capital for count as they are).
    std::int64_t small_caps_advance(std::string_view text) const;

    // The glyph `c` maps to (0 when the font lacks it).
    unsigned glyph(char32_t c) const;
    unsigned units_per_em() const { return units_per_em_; }

    // Ascender and descender (positive below the baseline) in em, from hhea/OS2.
    double ascender() const { return ascender_; }
    double descender() const { return descender_; }
    // Cap height and x-height in em (estimated from the ascender when the font lacks them).
    double cap_height() const { return cap_height_; }

  private:
    FontMetrics() = default;
    void load(const Font& font);
    int lookup(char32_t c) const;
    void load_small_caps() const;
    int to_thousandths(int units) const;

    static constexpr char32_t table_end = 0x3000;
    hb_font_t* font_ = nullptr;
    unsigned units_per_em_ = 1000;
    int missing_advance_ = 0;
    std::array<std::int16_t, table_end> advances_{};
    double ascender_ = 0.8, descender_ = 0.2, cap_height_ = 0.7;
    mutable std::once_flag small_caps_loaded_;
    mutable std::unordered_map<char32_t, SmallCap> small_caps_;
};

// True for the lower-case letters of the scripts galley sets (those text-transform and
// small capitals change).
bool is_lower_case(char32_t c);
// The upper-case form of `c` (one code point for one); `c` when it has none.
char32_t to_upper_case(char32_t c);

// Synthesized small capitals: the capital at this share of its size, its advance widened by
// this share of the scaled advance (small capitals want a little more room than capitals).
inline constexpr double synthesized_small_cap_scale = 0.72;
inline constexpr double synthesized_small_cap_tracking = 0.06;

// True for the characters that draw nothing and take no width: U+00AD, U+200B–U+200F,
// U+2060, U+FEFF.
inline bool is_invisible_format(char32_t c) {
    return c == 0x00AD || (c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF;
}

} // namespace galley::detail
