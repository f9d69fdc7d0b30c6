// Internal: one libharu document, owned, with every failure turned into a galley::Error.
//
// libharu's errors are sticky: after one failed call every later page operation is skipped and
// nothing is saved. The document records the first error its handler sees; `check` after each
// call throws galley::Error(ErrorCode::backend) naming libharu's error code and what was being
// done, so a failure is never silent and never carried past the call that caused it.
#pragma once

#include "pdf/font_program.hpp"

#include <hpdf.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace galley::detail {

class HpdfDocument {
  public:
    // A new, empty document whose errors are reported against `output_name` (the sink).
    explicit HpdfDocument(std::string output_name);
    ~HpdfDocument();
    HpdfDocument(const HpdfDocument&) = delete;
    HpdfDocument& operator=(const HpdfDocument&) = delete;

    HPDF_Doc get() const { return doc_; }

    // Throws when `status` is not HPDF_OK or libharu has recorded an error, saying `what`
    // ("loading font Noto Serif Regular") was being done.
    void check(HPDF_STATUS status, std::string_view what) const;
    // As check(), with the description made only when there is an error to report.
    template <class Describe> void check_with(HPDF_STATUS status, const Describe& describe) const {
        if (status != HPDF_OK || error_ != HPDF_OK) check(status, describe());
    }
    // Throws when `handle` is null or libharu has recorded an error; returns the handle.
    template <class Handle> Handle check_handle(Handle handle, std::string_view what) const {
        check(handle == nullptr && error_ == HPDF_OK ? HPDF_INVALID_OBJECT : HPDF_OK, what);
        return handle;
    }

    // Embeds `program` as a composite font (Type0 over a CIDFontType2, Identity-H: two-byte
    // codes, code c drawing program.glyphs[c]) named with the six-letter subset `tag`
    // ("GALBCD"), and returns its font dictionary, for page resources. texts[c] is what code
    // c stands for (UTF-8; "" for a glyph that stands for nothing, the second glyph of a
    // ligature); texts[0] is unused. libharu's own TrueType fonts are not used: with its
    // UTF-8 encoder it maps and measures every code point of the BMP for each font (a third
    // of the time of a short article).
    HPDF_Dict add_font(const pdf::FontProgram& program, const std::string& tag,
                       const std::vector<std::string>& texts, bool compress);

    // Sets the trailer's /ID (both halves) to `id`: libharu writes none unless it encrypts,
    // and readers and archives use it to tell documents apart.
    void set_identifier(const std::array<unsigned char, 16>& id);

    // The whole document as PDF bytes.
    std::string save();

  private:
    static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void* self);
    // A new stream object holding `bytes`, deflated when `compress`.
    HPDF_Dict stream_object(std::string_view bytes, bool compress, std::string_view what);
    // A new dictionary written as an object of its own (referred to, not copied).
    HPDF_Dict indirect_dict(std::string_view what);

    HPDF_Doc doc_ = nullptr;
    std::string output_name_;
    HPDF_STATUS error_ = HPDF_OK;
    HPDF_STATUS detail_ = 0;
};

// "HPDF_INVALID_PARAMETER" and the like for the codes galley is likely to meet; "" otherwise.
std::string_view hpdf_error_name(HPDF_STATUS code);

} // namespace galley::detail
