#include "pdf/font_metrics.hpp"

#include "galley/error.hpp"
#include "text/unicode_internal.hpp"

#include <hb-ot.h>
#include <hb.h>

#include <array>
#include <cmath>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace galley::detail {

namespace {

std::mutex cache_mutex;
std::map<std::string, std::unique_ptr<FontMetrics>>& cache() {
    static std::map<std::string, std::unique_ptr<FontMetrics>> fonts;
    return fonts;
}

} // namespace

const FontMetrics& FontMetrics::of(const Font& font) {
    const std::string key = font.file.string() + "#" + std::to_string(font.index);
    std::lock_guard lock(cache_mutex);
    auto& fonts = cache();
    if (auto found = fonts.find(key); found != fonts.end()) return *found->second;
    std::unique_ptr<FontMetrics> metrics(new FontMetrics());
    metrics->load(font);
    return *fonts.emplace(key, std::move(metrics)).first->second;
}

FontMetrics::~FontMetrics() {
    if (font_ != nullptr) hb_font_destroy(font_);
}

void FontMetrics::load(const Font& font) {
    const std::string path = font.file.string();
    hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
    if (blob == nullptr) throw Error(ErrorCode::io, path, "cannot read the font file");
    hb_face_t* face = hb_face_create(blob, static_cast<unsigned>(font.index));
    hb_blob_destroy(blob);
    units_per_em_ = hb_face_get_upem(face);
    if (units_per_em_ == 0) units_per_em_ = 1000;
    font_ = hb_font_create(face);
    hb_face_destroy(face);
    hb_font_set_scale(font_, static_cast<int>(units_per_em_), static_cast<int>(units_per_em_));
    hb_font_make_immutable(font_);

    missing_advance_ = to_thousandths(hb_font_get_glyph_h_advance(font_, 0));
    for (char32_t c = 0; c < table_end; ++c) {
        hb_codepoint_t glyph = 0;
        const bool has = hb_font_get_nominal_glyph(font_, c, &glyph);
        advances_[c] = static_cast<std::int16_t>(
            has ? to_thousandths(hb_font_get_glyph_h_advance(font_, glyph)) : missing_advance_);
    }
    for (char32_t c = 0; c < table_end; ++c)
        if (is_invisible_format(c)) advances_[c] = 0;

    hb_font_extents_t extents{};
    if (hb_font_get_h_extents(font_, &extents)) {
        ascender_ = static_cast<double>(extents.ascender) / units_per_em_;
        descender_ = -static_cast<double>(extents.descender) / units_per_em_;
    }
    hb_position_t cap = 0;
    if (hb_ot_metrics_get_position(font_, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) && cap > 0)
        cap_height_ = static_cast<double>(cap) / units_per_em_;
    else
        cap_height_ = ascender_ * 0.7;
}

int FontMetrics::lookup(char32_t c) const {
    if (is_invisible_format(c)) return 0;
    hb_codepoint_t glyph = 0;
    if (!hb_font_get_nominal_glyph(font_, c, &glyph)) return missing_advance_;
    return to_thousandths(hb_font_get_glyph_h_advance(font_, glyph));
}

int FontMetrics::advance(char32_t c) const {
    return c < table_end ? advances_[c] : lookup(c);
}

std::int64_t FontMetrics::advance(std::string_view text) const {
    std::int64_t total = 0;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            total += advances_[byte];
            ++i;
            continue;
        }
        const text_unicode::Decoded decoded = text_unicode::decode(text, i);
        total += advance(decoded.code_point);
        i += decoded.length;
    }
    return total;
}

int FontMetrics::spaced_characters(std::string_view text) {
    int count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            ++count;
            ++i;
            continue;
        }
        const text_unicode::Decoded decoded = text_unicode::decode(text, i);
        // libharu's Tc spaces every character code, combining marks included.
        if (!is_invisible_format(decoded.code_point)) ++count;
        i += decoded.length;
    }
    return count;
}

char32_t to_upper_case(char32_t c) {
    if (c < 0x80) return (c >= U'a' && c <= U'z') ? c - 32 : c;
    if (c == 0xB5 || c == 0xDF) return c; // micro sign, sharp s
    if (c == 0xFF) return 0x178;
    if (c == 0x131) return U'I';
    if (c == 0x3C2) return 0x3A3; // final sigma
    if (c == 0x4CF) return 0x4C0;
    // The inverse of text_unicode::to_lower: the upper-case letters sit at these distances
    // below their lower-case forms in Latin, Greek and Cyrillic.
    static constexpr std::array<char32_t, 8> offsets{1, 32, 80, 37, 38, 63, 64, 0};
    for (char32_t offset : offsets) {
        if (offset == 0 || offset >= c) continue;
        const char32_t candidate = c - offset;
        if (text_unicode::to_lower(candidate) == c) return candidate;
    }
    return c;
}

