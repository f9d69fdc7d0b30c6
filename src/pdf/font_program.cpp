#include "pdf/font_program.hpp"

#include "galley/error.hpp"
#include "util/owned.hpp"

#include <hb-ot.h>
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

PreparedFace& prepared_face(const std::string& file, unsigned index) {
    static std::mutex mutex;
    static std::unordered_map<std::string, std::unique_ptr<PreparedFace>> faces;
    const std::string key = file + "#" + std::to_string(index);
    std::lock_guard lock(mutex);
    auto& entry = faces[key];
    if (!entry) {
        hb_blob_t* blob = hb_blob_create_from_file_or_fail(file.c_str());
        if (blob == nullptr) {
            faces.erase(key);
            throw Error(ErrorCode::io, file, "cannot read the font file");
        }
        hb_face_t* face = hb_face_create(blob, index);
        hb_blob_destroy(blob);
        auto prepared = std::make_unique<PreparedFace>();
        prepared->face = hb_subset_preprocess(face);
        hb_face_destroy(face);
        entry = std::move(prepared);
    }
    return *entry;
}

// The face's PostScript name as a PDF name may carry it (letters, digits, '-'); its family
// name so cut when it has none, and "Font" when it has neither.
std::string postscript_name(hb_face_t* face) {
    const auto read = [&](hb_ot_name_id_t id) {
        unsigned length = 0;
        std::string text(hb_ot_name_get_utf8(face, id, HB_LANGUAGE_INVALID, &length, nullptr) + 1,
                         '\0');
        length = static_cast<unsigned>(text.size());
        hb_ot_name_get_utf8(face, id, HB_LANGUAGE_INVALID, &length, text.data());
        text.resize(length);
        std::string name;
        for (char c : text)
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-')
                name += c;
        return name.substr(0, 100);
    };
    std::string name = read(HB_OT_NAME_ID_POSTSCRIPT_NAME);
    if (name.empty()) name = read(HB_OT_NAME_ID_FONT_FAMILY);
    return name.empty() ? "Font" : name;
}

// A signed 16-bit value of a table, 0 when the table is too short for it.
int read_short(const Tables& tables, const char* tag, std::size_t at) {
    const auto table = tables.find(tag);
    if (table == tables.end() || table->second.size() < at + 2) return 0;
    return static_cast<std::int16_t>(read16(table->second, at));
}

// What the PDF's font dictionaries say of the font, from its head, hhea, hmtx, OS/2 and post
// tables, in thousandths of an em.
void read_metrics(const Tables& tables, FontProgram& program) {
    int units = read_short(tables, "head", 18);
    if (units <= 0) units = 1000;
    const auto em = [&](long value) {
        return static_cast<int>(std::lround(value * 1000.0 / units));
    };
    for (std::size_t i = 0; i < 4; ++i)
        program.bounding_box[i] = em(read_short(tables, "head", 36 + 2 * i));
    program.ascent = em(read_short(tables, "hhea", 4));
    program.descent = em(read_short(tables, "hhea", 6));
    program.cap_height = program.ascent;
    if (read_short(tables, "OS/2", 0) >= 2 && read_short(tables, "OS/2", 88) > 0)
        program.cap_height = em(read_short(tables, "OS/2", 88));
    if (const auto post = tables.find("post"); post != tables.end() && post->second.size() >= 16) {
        program.italic_angle = static_cast<std::int32_t>(read32(post->second, 4)) / 65536.0;
        program.fixed_pitch = read32(post->second, 12) != 0;
    }
    const auto hmtx = tables.find("hmtx");
    const auto metrics =
        static_cast<std::size_t>(static_cast<std::uint16_t>(read_short(tables, "hhea", 34)));
    program.widths.assign(program.glyphs.size(), 0);
    if (hmtx == tables.end() || metrics == 0) return;
    for (std::size_t code = 1; code < program.glyphs.size(); ++code) {
        // Glyphs past the last long metric have its advance.
        const std::size_t at = 4 * std::min<std::size_t>(program.glyphs[code], metrics - 1);
        if (at + 2 <= hmtx->second.size()) program.widths[code] = em(read16(hmtx->second, at));
    }
}

