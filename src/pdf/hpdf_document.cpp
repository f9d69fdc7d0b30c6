#include "pdf/hpdf_document.hpp"

#include "text/unicode_internal.hpp"

#include "galley/error.hpp"

// libharu's own headers for loading a font from memory: the public API only reads font files.
// These functions are exported by libhpdf 2.3.0 and declared in its installed headers.
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace galley::detail {

namespace {

struct NamedCode {
    HPDF_STATUS code;
    std::string_view name;
};

constexpr std::array known_codes{
    NamedCode{HPDF_DOC_INVALID_OBJECT, "HPDF_DOC_INVALID_OBJECT"},
    NamedCode{HPDF_DUPLICATE_REGISTRATION, "HPDF_DUPLICATE_REGISTRATION"},
    NamedCode{HPDF_FAILD_TO_ALLOC_MEM, "HPDF_FAILD_TO_ALLOC_MEM"},
    NamedCode{HPDF_FILE_IO_ERROR, "HPDF_FILE_IO_ERROR"},
    NamedCode{HPDF_FILE_OPEN_ERROR, "HPDF_FILE_OPEN_ERROR"},
    NamedCode{HPDF_FONT_EXISTS, "HPDF_FONT_EXISTS"},
    NamedCode{HPDF_INVALID_COLOR_SPACE, "HPDF_INVALID_COLOR_SPACE"},
    NamedCode{HPDF_INVALID_DATE_TIME, "HPDF_INVALID_DATE_TIME"},
    NamedCode{HPDF_INVALID_DESTINATION, "HPDF_INVALID_DESTINATION"},
    NamedCode{HPDF_INVALID_DOCUMENT, "HPDF_INVALID_DOCUMENT"},
    NamedCode{HPDF_INVALID_DOCUMENT_STATE, "HPDF_INVALID_DOCUMENT_STATE"},
    NamedCode{HPDF_INVALID_ENCODER, "HPDF_INVALID_ENCODER"},
    NamedCode{HPDF_INVALID_ENCODING_NAME, "HPDF_INVALID_ENCODING_NAME"},
    NamedCode{HPDF_INVALID_FONTDEF_DATA, "HPDF_INVALID_FONTDEF_DATA"},
    NamedCode{HPDF_INVALID_FONT_NAME, "HPDF_INVALID_FONT_NAME"},
    NamedCode{HPDF_INVALID_IMAGE, "HPDF_INVALID_IMAGE"},
    NamedCode{HPDF_INVALID_JPEG_DATA, "HPDF_INVALID_JPEG_DATA"},
    NamedCode{HPDF_INVALID_OBJECT, "HPDF_INVALID_OBJECT"},
    NamedCode{HPDF_INVALID_OPERATION, "HPDF_INVALID_OPERATION"},
    NamedCode{HPDF_INVALID_OUTLINE, "HPDF_INVALID_OUTLINE"},
    NamedCode{HPDF_INVALID_PAGE, "HPDF_INVALID_PAGE"},
    NamedCode{HPDF_INVALID_PARAMETER, "HPDF_INVALID_PARAMETER"},
    NamedCode{HPDF_INVALID_PNG_IMAGE, "HPDF_INVALID_PNG_IMAGE"},
    NamedCode{HPDF_INVALID_STREAM, "HPDF_INVALID_STREAM"},
    NamedCode{HPDF_INVALID_URI, "HPDF_INVALID_URI"},
    NamedCode{HPDF_LIBPNG_ERROR, "HPDF_LIBPNG_ERROR"},
    NamedCode{HPDF_PAGE_FONT_NOT_FOUND, "HPDF_PAGE_FONT_NOT_FOUND"},
    NamedCode{HPDF_PAGE_INVALID_FONT, "HPDF_PAGE_INVALID_FONT"},
    NamedCode{HPDF_PAGE_INVALID_FONT_SIZE, "HPDF_PAGE_INVALID_FONT_SIZE"},
    NamedCode{HPDF_PAGE_INVALID_GMODE, "HPDF_PAGE_INVALID_GMODE"},
    NamedCode{HPDF_PAGE_INVALID_SIZE, "HPDF_PAGE_INVALID_SIZE"},
    NamedCode{HPDF_PAGE_INVALID_XOBJECT, "HPDF_PAGE_INVALID_XOBJECT"},
    NamedCode{HPDF_PAGE_OUT_OF_RANGE, "HPDF_PAGE_OUT_OF_RANGE"},
    NamedCode{HPDF_REAL_OUT_OF_RANGE, "HPDF_REAL_OUT_OF_RANGE"},
    NamedCode{HPDF_STRING_OUT_OF_RANGE, "HPDF_STRING_OUT_OF_RANGE"},
    NamedCode{HPDF_THIS_FUNC_WAS_SKIPPED, "HPDF_THIS_FUNC_WAS_SKIPPED"},
    NamedCode{HPDF_TTF_CANNOT_EMBEDDING_FONT, "HPDF_TTF_CANNOT_EMBEDDING_FONT"},
    NamedCode{HPDF_TTF_INVALID_CMAP, "HPDF_TTF_INVALID_CMAP"},
    NamedCode{HPDF_TTF_INVALID_FOMAT, "HPDF_TTF_INVALID_FOMAT"},
    NamedCode{HPDF_TTF_MISSING_TABLE, "HPDF_TTF_MISSING_TABLE"},
    NamedCode{HPDF_UNSUPPORTED_FONT_TYPE, "HPDF_UNSUPPORTED_FONT_TYPE"},
    NamedCode{HPDF_UNSUPPORTED_FUNC, "HPDF_UNSUPPORTED_FUNC"},
    NamedCode{HPDF_UNSUPPORTED_JPEG_FORMAT, "HPDF_UNSUPPORTED_JPEG_FORMAT"},
    NamedCode{HPDF_ZLIB_ERROR, "HPDF_ZLIB_ERROR"},
    NamedCode{HPDF_INVALID_FONT, "HPDF_INVALID_FONT"},
};

std::string hex(HPDF_STATUS code) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%04X", static_cast<unsigned>(code));
    return buffer;
}

} // namespace

