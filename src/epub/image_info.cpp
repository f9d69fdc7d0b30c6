#include "epub/image_info.hpp"

#include <cstdint>

namespace galley::detail {

namespace {

std::uint32_t byte_at(std::string_view bytes, std::size_t i) {
    return static_cast<unsigned char>(bytes[i]);
}
std::uint32_t big_endian16(std::string_view bytes, std::size_t i) {
    return (byte_at(bytes, i) << 8) | byte_at(bytes, i + 1);
}
std::uint32_t big_endian32(std::string_view bytes, std::size_t i) {
    return (big_endian16(bytes, i) << 16) | big_endian16(bytes, i + 2);
}
std::uint32_t little_endian16(std::string_view bytes, std::size_t i) {
    return byte_at(bytes, i) | (byte_at(bytes, i + 1) << 8);
}
std::uint32_t little_endian24(std::string_view bytes, std::size_t i) {
    return little_endian16(bytes, i) | (byte_at(bytes, i + 2) << 16);
}

// A SOFn marker (start of frame) carries the frame's size; C4 (DHT), C8 (JPG) and CC (DAC)
// share the range but do not.
bool is_start_of_frame(std::uint32_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

void read_jpeg_size(std::string_view bytes, ImageInfo& info) {
    std::size_t i = 2; // after SOI
    while (i + 4 <= bytes.size()) {
        if (byte_at(bytes, i) != 0xFF) return; // not at a marker: damaged
        std::uint32_t marker = byte_at(bytes, i + 1);
        if (marker == 0xFF) { // fill byte
            ++i;
            continue;
        }
        i += 2;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue; // no length
        if (marker == 0xD9 || marker == 0xDA) return; // end of image, start of scan
        const std::size_t length = big_endian16(bytes, i);
        if (length < 2) return;
        if (is_start_of_frame(marker)) {
            if (i + 7 > bytes.size()) return;
            info.height = static_cast<int>(big_endian16(bytes, i + 3));
            info.width = static_cast<int>(big_endian16(bytes, i + 5));
            return;
        }
        i += length;
    }
}

void read_webp_size(std::string_view bytes, ImageInfo& info) {
    if (bytes.size() < 30) return;
    const std::string_view chunk = bytes.substr(12, 4);
    if (chunk == "VP8 ") {
        // Lossy: a key frame starts with a 3-byte tag and the start code 9D 01 2A.
        if (byte_at(bytes, 23) != 0x9D || byte_at(bytes, 24) != 0x01 || byte_at(bytes, 25) != 0x2A)
            return;
        info.width = static_cast<int>(little_endian16(bytes, 26) & 0x3FFF);
        info.height = static_cast<int>(little_endian16(bytes, 28) & 0x3FFF);
    } else if (chunk == "VP8L") {
        if (byte_at(bytes, 20) != 0x2F) return;
        const std::uint32_t bits = little_endian16(bytes, 21) | (little_endian16(bytes, 23) << 16);
        info.width = static_cast<int>((bits & 0x3FFF) + 1);
        info.height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
    } else if (chunk == "VP8X") {
        info.width = static_cast<int>(little_endian24(bytes, 24) + 1);
        info.height = static_cast<int>(little_endian24(bytes, 27) + 1);
    }
}

bool starts_with(std::string_view bytes, std::string_view prefix) {
    return bytes.substr(0, prefix.size()) == prefix;
}

// SVG is text: an optional BOM, XML declaration, comments or doctype, then an <svg> root.
bool looks_like_svg(std::string_view bytes) {
    std::string_view head = bytes.substr(0, 4096);
    if (starts_with(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
    const auto first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || head[first] != '<') return false;
    const auto root = head.find("<svg");
    if (root == std::string_view::npos) return false;
    // Nothing but declarations and comments may come before the root.
    return head.substr(0, root).find("<html") == std::string_view::npos &&
           head.substr(0, root).find("<HTML") == std::string_view::npos;
}

} // namespace

std::optional<ImageInfo> image_info(std::string_view bytes) {
    ImageInfo info;
    if (starts_with(bytes, "\xFF\xD8\xFF")) {
        info.media_type = "image/jpeg";
        info.extension = "jpg";
        read_jpeg_size(bytes, info);
        return info;
    }
    if (starts_with(bytes, "\x89PNG\r\n\x1A\n")) {
        info.media_type = "image/png";
        info.extension = "png";
        if (bytes.size() >= 24 && bytes.substr(12, 4) == "IHDR") {
            const std::uint32_t width = big_endian32(bytes, 16), height = big_endian32(bytes, 20);
            if (width <= 0x7FFFFFFF && height <= 0x7FFFFFFF) {
                info.width = static_cast<int>(width);
                info.height = static_cast<int>(height);
            }
        }
        return info;
    }
    if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) {
        info.media_type = "image/gif";
        info.extension = "gif";
        if (bytes.size() >= 10) {
            info.width = static_cast<int>(little_endian16(bytes, 6));
            info.height = static_cast<int>(little_endian16(bytes, 8));
        }
        return info;
    }
    if (bytes.size() >= 16 && starts_with(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") {
        info.media_type = "image/webp";
        info.extension = "webp";
        read_webp_size(bytes, info);
        return info;
    }
    if (looks_like_svg(bytes)) {
        info.media_type = "image/svg+xml";
        info.extension = "svg";
        return info;
    }
    return std::nullopt;
}

} // namespace galley::detail