FontProgram build_program(const std::string& file, unsigned index,
                          const std::vector<std::uint16_t>& glyphs) {
    Owned<hb_subset_input_t, hb_subset_input_destroy> input(hb_subset_input_create_or_fail());
    if (!input) throw Error(ErrorCode::backend, file, "HarfBuzz: out of memory");
    hb_set_t* kept = hb_subset_input_glyph_set(input.get());
    for (std::uint16_t glyph : glyphs) hb_set_add(kept, glyph);
    hb_set_clear(hb_subset_input_unicode_set(input.get()));
    hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t* dropped = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const char* tag : {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG", "kern", "hdmx",
                            "LTSH", "VDMX", "cmap"})
        hb_set_add(dropped, hb_tag_from_string(tag, 4));

    PreparedFace& prepared = prepared_face(file, index);
    FontProgram program;
    std::vector<std::pair<char32_t, std::uint16_t>> mapping;
    std::string bytes;
    {
        std::lock_guard lock(prepared.mutex);
        Owned<hb_subset_plan_t, hb_subset_plan_destroy> plan(
            hb_subset_plan_create_or_fail(prepared.face, input.get()));
        if (!plan)
            throw Error(ErrorCode::backend, file, "HarfBuzz cannot plan a subset of the font");
        Owned<hb_face_t, hb_face_destroy> subset(hb_subset_plan_execute_or_fail(plan.get()));
        if (!subset) throw Error(ErrorCode::backend, file, "HarfBuzz cannot subset the font");
        const hb_map_t* old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan.get());
        program.glyphs.assign(glyphs.size(), 0);
        for (std::size_t code = 1; code < glyphs.size(); ++code) {
            const hb_codepoint_t glyph = hb_map_get(old_to_new, glyphs[code]);
            if (glyph != HB_MAP_VALUE_INVALID && glyph <= 0xFFFF) {
                program.glyphs[code] = static_cast<std::uint16_t>(glyph);
                mapping.emplace_back(static_cast<char32_t>(code),
                                     static_cast<std::uint16_t>(glyph));
            }
        }
        program.postscript_name = postscript_name(subset.get());
        Owned<hb_blob_t, hb_blob_destroy> blob(hb_face_reference_blob(subset.get()));
        unsigned length = 0;
        const char* data = hb_blob_get_data(blob.get(), &length);
        if (data == nullptr || length == 0)
            throw Error(ErrorCode::backend, file, "HarfBuzz produced an empty subset");
        bytes.assign(data, length);
    }
    Tables tables = read_tables(bytes);
    if (mapping.empty()) mapping.emplace_back(U' ', 0); // a cmap needs one segment besides 0xFFFF
    tables["cmap"] = format4_cmap(mapping);
    read_metrics(tables, program);
    program.bytes = write_font(read32(bytes, 0), std::move(tables));
    return program;
}

// Programs already built: a batch of similar articles needs few distinct ones.
class ProgramCache {
  public:
    std::shared_ptr<const FontProgram> get(const std::string& file, unsigned index,
                                           const std::vector<std::uint16_t>& glyphs) {
        std::string key = file;
        key += '#';
        key += std::to_string(index);
        key += ':';
        for (std::uint16_t glyph : glyphs) {
            key += static_cast<char>(glyph >> 8);
            key += static_cast<char>(glyph & 0xFF);
        }
        {
            std::lock_guard lock(mutex_);
            if (auto found = programs_.find(key); found != programs_.end()) return found->second;
        }
        auto program = std::make_shared<const FontProgram>(build_program(file, index, glyphs));
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
    std::unordered_map<std::string, std::shared_ptr<const FontProgram>> programs_;
    std::deque<std::string> order_;
};

} // namespace

std::shared_ptr<const FontProgram> font_program(const std::string& file, unsigned index,
                                                const std::vector<std::uint16_t>& glyphs) {
    static ProgramCache cache;
    return cache.get(file, index, glyphs);
}

} // namespace galley::detail::pdf
