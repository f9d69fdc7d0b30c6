#include "pdf/hpdf_document.hpp"

#include "text/unicode_internal.hpp"

#include "galley/error.hpp"

// libharu's object layer, for the fonts galley writes itself: exported by libhpdf 2.3.0 and
// declared in its installed headers.
#include <hpdf_doc.h>
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

HPDF_Dict HpdfDocument::stream_object(std::string_view bytes, bool compress,
                                      std::string_view what) {
    HPDF_Dict object = check_handle(HPDF_DictStream_New(doc_->mmgr, doc_->xref), what);
    if (compress) object->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    check(HPDF_Stream_Write(object->stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                            static_cast<HPDF_UINT>(bytes.size())),
          what);
    return object;
}

HPDF_Dict HpdfDocument::indirect_dict(std::string_view what) {
    HPDF_Dict object = check_handle(HPDF_Dict_New(doc_->mmgr), what);
    check(HPDF_Xref_Add(doc_->xref, object), what); // frees the object if it fails
    return object;
}

namespace {

// The ToUnicode CMap of a font whose codes are glyph numbers: each code maps to the
// characters its glyph stands for, as UTF-16BE, in bfchar entries of at most 100.
std::string to_unicode_map(const std::vector<std::string>& texts) {
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
    return cmap;
}

} // namespace

HPDF_Dict HpdfDocument::add_font(const pdf::FontProgram& program, const std::string& tag,
                                 const std::vector<std::string>& texts, bool compress) {
    const std::string name = tag + "+" + program.postscript_name;
    const std::string what = "embedding the font " + program.postscript_name;
    HPDF_MMgr mmgr = doc_->mmgr;
    const auto add = [&](HPDF_Dict dict, const char* key, void* value) {
        check(HPDF_Dict_Add(dict, key, check_handle(value, what)), what);
    };
    const auto numbers = [&](const auto& values) {
        HPDF_Array array = check_handle(HPDF_Array_New(mmgr), what);
        for (const auto value : values)
            check(HPDF_Array_AddNumber(array, static_cast<HPDF_INT32>(value)), what);
        return array;
    };

    HPDF_Dict file = stream_object(program.bytes, compress, what);
    check(HPDF_Dict_AddNumber(file, "Length1", static_cast<HPDF_INT32>(program.bytes.size())),
          what);

    HPDF_Dict descriptor = indirect_dict(what);
    check(HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor"), what);
    check(HPDF_Dict_AddName(descriptor, "FontName", name.c_str()), what);
    // Symbolic: the glyphs are reached by CID, not by a standard character set.
    int flags = 4;
    if (program.fixed_pitch) flags |= 1;
    if (program.italic_angle != 0) flags |= 64;
    check(HPDF_Dict_AddNumber(descriptor, "Flags", flags), what);
    add(descriptor, "FontBBox", numbers(program.bounding_box));
    check(
        HPDF_Dict_AddReal(descriptor, "ItalicAngle", static_cast<HPDF_REAL>(program.italic_angle)),
        what);
    check(HPDF_Dict_AddNumber(descriptor, "Ascent", program.ascent), what);
    check(HPDF_Dict_AddNumber(descriptor, "Descent", program.descent), what);
    check(HPDF_Dict_AddNumber(descriptor, "CapHeight", program.cap_height), what);
    check(HPDF_Dict_AddNumber(descriptor, "StemV", 80), what); // unknown; what Cairo writes
    add(descriptor, "FontFile2", file);

    // CID c draws glyph program.glyphs[c], two bytes each.
    std::string glyph_map;
    for (std::uint16_t glyph : program.glyphs) {
        glyph_map += static_cast<char>(glyph >> 8);
        glyph_map += static_cast<char>(glyph & 0xFF);
    }
    HPDF_Dict system = check_handle(HPDF_Dict_New(mmgr), what);
    add(system, "Registry", HPDF_String_New(mmgr, "Adobe", nullptr));
    add(system, "Ordering", HPDF_String_New(mmgr, "Identity", nullptr));
    check(HPDF_Dict_AddNumber(system, "Supplement", 0), what);
    HPDF_Dict cid_font = indirect_dict(what);
    check(HPDF_Dict_AddName(cid_font, "Type", "Font"), what);
    check(HPDF_Dict_AddName(cid_font, "Subtype", "CIDFontType2"), what);
    check(HPDF_Dict_AddName(cid_font, "BaseFont", name.c_str()), what);
    add(cid_font, "CIDSystemInfo", system);
    add(cid_font, "FontDescriptor", descriptor);
    // The widths of codes 1…n, as one run: [1 [w1 w2 … wn]].
    HPDF_Array widths = check_handle(HPDF_Array_New(mmgr), what);
    check(HPDF_Array_AddNumber(widths, 1), what);
    check(HPDF_Array_Add(
              widths, numbers(std::vector<int>(program.widths.begin() + 1, program.widths.end()))),
          what);
    add(cid_font, "W", widths);
    add(cid_font, "CIDToGIDMap", stream_object(glyph_map, compress, what));

    HPDF_Dict font = indirect_dict(what);
    check(HPDF_Dict_AddName(font, "Type", "Font"), what);
    check(HPDF_Dict_AddName(font, "Subtype", "Type0"), what);
    check(HPDF_Dict_AddName(font, "BaseFont", name.c_str()), what);
    check(HPDF_Dict_AddName(font, "Encoding", "Identity-H"), what);
    HPDF_Array descendants = check_handle(HPDF_Array_New(mmgr), what);
    check(HPDF_Array_Add(descendants, cid_font), what);
    add(font, "DescendantFonts", descendants);
    add(font, "ToUnicode", stream_object(to_unicode_map(texts), compress, what));
    return font;
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
