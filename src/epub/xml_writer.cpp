#include "epub/xml_writer.hpp"

#include "galley/error.hpp"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include <mutex>

namespace galley::detail {

namespace {

const xmlChar* xml_chars(const char* text) {
    return reinterpret_cast<const xmlChar*>(text);
}

// The length of the valid UTF-8 sequence at `i` whose code point XML 1.0 allows, or 0.
std::size_t allowed_sequence_length(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) return (lead >= 0x20 || lead == '\t' || lead == '\n' || lead == '\r') ? 1 : 0;
    std::size_t length;
    char32_t code_point;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (next & 0x3F);
    }
    const char32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    if (code_point < minimum || code_point > 0x10FFFF) return 0; // overlong, too large
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;  // surrogates
    if (code_point == 0xFFFE || code_point == 0xFFFF) return 0;  // non-characters XML bans
    return length;
}

// True when every byte of `text` may go into XML as it is (the common case).
bool is_xml_safe(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = allowed_sequence_length(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

} // namespace

std::string xml_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = allowed_sequence_length(text, i);
        if (length == 0) {
            ++i;
            continue;
        }
        out.append(text, i, length);
        i += length;
    }
    return out;
}

void ensure_libxml2_initialised() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

XmlWriter::XmlWriter(bool indent) {
    ensure_libxml2_initialised();
    buffer_ = xmlBufferCreate();
    if (buffer_ == nullptr) throw Error(ErrorCode::backend, "", "libxml2: cannot create a buffer");
    writer_ = xmlNewTextWriterMemory(buffer_, 0);
    if (writer_ == nullptr) {
        xmlBufferFree(buffer_);
        throw Error(ErrorCode::backend, "", "libxml2: cannot create a text writer");
    }
    if (indent) {
        xmlTextWriterSetIndent(writer_, 1);
        xmlTextWriterSetIndentString(writer_, xml_chars("  "));
    }
}

XmlWriter::~XmlWriter() {
    if (writer_ != nullptr) xmlFreeTextWriter(writer_);
    if (buffer_ != nullptr) xmlBufferFree(buffer_);
}

void XmlWriter::check(int status, const char* what) {
    if (status < 0)
        throw Error(ErrorCode::backend, "", std::string("libxml2: cannot write ") + what);
}

void XmlWriter::start_document() {
    check(xmlTextWriterStartDocument(writer_, "1.0", "UTF-8", nullptr), "the XML declaration");
}

void XmlWriter::doctype(const char* name) {
    check(xmlTextWriterStartDTD(writer_, xml_chars(name), nullptr, nullptr), "the doctype");
    check(xmlTextWriterEndDTD(writer_), "the doctype");
}

void XmlWriter::start(const char* element) {
    check(xmlTextWriterStartElement(writer_, xml_chars(element)), element);
}

void XmlWriter::end() {
    check(xmlTextWriterEndElement(writer_), "an end tag");
}

void XmlWriter::end_full() {
    check(xmlTextWriterFullEndElement(writer_), "an end tag");
}

void XmlWriter::attribute(const char* name, std::string_view value) {
    const std::string safe = is_xml_safe(value) ? std::string(value) : xml_safe(value);
    check(xmlTextWriterWriteAttribute(writer_, xml_chars(name), xml_chars(safe.c_str())), name);
}

void XmlWriter::text(std::string_view text) {
    if (text.empty()) return;
    if (is_xml_safe(text)) {
        const std::string copy(text);
        check(xmlTextWriterWriteString(writer_, xml_chars(copy.c_str())), "text");
    } else {
        const std::string safe = xml_safe(text);
        if (!safe.empty())
            check(xmlTextWriterWriteString(writer_, xml_chars(safe.c_str())), "text");
    }
}

void XmlWriter::element(const char* element, std::string_view content) {
    start(element);
    text(content);
    end();
}

std::string XmlWriter::finish() {
    check(xmlTextWriterEndDocument(writer_), "the end of the document");
    // The writer flushes into the buffer when it is freed: free it before reading.
    xmlFreeTextWriter(writer_);
    writer_ = nullptr;
    std::string bytes(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                      static_cast<std::size_t>(xmlBufferLength(buffer_)));
    return bytes;
}

} // namespace galley::detail
