// The images of a book: read once each, typed from their bytes, stored under safe names.
#include "epub/book.hpp"

#include "epub/content_id.hpp"
#include "galley/image.hpp"
#include "image/image_detail.hpp"

#include <algorithm>
#include <filesystem>
#include <variant>

namespace galley::detail {

namespace fs = std::filesystem;

namespace {

// A file name that is safe in a ZIP and a URL: ASCII letters, digits, '-' and '_'.
std::string safe_stem(std::string_view name) {
    std::string stem;
    for (char c : name) {
        const bool keep =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (keep) {
            stem += c;
        } else if (!stem.empty() && stem.back() != '-') {
            stem += '-';
        }
        if (stem.size() >= 60) break;
    }
    while (!stem.empty() && stem.back() == '-') stem.pop_back();
    return stem.empty() ? std::string("image") : stem;
}

std::string lower_ascii(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

} // namespace

std::string ImageCatalog::unique_href(std::string_view source_name, std::string_view extension) {
    const std::string stem = safe_stem(fs::path(std::string(source_name)).stem().string());
    for (int n = 1;; ++n) {
        std::string href = "images/" + stem;
        if (n > 1) href += "-" + std::to_string(n);
        href += ".";
        href += extension;
        // ZIP names are compared without case by some readers: keep them apart that way too.
        if (hrefs_.insert(lower_ascii(href)).second) return href;
    }
}

const EpubImage* ImageCatalog::add(const ImageRef& ref, const Article& article,
                                   Warnings& warnings) {
    if (auto known = by_ref_.find(&ref); known != by_ref_.end()) return &images_[known->second];

    std::string key, bytes, source, shown;
    if (!ref.data.empty()) {
        key = "sha1:" + sha1_hex(ref.data);
        bytes = ref.data;
        source = ref.src.empty() ? std::string("image") : ref.src;
        shown = ref.src.empty() ? std::string("embedded image") : "image '" + ref.src + "'";
    } else if (is_remote_image_reference(ref.src)) {
        warnings.push_back({article.source_path,
                            {},
                            "image '" + ref.src.substr(0, 200) +
                                "' is not a local file and was left out (an EPUB holds its "
                                "images; download it and refer to the file)"});
        return nullptr;
    } else {
        const fs::path path = resolve_image_path(
            ref.src, fs::path(article.source_path).parent_path(), article.source_path, policy_);
        std::error_code error;
        fs::path canonical = fs::weakly_canonical(path, error);
        key = "file:" + (error ? path : canonical).string();
        if (auto known = by_source_.find(key); known != by_source_.end()) {
            by_ref_.emplace(&ref, known->second);
            return &images_[known->second];
        }
        LoadedImage loaded = load_image(path, article.source_path, policy_.limits);
        bytes = std::move(loaded.bytes);
        source = path.string();
        shown = "image '" + ref.src + "'";
    }
    if (auto known = by_source_.find(key); known != by_source_.end()) {
        by_ref_.emplace(&ref, known->second);
        return &images_[known->second];
    }

    // Checked as load_image checks a file (embedded bytes too), with the caller's limits.
    const ImageInfo checked = checked_image(bytes, shown, article.source_path, policy_.limits);
    const ImageInfo* info = &checked;
    if (info->media_type == "image/webp")
        throw Error(ErrorCode::unsupported, article.source_path,
                    shown +
                        " is WebP, which EPUB 3.2 readers need not show (not a core media "
                        "type); convert it to JPEG or PNG (" +
                        source + ")");

    // A JPEG with an Exif orientation is stored upright: its pixels turned, no tag left, so
    // that readers which ignore the tag and readers which honour it both show it right. It
    // is decoded, turned and re-encoded at full size (web_rendition_jpeg: quality 92, no
    // metadata; the credit is in the text). Should that fail, it is stored as it is.
    if (info->media_type == "image/jpeg" && info->orientation != 1) {
        try {
            bytes = web_rendition_jpeg(bytes, source, std::max(info->width, info->height), 92,
                                       policy_.limits);
        } catch (const Error& error) {
            warnings.push_back({article.source_path,
                                {},
                                shown + " could not be turned upright by its Exif orientation (" +
                                    error.what() + "); it is stored as it is"});
        }
    }

    EpubImage image;
    image.id = "img-" + std::to_string(images_.size() + 1);
    image.href = unique_href(
        ref.src.empty() ? std::string_view("image") : std::string_view(ref.src), info->extension);
    image.media_type = info->media_type;
    image.width = info->width > 0 ? info->upright_width() : ref.width;
    image.height = info->height > 0 ? info->upright_height() : ref.height;
    image.bytes = std::move(bytes);
    image.source = std::move(source);
    images_.push_back(std::move(image));
    by_source_.emplace(std::move(key), images_.size() - 1);
    by_ref_.emplace(&ref, images_.size() - 1);
    return &images_.back();
}

const EpubImage* ImageCatalog::find(const ImageRef& ref) const {
    auto known = by_ref_.find(&ref);
    return known == by_ref_.end() ? nullptr : &images_[known->second];
}

void collect_images(const Article& article, ImageCatalog& images, Warnings& warnings) {
    for_each_figure(article.blocks, [&](const Figure& figure) {
        if (figure.image) images.add(*figure.image, article, warnings);
    });
}

} // namespace galley::detail
