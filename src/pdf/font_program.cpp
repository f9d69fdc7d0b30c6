#include "pdf/font_program.hpp"

#include "galley/error.hpp"
#include "pdf/font_metrics.hpp"
#include "text/unicode_internal.hpp"

#include <hb-subset.h>
#include <hb.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace galley::detail::pdf {

namespace {

// ---------------------------------------------------------------------------------------------
// Reading and writing big-endian sfnt data

std::uint32_t read32(std::string_view data, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(data[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(data[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(data[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(data[at + 3]));
}

std::uint16_t read16(std::string_view data, std::size_t at) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(data[at]) << 8) |
                                      static_cast<unsigned char>(data[at + 1]));
}

void put16(std::string& out, std::uint32_t value) {
    out += static_cast<char>((value >> 8) & 0xFF);
    out += static_cast<char>(value & 0xFF);
}

void put32(std::string& out, std::uint32_t value) {
    put16(out, value >> 16);
    put16(out, value & 0xFFFF);
}

void set32(std::string& out, std::size_t at, std::uint32_t value) {
    out[at] = static_cast<char>((value >> 24) & 0xFF);
    out[at + 1] = static_cast<char>((value >> 16) & 0xFF);
    out[at + 2] = static_cast<char>((value >> 8) & 0xFF);
    out[at + 3] = static_cast<char>(value & 0xFF);
}

std::uint32_t checksum(std::string_view data) {
    std::uint32_t sum = 0;
    std::size_t i = 0;
    for (; i + 4 <= data.size(); i += 4) sum += read32(data, i);
    if (i < data.size()) {
        char tail[4] = {0, 0, 0, 0};
        for (std::size_t k = 0; i + k < data.size(); ++k) tail[k] = data[i + k];
        sum += read32(std::string_view(tail, 4), 0);
    }
    return sum;
}

// A cmap with one subtable (Windows, Unicode BMP; format 4) for `mapping` (code point, glyph),
// sorted by code point. Code points less than `merge_gap` apart share a segment (the gaps map
// to glyph 0), so that a run of text characters needs only a few segments.
std::string format4_cmap(const std::vector<std::pair<char32_t, std::uint16_t>>& mapping) {
    constexpr char32_t merge_gap = 24;
    struct Segment {
        char32_t first, last;
        std::size_t begin, end; // into mapping
    };
    std::vector<Segment> segments;
    for (std::size_t i = 0; i < mapping.size(); ++i) {
        const char32_t c = mapping[i].first;
        if (!segments.empty() && c - segments.back().last <= merge_gap) {
            segments.back().last = c;
            segments.back().end = i + 1;
        } else {
            segments.push_back({c, c, i, i + 1});
        }
    }
    const std::size_t count = segments.size() + 1; // and the closing 0xFFFF segment
    std::vector<std::uint16_t> ends, starts, deltas, offsets, glyphs;
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const Segment& segment = segments[s];
        ends.push_back(static_cast<std::uint16_t>(segment.last));
        starts.push_back(static_cast<std::uint16_t>(segment.first));
        // Contiguous code points with contiguous glyphs: a delta alone says it.
        bool linear = segment.end - segment.begin == segment.last - segment.first + 1;
        for (std::size_t i = segment.begin; linear && i < segment.end; ++i)
            linear = mapping[i].second - mapping[segment.begin].second ==
                     static_cast<int>(i - segment.begin);
        if (linear) {
            deltas.push_back(
                static_cast<std::uint16_t>(mapping[segment.begin].second - segment.first));
            offsets.push_back(0);
            continue;
        }
        deltas.push_back(0);
        // Bytes from this idRangeOffset entry to the segment's first glyph in glyphIdArray.
        offsets.push_back(static_cast<std::uint16_t>(2 * (count - s) + 2 * glyphs.size()));
        std::size_t i = segment.begin;
        for (char32_t c = segment.first; c <= segment.last; ++c) {
            if (i < segment.end && mapping[i].first == c)
                glyphs.push_back(mapping[i++].second);
            else
                glyphs.push_back(0);
        }
    }
    ends.push_back(0xFFFF);
    starts.push_back(0xFFFF);
    deltas.push_back(1);
    offsets.push_back(0);

    std::uint16_t search = 1, selector = 0;
    while (search * 2 <= count) {
        search = static_cast<std::uint16_t>(search * 2);
        ++selector;
    }
    std::string subtable;
    put16(subtable, 4);
    put16(subtable, static_cast<std::uint32_t>(16 + 8 * count + 2 * glyphs.size()));
    put16(subtable, 0); // language
    put16(subtable, static_cast<std::uint32_t>(2 * count));
    put16(subtable, 2u * search);
    put16(subtable, selector);
    put16(subtable, static_cast<std::uint32_t>(2 * count - 2u * search));
    for (std::uint16_t v : ends) put16(subtable, v);
    put16(subtable, 0); // reservedPad
    for (std::uint16_t v : starts) put16(subtable, v);
    for (std::uint16_t v : deltas) put16(subtable, v);
    for (std::uint16_t v : offsets) put16(subtable, v);
    for (std::uint16_t v : glyphs) put16(subtable, v);

    std::string cmap;
    put16(cmap, 0); // version
    put16(cmap, 1); // one encoding record
    put16(cmap, 3); // Windows
    put16(cmap, 1); // Unicode BMP
    put32(cmap, 12);
    cmap += subtable;
    return cmap;
}

using Tables = std::map<std::string, std::string>; // by tag, sorted as a table directory must be

Tables read_tables(std::string_view font) {
    if (font.size() < 12)
        throw Error(ErrorCode::backend, {}, "HarfBuzz produced a font too short to read");
    const std::uint16_t count = read16(font, 4);
    if (font.size() < 12 + 16u * count)
        throw Error(ErrorCode::backend, {}, "HarfBuzz produced a damaged font");
    Tables tables;
    for (std::uint16_t i = 0; i < count; ++i) {
        const std::size_t record = 12 + 16u * i;
        const std::string name(font.substr(record, 4));
        const std::uint32_t offset = read32(font, record + 8), length = read32(font, record + 12);
        if (offset > font.size() || length > font.size() - offset)
            throw Error(ErrorCode::backend, {},
                        "HarfBuzz produced a damaged font (table " + name + ")");
        tables[name] = std::string(font.substr(offset, length));
    }
    return tables;
}

// An sfnt of `tables`, its directory, checksums and head.checkSumAdjustment computed.
std::string write_font(std::uint32_t version, Tables tables) {
    if (auto head = tables.find("head"); head != tables.end() && head->second.size() >= 12)
        set32(head->second, 8, 0); // checkSumAdjustment, set below
    const auto n = static_cast<std::uint16_t>(tables.size());
    std::uint16_t search = 1, selector = 0;
    while (search * 2 <= n) {
        search = static_cast<std::uint16_t>(search * 2);
        ++selector;
    }
    std::string out;
    put32(out, version);
    put16(out, n);
    put16(out, 16u * search);
    put16(out, selector);
    put16(out, 16u * n - 16u * search);
    std::size_t offset = 12 + 16u * n;
    std::size_t head_offset = 0;
    for (const auto& [name, data] : tables) {
        out += name;
        put32(out, checksum(data));
        put32(out, static_cast<std::uint32_t>(offset));
        put32(out, static_cast<std::uint32_t>(data.size()));
        if (name == "head") head_offset = offset;
        offset += (data.size() + 3) & ~std::size_t{3};
    }
    for (const auto& [name, data] : tables) {
        out += data;
        out.append(((data.size() + 3) & ~std::size_t{3}) - data.size(), '\0');
    }
    if (head_offset != 0 && head_offset + 12 <= out.size())
        set32(out, head_offset + 8, 0xB1B0AFBAu - checksum(out));
    return out;
}

std::int16_t read_signed16(std::string_view data, std::size_t at) {
    return static_cast<std::int16_t>(read16(data, at));
}

void set16(std::string& out, std::size_t at, std::uint32_t value) {
    out[at] = static_cast<char>((value >> 8) & 0xFF);
    out[at + 1] = static_cast<char>(value & 0xFF);
}

// A glyph drawn as another glyph scaled (a synthesized small capital).
struct ScaledGlyph {
    std::uint16_t component = 0; // in the subset
    int advance = 0;             // font units
    double scale = 1;
};

// Appends one composite glyph for each of `glyphs`: its component scaled and centred in its
// advance. Rewrites glyf, loca (long), hmtx (one full metric a glyph), hhea, maxp and post
// (format 3: no glyph names to extend). Returns the new glyphs' ids.
std::vector<std::uint16_t> append_scaled_glyphs(Tables& tables,
                                                const std::vector<ScaledGlyph>& glyphs) {
    for (const char* tag : {"head", "maxp", "hhea", "hmtx", "loca", "glyf"})
        if (tables.count(tag) == 0)
            throw Error(ErrorCode::backend, {}, std::string("the font has no ") + tag + " table");
    std::string& head = tables["head"];
    std::string& maxp = tables["maxp"];
    std::string& hhea = tables["hhea"];
    const std::string& glyf = tables["glyf"];
    const std::string& loca = tables["loca"];
    const std::string& hmtx = tables["hmtx"];
    if (head.size() < 54 || maxp.size() < 6 || hhea.size() < 36)
        throw Error(ErrorCode::backend, {}, "the font's head, maxp or hhea table is too short");
    const bool long_offsets = read16(head, 50) == 1;
    const std::uint16_t count = read16(maxp, 4);
    const std::uint16_t metrics = read16(hhea, 34);
    if (count + glyphs.size() > 0xFFFF || metrics == 0 || metrics > count)
        throw Error(ErrorCode::backend, {}, "the font's glyph counts do not add up");

    const auto offset_of = [&](std::size_t glyph) -> std::size_t {
        return long_offsets ? read32(loca, 4 * glyph) : 2u * read16(loca, 2 * glyph);
    };
    if (loca.size() < (long_offsets ? 4u : 2u) * (count + 1u))
        throw Error(ErrorCode::backend, {}, "the font's loca table is too short");
    if (hmtx.size() < 4u * metrics + 2u * (count - metrics))
        throw Error(ErrorCode::backend, {}, "the font's hmtx table is too short");

    std::vector<std::uint32_t> offsets;
    std::string new_glyf = glyf;
    for (std::size_t g = 0; g <= count; ++g)
        offsets.push_back(static_cast<std::uint32_t>(offset_of(g)));
    std::string new_hmtx;
    for (std::size_t g = 0; g < count; ++g) {
        const std::uint16_t advance = read16(hmtx, 4 * std::min<std::size_t>(g, metrics - 1u));
        const std::int16_t bearing = g < metrics
                                         ? read_signed16(hmtx, 4 * g + 2)
                                         : read_signed16(hmtx, 4u * metrics + 2 * (g - metrics));
        put16(new_hmtx, advance);
        put16(new_hmtx, static_cast<std::uint16_t>(bearing));
    }

    std::vector<std::uint16_t> ids;
    for (const ScaledGlyph& scaled : glyphs) {
        std::int16_t x_min = 0, y_min = 0, x_max = 0, y_max = 0;
        const std::size_t begin = offset_of(scaled.component),
                          end = offset_of(scaled.component + 1u);
        if (end >= begin + 10 && end <= glyf.size()) {
            x_min = read_signed16(glyf, begin + 2);
            y_min = read_signed16(glyf, begin + 4);
            x_max = read_signed16(glyf, begin + 6);
            y_max = read_signed16(glyf, begin + 8);
        }
        const auto scale = [&](int value) {
            return static_cast<int>(std::lround(value * scaled.scale));
        };
        const int width = scale(x_max) - scale(x_min);
        const std::uint16_t component_advance =
            read16(hmtx, 4 * std::min<std::size_t>(scaled.component, metrics - 1u));
        // Centred: the scaled capital's side bearings, and half the added tracking on each side.
        const int shift = (scaled.advance - scale(component_advance)) / 2;
        std::string glyph;
        put16(glyph, 0xFFFF); // numberOfContours -1: a composite
        put16(glyph, static_cast<std::uint16_t>(scale(x_min) + shift));
        put16(glyph, static_cast<std::uint16_t>(scale(y_min)));
        put16(glyph, static_cast<std::uint16_t>(scale(x_min) + shift + width));
        put16(glyph, static_cast<std::uint16_t>(scale(y_max)));
        put16(glyph, 0x0001 | 0x0002 |
                         0x0008); // ARG_1_AND_2_ARE_WORDS, ARGS_ARE_XY_VALUES, WE_HAVE_A_SCALE
        put16(glyph, scaled.component);
        put16(glyph, static_cast<std::uint16_t>(static_cast<std::int16_t>(shift)));
        put16(glyph, 0);
        put16(glyph, static_cast<std::uint16_t>(
                         static_cast<std::int16_t>(std::lround(scaled.scale * 16384))));
        new_glyf.resize(offsets.back(), '\0');
        new_glyf += glyph;
        new_glyf.append((4 - new_glyf.size() % 4) % 4, '\0');
        offsets.push_back(static_cast<std::uint32_t>(new_glyf.size()));
        put16(new_hmtx, static_cast<std::uint32_t>(scaled.advance));
        put16(new_hmtx,
              static_cast<std::uint16_t>(static_cast<std::int16_t>(scale(x_min) + shift)));
        ids.push_back(static_cast<std::uint16_t>(count + ids.size()));
    }

    std::string new_loca;
    for (std::uint32_t offset : offsets) put32(new_loca, offset);
    const auto total = static_cast<std::uint16_t>(count + glyphs.size());
    tables["glyf"] = std::move(new_glyf);
    tables["loca"] = std::move(new_loca);
    tables["hmtx"] = std::move(new_hmtx);
    set16(head, 50, 1); // long loca offsets
    set16(hhea, 34, total);
    set16(maxp, 4, total);
    if (read32(maxp, 0) == 0x00010000 && maxp.size() >= 32) {
        set16(maxp, 28, std::max<std::uint32_t>(read16(maxp, 28), 1)); // maxComponentElements
        set16(maxp, 30, read16(maxp, 30) + 1u);                        // maxComponentDepth
    }
    if (auto post = tables.find("post"); post != tables.end() && post->second.size() >= 32 &&
                                         read32(post->second, 0) == 0x00020000) {
        post->second.resize(32);
        set32(post->second, 0, 0x00030000);
    }
    return ids;
}

// ---------------------------------------------------------------------------------------------
// Faces prepared for subsetting, one per font file, for the life of the process

struct PreparedFace {
    hb_face_t* face = nullptr;
    std::mutex mutex; // one subsetting at a time per face

    PreparedFace() = default;
    PreparedFace(const PreparedFace&) = delete;
    PreparedFace& operator=(const PreparedFace&) = delete;
    ~PreparedFace() { hb_face_destroy(face); }
};

PreparedFace& prepared_face(const Font& font) {
    static std::mutex mutex;
    static std::unordered_map<std::string, std::unique_ptr<PreparedFace>> faces;
    const std::string key = font.file.string() + "#" + std::to_string(font.index);
    std::lock_guard lock(mutex);
    auto& entry = faces[key];
    if (!entry) {
        const std::string path = font.file.string();
        hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
        if (blob == nullptr) {
            faces.erase(key);
            throw Error(ErrorCode::io, path, "cannot read the font file");
        }
        hb_face_t* face = hb_face_create(blob, static_cast<unsigned>(font.index));
        hb_blob_destroy(blob);
        auto prepared = std::make_unique<PreparedFace>();
        prepared->face = hb_subset_preprocess(face);
        hb_face_destroy(face);
        entry = std::move(prepared);
    }
    return *entry;
}

struct SubsetInputRelease {
    void operator()(hb_subset_input_t* input) const { hb_subset_input_destroy(input); }
};
struct SubsetPlanRelease {
    void operator()(hb_subset_plan_t* plan) const { hb_subset_plan_destroy(plan); }
};
struct FaceRelease {
    void operator()(hb_face_t* face) const { hb_face_destroy(face); }
};
struct BlobRelease {
    void operator()(hb_blob_t* blob) const { hb_blob_destroy(blob); }
};

std::string build_program(const Font& font, const std::set<char32_t>& code_points,
                          bool small_caps) {
    const std::string name = font.file.string();
    std::unique_ptr<hb_subset_input_t, SubsetInputRelease> input(hb_subset_input_create_or_fail());
    if (!input) throw Error(ErrorCode::backend, name, "HarfBuzz: out of memory");
    hb_set_t* unicodes = hb_subset_input_unicode_set(input.get());
    for (char32_t c : code_points) hb_set_add(unicodes, static_cast<hb_codepoint_t>(c));
    hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t* dropped = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const char* tag :
         {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG", "kern", "hdmx", "LTSH", "VDMX"})
        hb_set_add(dropped, hb_tag_from_string(tag, 4));

    std::map<char32_t, FontMetrics::SmallCap> small_cap_glyphs;
    if (small_caps) {
        const FontMetrics& metrics = FontMetrics::of(font);
        hb_set_t* glyphs = hb_subset_input_glyph_set(input.get());
        for (char32_t c : code_points)
            if (const auto small = metrics.small_cap(c)) {
                small_cap_glyphs.emplace(c, *small);
                hb_set_add(glyphs, small->glyph);
            }
    }

    PreparedFace& prepared = prepared_face(font);
    std::vector<std::pair<char32_t, std::uint16_t>> mapping;
    std::vector<std::pair<char32_t, ScaledGlyph>> synthesized;
    std::string bytes;
    {
        std::lock_guard lock(prepared.mutex);
        std::unique_ptr<hb_subset_plan_t, SubsetPlanRelease> plan(
            hb_subset_plan_create_or_fail(prepared.face, input.get()));
        if (!plan)
            throw Error(ErrorCode::backend, name, "HarfBuzz cannot plan a subset of the font");
        std::unique_ptr<hb_face_t, FaceRelease> subset(hb_subset_plan_execute_or_fail(plan.get()));
        if (!subset) throw Error(ErrorCode::backend, name, "HarfBuzz cannot subset the font");
        const hb_map_t* old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan.get());
        const hb_map_t* unicode_to_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan.get());
        for (char32_t c : code_points) {
            if (c > 0xFFFD) continue; // libharu addresses the BMP only
            hb_codepoint_t old = HB_MAP_VALUE_INVALID;
            const auto small = small_cap_glyphs.find(c);
            if (small != small_cap_glyphs.end())
                old = small->second.glyph;
            else
                old = hb_map_get(unicode_to_old, c);
            if (old == HB_MAP_VALUE_INVALID) continue;
            const hb_codepoint_t glyph = hb_map_get(old_to_new, old);
            if (glyph == HB_MAP_VALUE_INVALID || glyph > 0xFFFF) continue;
            if (small != small_cap_glyphs.end() && small->second.synthesized)
                synthesized.emplace_back(c, ScaledGlyph{static_cast<std::uint16_t>(glyph),
                                                        small->second.units,
                                                        synthesized_small_cap_scale});
            else
                mapping.emplace_back(c, static_cast<std::uint16_t>(glyph));
        }
        std::unique_ptr<hb_blob_t, BlobRelease> blob(hb_face_reference_blob(subset.get()));
        unsigned length = 0;
        const char* data = hb_blob_get_data(blob.get(), &length);
        if (data == nullptr || length == 0)
            throw Error(ErrorCode::backend, name, "HarfBuzz produced an empty subset");
        bytes.assign(data, length);
    }
    Tables tables = read_tables(bytes);
    if (!synthesized.empty()) {
        std::vector<ScaledGlyph> scaled;
        for (const auto& entry : synthesized) scaled.push_back(entry.second);
        const std::vector<std::uint16_t> ids = append_scaled_glyphs(tables, scaled);
        for (std::size_t i = 0; i < ids.size(); ++i)
            mapping.emplace_back(synthesized[i].first, ids[i]);
        std::sort(mapping.begin(), mapping.end());
    }
    if (mapping.empty()) mapping.emplace_back(U' ', 0); // a cmap needs one segment besides 0xFFFF
    tables["cmap"] = format4_cmap(mapping);
    return write_font(read32(bytes, 0), std::move(tables));
}

// Programs already built: a batch of similar articles needs few distinct ones.
class ProgramCache {
  public:
    std::shared_ptr<const std::string> get(const Font& font, const std::set<char32_t>& code_points,
                                           bool small_caps) {
        std::string key = font.file.string();
        key += '#';
        key += std::to_string(font.index);
        key += small_caps ? ":sc:" : ":";
        for (char32_t c : code_points) text_unicode::append_utf8(key, c);
        {
            std::lock_guard lock(mutex_);
            if (auto found = programs_.find(key); found != programs_.end()) return found->second;
        }
        auto program =
            std::make_shared<const std::string>(build_program(font, code_points, small_caps));
        std::lock_guard lock(mutex_);
        if (programs_.emplace(key, program).second) {
            order_.push_back(key);
            if (order_.size() > capacity) {
                programs_.erase(order_.front());
                order_.pop_front();
            }
        }
        return program;
    }

  private:
    static constexpr std::size_t capacity = 256;
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const std::string>> programs_;
    std::deque<std::string> order_;
};

} // namespace

std::shared_ptr<const std::string>
font_program(const Font& font, const std::set<char32_t>& code_points, bool small_caps) {
    static ProgramCache cache;
    return cache.get(font, code_points, small_caps);
}

} // namespace galley::detail::pdf
