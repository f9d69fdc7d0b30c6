// Internal: the photos of one laid-out document — read once each, typed from their bytes.
// The drawers decide how to embed them: Cairo decodes or passes a JPEG's bytes through as
// MIME data (print/images.hpp), libharu takes JPEG and PNG as they are (pdf/images.hpp).
#pragma once

#include "galley/article.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace galley::detail::layout {

struct LayoutImage {
    enum class Format { jpeg, png };
    std::string shown;  // "image 'photos/a.jpg'", for messages and the dump
    std::string source; // the file it was read from, or "embedded image"
    std::string bytes;
    std::string id; // content_id(bytes), computed once
    Format format = Format::jpeg;
    int width = 0; // pixels, upright (as the photo is shown)
    int height = 0;
    // The Exif orientation of a JPEG: drawers turn the stored pixels upright.
    int orientation = 1;
    bool interlaced = false; // PNG only
};

class ImageCatalog {
  public:
    // The index of the image `ref` holds, from its bytes: the writers have read every local
    // image file into its figure and checked every image's bytes (detail::
    // prepare_figure_images, under the caller's ImagePolicy) before layout. The same bytes
    // twice are one image. Throws galley::Error naming the article: ErrorCode::unsupported
    // for a remote reference or bytes that are neither JPEG nor PNG.
    std::size_t add(const ImageRef& ref, const Article& article);

    const LayoutImage& operator[](std::size_t index) const { return images_[index]; }
    std::size_t size() const { return images_.size(); }

  private:
    std::vector<LayoutImage> images_;
    std::map<std::string, std::size_t> by_content_;
};

// A 64-bit hash of the bytes with their length: a name for an image, the same in every run.
std::string content_id(std::string_view bytes);

} // namespace galley::detail::layout
