// The images of a book: read once each, typed from their bytes, stored under safe names.
#include "epub/book.hpp"

#include "epub/content_id.hpp"
#include "epub/image_info.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <variant>

namespace galley::detail {

namespace fs = std::filesystem;

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

bool is_remote(std::string_view src) {
    return starts_with_ignoring_case(src, "http://") ||
           starts_with_ignoring_case(src, "https://") || starts_with_ignoring_case(src, "ftp://") ||
           src.starts_with("//") || starts_with_ignoring_case(src, "data:");
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "my%20photo.jpg" → "my photo.jpg"; invalid escapes stay as they are.
std::string percent_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out += static_cast<char>(high * 16 + low);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

// The file an image reference names: relative to the folder of the article's file.
fs::path resolve_image_path(std::string_view src, const Article& article) {
    if (starts_with_ignoring_case(src, "file://")) {
        src.remove_prefix(7);
        return fs::path(percent_decoded(src));
    }
    fs::path path(std::string{src});
    if (path.is_absolute()) return path;
    const fs::path base = fs::path(article.source_path).parent_path();
    fs::path resolved = base / path;
    std::error_code error;
    if (!fs::exists(resolved, error) && src.find('%') != std::string_view::npos) {
        fs::path decoded = base / fs::path(percent_decoded(src));
        if (fs::exists(decoded, error)) return decoded;
    }
    return resolved;
}

std::string read_image_file(const fs::path& path, std::string_view src, const Article& article) {
    std::error_code error;
    const std::string shown = "image '" + std::string(src) + "'";
    if (!fs::exists(path, error))
        throw Error(ErrorCode::io, article.source_path,
                    shown + " not found (looked for " + path.string() + ")");
    if (fs::is_directory(path, error))
        throw Error(ErrorCode::io, article.source_path, shown + " is a folder: " + path.string());
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::io, article.source_path,
                    "cannot open " + shown + ": " + path.string());
    std::string bytes;
    const auto size = fs::file_size(path, error);
    if (!error) bytes.reserve(static_cast<std::size_t>(size));
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad())
        throw Error(ErrorCode::io, article.source_path,
                    "cannot read " + shown + ": " + path.string());
    return bytes;
}

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
    } else if (is_remote(ref.src)) {
        warnings.push_back({article.source_path,
                            {},
                            "image '" + ref.src.substr(0, 200) +
                                "' is not a local file and was left out (an EPUB holds its "
                                "images; download it and refer to the file)"});
        return nullptr;
    } else {
        const fs::path path = resolve_image_path(ref.src, article);
        std::error_code error;
        fs::path canonical = fs::weakly_canonical(path, error);
        key = "file:" + (error ? path : canonical).string();
        if (auto known = by_source_.find(key); known != by_source_.end()) {
            by_ref_.emplace(&ref, known->second);
            return &images_[known->second];
        }
        bytes = read_image_file(path, ref.src, article);
        source = path.string();
        shown = "image '" + ref.src + "'";
    }
    if (auto known = by_source_.find(key); known != by_source_.end()) {
        by_ref_.emplace(&ref, known->second);
        return &images_[known->second];
    }

    const auto info = image_info(bytes);
    if (!info)
        throw Error(ErrorCode::unsupported, article.source_path,
                    shown + " is not a JPEG, PNG, GIF or SVG image (" + source + ")");
    if (info->media_type == "image/webp")
        throw Error(ErrorCode::unsupported, article.source_path,
                    shown +
                        " is WebP, which EPUB 3.2 readers need not show (not a core media "
                        "type); convert it to JPEG or PNG (" +
                        source + ")");

    EpubImage image;
    image.id = "img-" + std::to_string(images_.size() + 1);
    image.href = unique_href(
        ref.src.empty() ? std::string_view("image") : std::string_view(ref.src), info->extension);
    image.media_type = std::string(info->media_type);
    image.width = info->width > 0 ? info->width : ref.width;
    image.height = info->height > 0 ? info->height : ref.height;
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