std::string_view hpdf_error_name(HPDF_STATUS code) {
    for (const NamedCode& known : known_codes)
        if (known.code == code) return known.name;
    return {};
}

HpdfDocument::HpdfDocument(std::string output_name) : output_name_(std::move(output_name)) {
    doc_ = HPDF_New(&HpdfDocument::on_error, this);
    if (doc_ == nullptr)
        throw Error(ErrorCode::backend, output_name_,
                    "libharu cannot create a document (out of memory)");
}

HpdfDocument::~HpdfDocument() {
    if (doc_ != nullptr) HPDF_Free(doc_);
}

void HpdfDocument::on_error(HPDF_STATUS error, HPDF_STATUS detail, void* self) {
    // Called from C: never throw here. Keep the first error; `check` reports it.
    auto* document = static_cast<HpdfDocument*>(self);
    if (document->error_ != HPDF_OK) return;
    document->error_ = error;
    document->detail_ = detail;
}

void HpdfDocument::check(HPDF_STATUS status, std::string_view what) const {
    if (status == HPDF_OK && error_ == HPDF_OK) return;
    const HPDF_STATUS code = error_ != HPDF_OK ? error_ : status;
    std::string message = "libharu error " + hex(code);
    if (const std::string_view name = hpdf_error_name(code); !name.empty()) {
        message += " (";
        message += name;
        message += ')';
    }
    if (error_ != HPDF_OK && detail_ != 0) message += ", detail " + std::to_string(detail_);
    message += " while ";
    message += what;
    throw Error(ErrorCode::backend, output_name_, message);
}

