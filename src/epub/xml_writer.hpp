// Internal: a thin RAII wrapper over libxml2's xmlTextWriter writing into memory.
//
// Every markup byte of the package, nav, NCX and XHTML goes through libxml2's writer, which
// escapes text and attribute values; nothing is assembled by string concatenation. Each
// call checks libxml2's status and throws galley::Error (ErrorCode::backend) on failure.
#pragma once

#include <string>
#include <string_view>

struct _xmlBuffer;
struct _xmlTextWriter;

namespace galley::detail {

// Calls xmlInitParser() once per process (safe from any thread): libxml2 must be
// initialised before threads use it.
void ensure_libxml2_initialised();

class XmlWriter {
  public:
    // `indent`: indent element-only documents (package, NCX); leave it off where text and
    // elements mix (XHTML), since indentation would add spaces to the text.
    explicit XmlWriter(bool indent);
    ~XmlWriter();
    XmlWriter(const XmlWriter&) = delete;
    XmlWriter& operator=(const XmlWriter&) = delete;

    // <?xml version="1.0" encoding="UTF-8"?>
    void start_document();
    // <!DOCTYPE name>
    void doctype(const char* name);
    void start(const char* element);
    // Writes the end tag of the innermost open element (a start tag with nothing in it is
    // closed as <x/>).
    void end();
    // Like end(), but always writes a full end tag (<x></x>), as XHTML wants for e.g. <a/>.
    void end_full();
    void attribute(const char* name, std::string_view value);
    // Text, escaped. Characters XML 1.0 cannot hold (C0 controls other than tab, newline and
    // carriage return; U+FFFE and U+FFFF; invalid UTF-8) are left out.
    void text(std::string_view text);
    // start(element), text(content), end().
    void element(const char* element, std::string_view content);

    // Ends the document and returns its bytes; the writer cannot be used afterwards.
    std::string finish();

  private:
    void check(int status, const char* what);

    _xmlBuffer* buffer_ = nullptr;
    _xmlTextWriter* writer_ = nullptr;
};

// `text` without the characters XML 1.0 cannot hold (see XmlWriter::text).
std::string xml_safe(std::string_view text);

} // namespace galley::detail
