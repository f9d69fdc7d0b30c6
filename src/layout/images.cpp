#include "layout/images.hpp"

#include "galley/error.hpp"
#include "galley/image.hpp"

#include <cstdint>
#include <cstdio>

namespace galley::detail::layout {

std::string content_id(std::string_view bytes) {
    // Eight bytes a step (FNV-1a by byte was 3 % of a short article with a photo), then a
    // final mix; the tail is read byte by byte. The same on every machine: bytes are read
    // little-endian whatever the CPU.
    std::uint64_t hash = 0xcbf29ce484222325ull ^ bytes.size();
    const auto mix = [&](std::uint64_t word) {
        hash ^= word;
        hash *= 0x9E3779B97F4A7C15ull;
        hash ^= hash >> 29;
    };
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word = 0;
        for (int b = 7; b >= 0; --b)
            word = (word << 8) | static_cast<unsigned char>(bytes[i + static_cast<std::size_t>(b)]);
        mix(word);
    }
    std::uint64_t tail = 0;
    for (std::size_t b = bytes.size(); b > i; --b)
        tail = (tail << 8) | static_cast<unsigned char>(bytes[b - 1]);
    mix(tail);
    mix(hash);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "galley-%016llx-%zu",
                  static_cast<unsigned long long>(hash), bytes.size());
    return buffer;
}

std::size_t ImageCatalog::add(const ImageRef& ref, const Article& article) {
    const std::string shown =
        ref.src.empty() ? std::string("embedded image") : "image '" + ref.src + "'";
    if (ref.data.empty()) {
        // The writers read every local image into its figure first (prepare_figure_images).
        if (ref.src.empty())
            throw Error(ErrorCode::invalid, article.source_path, "a figure's image has no path");
        if (is_remote_image_reference(ref.src))
            throw Error(ErrorCode::unsupported, article.source_path,
                        shown.substr(0, 220) + " is not a local file; galley does not download "
                                               "images");
        throw Error(ErrorCode::internal, article.source_path, shown + " was not read");
    }
    const std::string id = content_id(ref.data);
    std::string key = id;
    // The same bytes twice are one image; a hash collision is not.
    for (auto known = by_content_.find(key); known != by_content_.end();
         known = by_content_.find(key)) {
        if (images_[known->second].bytes == ref.data) return known->second;
        key += "+";
    }
    const std::string source = ref.src.empty() ? std::string("embedded image") : ref.src;

    // The writers have checked the bytes (damage, budgets) with the caller's limits.
    const auto info = probe_image(ref.data);
    if (!info || (info->media_type != "image/jpeg" && info->media_type != "image/png")) {
        const std::string kind = info ? " (" + info->media_type + ")" : std::string();
        throw Error(
            ErrorCode::unsupported, article.source_path,
            shown + kind +
                " is not a JPEG or PNG image, which is what the PDF and print backends place (" +
                source + ")");
    }
    if (info->width <= 0 || info->height <= 0)
        throw Error(ErrorCode::invalid, article.source_path,
                    "the size of " + shown + " cannot be read (" + source + ")");
    LayoutImage image;
    image.shown = shown;
    image.source = source;
    image.bytes = ref.data;
    image.id = id;
    image.format =
        info->media_type == "image/png" ? LayoutImage::Format::png : LayoutImage::Format::jpeg;
    image.width = info->upright_width();
    image.height = info->upright_height();
    image.orientation = info->orientation;
    // PNG IHDR: the interlace method is the last byte of its 13 (file offset 28).
    image.interlaced =
        image.format == LayoutImage::Format::png && image.bytes.size() > 28 && image.bytes[28] != 0;
    images_.push_back(std::move(image));
    by_content_.emplace(std::move(key), images_.size() - 1);
    return images_.size() - 1;
}

} // namespace galley::detail::layout