HPDF_Font HpdfDocument::load_truetype(const std::string& bytes, const std::string& tag,
                                      const std::vector<std::string>& texts,
                                      std::string_view name) {
    std::string what = "loading font ";
    what += name;
    // What HPDF_LoadTTFontFromFile does, from a memory stream instead of a file: the font
    // definition takes the stream (and frees it with itself, or on failure).
    HPDF_Stream stream = HPDF_MemStream_New(doc_->mmgr, static_cast<HPDF_UINT>(bytes.size()));
    check_handle(stream, what);
    if (HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                          static_cast<HPDF_UINT>(bytes.size())) != HPDF_OK) {
        HPDF_Stream_Free(stream);
        check(HPDF_INVALID_STREAM, what);
    }
    HPDF_FontDef definition = HPDF_TTFontDef_Load(doc_->mmgr, stream, HPDF_TRUE);
    check_handle(definition, what);
    // The font is a subset already: keep every glyph of it. libharu would keep only the
    // glyphs it sees drawn, and misses the components of composite glyphs (synthesized small
    // capitals, accented letters) that no text draws directly.
    auto* attr = static_cast<HPDF_TTFontDefAttr>(definition->attr);
    if (attr != nullptr && attr->glyph_tbl.flgs != nullptr)
        for (HPDF_UINT16 glyph = 0; glyph < attr->num_glyphs; ++glyph)
            attr->glyph_tbl.flgs[glyph] = 1;
    std::array<char, 7> tag_name{};
    for (std::size_t i = 0; i < 6 && i < tag.size(); ++i) tag_name[i] = tag[i];
    HPDF_TTFontDef_SetTagName(definition, tag_name.data());
    if (HPDF_Doc_FindFontDef(doc_, definition->base_font) != nullptr) {
        // Another font file with the same PostScript name: register this one under its
        // tagged name (the name written into the PDF is the tagged one either way).
        const std::string key = std::string(tag_name.data()) + "+" + definition->base_font;
        std::snprintf(definition->base_font, sizeof definition->base_font, "%s", key.c_str());
        if (HPDF_Doc_FindFontDef(doc_, definition->base_font) != nullptr) {
            HPDF_FontDef_Free(definition);
            check(HPDF_DUPLICATE_REGISTRATION, what);
        }
    }
    check(HPDF_Doc_RegisterFontDef(doc_, definition), what);
    HPDF_Font font = check_handle(HPDF_GetFont(doc_, definition->base_font, "UTF-8"), what);
    shorten_glyph_map(font, static_cast<char32_t>(texts.empty() ? 0 : texts.size() - 1));
    write_to_unicode_map(font, texts);
    return font;
}

void HpdfDocument::write_to_unicode_map(HPDF_Font font, const std::vector<std::string>& texts) {
    // libharu writes a ToUnicode CMap for Unicode codes (and writes it as "begincidrange",
    // which a ToUnicode map may not be). The codes drawn are glyph numbers: each maps to the
    // characters its glyph stands for, as UTF-16BE, in bfchar entries of at most 100.
    auto* map = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT));
    if (map == nullptr || map->stream == nullptr || map->stream->type != HPDF_STREAM_MEMORY) return;
    std::vector<std::string> entries;
    for (std::size_t code = 1; code < texts.size(); ++code) {
        if (texts[code].empty()) continue;
        char line[16];
        std::snprintf(line, sizeof line, "<%04X> <", static_cast<unsigned>(code));
        std::string entry = line;
        for (std::size_t i = 0; i < texts[code].size();) {
            const text_unicode::Decoded d = text_unicode::decode(texts[code], i);
            i += d.length;
            char32_t c = d.code_point;
            if (c > 0xFFFF) {
                c -= 0x10000;
                std::snprintf(line, sizeof line, "%04X%04X",
                              static_cast<unsigned>(0xD800 + (c >> 10)),
                              static_cast<unsigned>(0xDC00 + (c & 0x3FF)));
            } else {
                std::snprintf(line, sizeof line, "%04X", static_cast<unsigned>(c));
            }
            entry += line;
        }
        entry += ">\n";
        entries.push_back(std::move(entry));
    }
    std::string cmap = "/CIDInit /ProcSet findresource begin\n"
                       "12 dict begin\n"
                       "begincmap\n"
                       "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                       "/CMapName /Adobe-Identity-UCS def\n"
                       "/CMapType 2 def\n"
                       "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    for (std::size_t start = 0; start < entries.size(); start += 100) {
        const std::size_t count = std::min<std::size_t>(100, entries.size() - start);
        cmap += std::to_string(count) + " beginbfchar\n";
        for (std::size_t i = start; i < start + count; ++i) cmap += entries[i];
        cmap += "endbfchar\n";
    }
    cmap += "endcmap\n"
            "CMapName currentdict /CMap defineresource pop\n"
            "end\n"
            "end\n";
    HPDF_MemStream_FreeData(map->stream);
    check(HPDF_Stream_Write(map->stream, reinterpret_cast<const HPDF_BYTE*>(cmap.data()),
                            static_cast<HPDF_UINT>(cmap.size())),
          "writing a font's ToUnicode map");
}