bool is_lower_case(char32_t c) {
    return c == 0xDF || to_upper_case(c) != c;
}

unsigned FontMetrics::glyph(char32_t c) const {
    hb_codepoint_t glyph = 0;
    return hb_font_get_nominal_glyph(font_, c, &glyph) ? glyph : 0;
}

void FontMetrics::load_small_caps() const {
    std::call_once(small_caps_loaded_, [this] {
        // One shaping run with `smcp` per script (a font registers the feature per script),
        // over every lower-case letter below U+3000, each between spaces so that no ligature
        // or contextual form joins them.
        struct Script {
            hb_script_t script;
            std::vector<char32_t> letters;
        };
        std::array<Script, 3> scripts{
            {{HB_SCRIPT_LATIN, {}}, {HB_SCRIPT_GREEK, {}}, {HB_SCRIPT_CYRILLIC, {}}}};
        for (char32_t c = 0x61; c < table_end; ++c) {
            if (!is_lower_case(c) || glyph(c) == 0) continue;
            if ((c >= 0x370 && c < 0x400) || (c >= 0x1F00 && c < 0x2000))
                scripts[1].letters.push_back(c);
            else if (c >= 0x400 && c < 0x530)
                scripts[2].letters.push_back(c);
            else
                scripts[0].letters.push_back(c);
        }
        hb_feature_t features[4];
        hb_feature_from_string("smcp", -1, &features[0]);
        hb_feature_from_string("-liga", -1, &features[1]);
        hb_feature_from_string("-kern", -1, &features[2]);
        hb_feature_from_string("-calt", -1, &features[3]);
        for (const Script& script : scripts) {
            const std::vector<char32_t>& letters = script.letters;
            if (letters.empty()) continue;
            hb_buffer_t* buffer = hb_buffer_create();
            for (std::size_t i = 0; i < letters.size(); ++i) {
                hb_buffer_add(buffer, letters[i], static_cast<unsigned>(2 * i));
                hb_buffer_add(buffer, U' ', static_cast<unsigned>(2 * i + 1));
            }
            hb_buffer_set_content_type(buffer, HB_BUFFER_CONTENT_TYPE_UNICODE);
            hb_buffer_set_direction(buffer, HB_DIRECTION_LTR);
            hb_buffer_set_script(buffer, script.script);
            hb_shape(font_, buffer, features, 4);
            unsigned count = 0;
            const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
            for (unsigned i = 0; i < count; ++i) {
                if (infos[i].cluster % 2 != 0 || infos[i].cluster / 2 >= letters.size()) continue;
                const char32_t c = letters[infos[i].cluster / 2];
                const unsigned small = infos[i].codepoint;
                if (small == 0 || small == glyph(c)) continue;
                const int units = hb_font_get_glyph_h_advance(font_, small);
                small_caps_.emplace(c, SmallCap{small, false, units, to_thousandths(units)});
            }
            hb_buffer_destroy(buffer);
            // The others: the capital, scaled.
            for (char32_t c : letters) {
                if (small_caps_.count(c) != 0) continue;
                const unsigned capital = glyph(to_upper_case(c));
                if (capital == 0 || to_upper_case(c) == c) continue;
                const double scaled =
                    hb_font_get_glyph_h_advance(font_, capital) * synthesized_small_cap_scale;
                const int units =
                    static_cast<int>(std::lround(scaled * (1 + synthesized_small_cap_tracking)));
                small_caps_.emplace(c, SmallCap{capital, true, units, to_thousandths(units)});
            }
        }
    });
}

// As libharu computes widths: advance × 1000 / unitsPerEm, truncated.
int FontMetrics::to_thousandths(int units) const {
    return static_cast<int>(static_cast<long>(units) * 1000 / static_cast<long>(units_per_em_));
}

std::optional<FontMetrics::SmallCap> FontMetrics::small_cap(char32_t c) const {
    load_small_caps();
    if (auto found = small_caps_.find(c); found != small_caps_.end()) return found->second;
    return std::nullopt;
}

std::int64_t FontMetrics::small_caps_advance(std::string_view text) const {
    load_small_caps();
    std::int64_t total = 0;
    for (std::size_t i = 0; i < text.size();) {
        const text_unicode::Decoded d = text_unicode::decode(text, i);
        auto found = small_caps_.find(d.code_point);
        total += found != small_caps_.end() ? found->second.advance : advance(d.code_point);
        i += d.length;
    }
    return total;
}

} // namespace galley::detail
