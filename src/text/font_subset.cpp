#include "text/font_subset.hpp"

#include "galley/error.hpp"
#include "util/owned.hpp"

#include <hb-subset.h>
#include <hb.h>

#include <memory>

namespace galley {

namespace {

using Blob = detail::Owned<hb_blob_t, hb_blob_destroy>;
using Face = detail::Owned<hb_face_t, hb_face_destroy>;
using SubsetInput = detail::Owned<hb_subset_input_t, hb_subset_input_destroy>;

} // namespace

std::string subset_font(const std::filesystem::path& font_file,
                        const std::set<char32_t>& code_points, unsigned face_index) {
    const std::string name = font_file.string();
    Blob blob(hb_blob_create_from_file_or_fail(name.c_str()));
    if (!blob) throw Error(ErrorCode::io, name, "cannot read the font file");
    Face face(hb_face_create(blob.get(), face_index));
    if (hb_face_get_glyph_count(face.get()) == 0)
        throw Error(ErrorCode::backend, name,
                    "HarfBuzz finds no glyphs in face " + std::to_string(face_index));

    SubsetInput input(hb_subset_input_create_or_fail());
    if (!input) throw Error(ErrorCode::backend, name, "HarfBuzz: out of memory");
    hb_set_t* unicodes = hb_subset_input_unicode_set(input.get());
    for (char32_t c : code_points) hb_set_add(unicodes, static_cast<hb_codepoint_t>(c));

    Face subset(hb_subset_or_fail(face.get(), input.get()));
    if (!subset) throw Error(ErrorCode::backend, name, "HarfBuzz cannot subset the font");
    Blob bytes(hb_face_reference_blob(subset.get()));
    unsigned length = 0;
    const char* data = hb_blob_get_data(bytes.get(), &length);
    if (data == nullptr || length == 0)
        throw Error(ErrorCode::backend, name, "HarfBuzz produced an empty subset");
    return std::string(data, length);
}

} // namespace galley