void HpdfDocument::shorten_glyph_map(HPDF_Font font, char32_t highest) {
    // With the UTF-8 encoder, libharu maps code points (CIDs) to glyphs in a CIDToGIDMap for
    // the whole BMP: 128 KB per font to deflate and to read. Only the CIDs up to the highest
    // code point drawn are ever looked up; the map keeps those (the rest would read as glyph 0).
    auto* attr = static_cast<HPDF_FontAttr>(font->attr);
    if (attr == nullptr || attr->descendant_font == nullptr) return;
    auto* map = static_cast<HPDF_Dict>(
        HPDF_Dict_GetItem(attr->descendant_font, "CIDToGIDMap", HPDF_OCLASS_DICT));
    if (map == nullptr || map->stream == nullptr || map->stream->type != HPDF_STREAM_MEMORY) return;
    const std::size_t keep =
        2 * (static_cast<std::size_t>(std::min<char32_t>(highest, 0xFFFF)) + 1);
    if (HPDF_Stream_Size(map->stream) <= keep) return;
    std::string kept;
    for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(map->stream) && kept.size() < keep; ++i) {
        HPDF_UINT length = 0;
        const HPDF_BYTE* data = HPDF_MemStream_GetBufPtr(map->stream, i, &length);
        if (data == nullptr) return;
        kept.append(reinterpret_cast<const char*>(data),
                    std::min<std::size_t>(length, keep - kept.size()));
    }
    HPDF_MemStream_FreeData(map->stream);
    check(HPDF_Stream_Write(map->stream, reinterpret_cast<const HPDF_BYTE*>(kept.data()),
                            static_cast<HPDF_UINT>(kept.size())),
          "writing a font's glyph map");
}

void HpdfDocument::set_identifier(const std::array<unsigned char, 16>& id) {
    const char* what = "setting the document identifier";
    HPDF_Array array = check_handle(HPDF_Array_New(doc_->mmgr), what);
    check(HPDF_Dict_Add(doc_->trailer, "ID", array), what);
    for (int i = 0; i < 2; ++i) {
        std::array<unsigned char, 16> copy = id;
        check(
            HPDF_Array_Add(array, check_handle(HPDF_Binary_New(doc_->mmgr, copy.data(), 16), what)),
            what);
    }
}

std::string HpdfDocument::save() {
    check(HPDF_SaveToStream(doc_), "writing the PDF");
    HPDF_UINT32 size = HPDF_GetStreamSize(doc_);
    std::string bytes(size, '\0');
    if (size == 0) check(HPDF_INVALID_STREAM, "writing the PDF (libharu wrote nothing)");
    HPDF_UINT32 read = size;
    const HPDF_STATUS status =
        HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &read);
    // Reading up to the end reports HPDF_STREAM_EOF; having every byte is what counts.
    if (status == HPDF_STREAM_EOF && read == size && error_ == HPDF_STREAM_EOF) error_ = HPDF_OK;
    if (status != HPDF_STREAM_EOF) check(status, "reading the PDF from libharu");
    check(read == size ? HPDF_OK : HPDF_INVALID_STREAM, "reading the PDF from libharu");
    return bytes;
}

} // namespace galley::detail
