// What kind of image some bytes hold, how big it is, and whether its structure is whole —
// from the bytes alone, never the file name, and never by decoding pixels.
#include "galley/image.hpp"

#include "image/image_detail.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>

namespace galley {

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
std::uint32_t little_endian32(std::string_view bytes, std::size_t i) {
    return little_endian16(bytes, i) | (little_endian16(bytes, i + 2) << 16);
}

bool starts_with(std::string_view bytes, std::string_view prefix) {
    return bytes.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view jpeg_magic = "\xFF\xD8\xFF";
constexpr std::string_view png_magic = "\x89PNG\r\n\x1A\n";

// A SOFn marker (start of frame) carries the frame's size; C4 (DHT), C8 (JPG) and CC (DAC)
// share the range but do not.
bool is_start_of_frame(std::uint32_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Walks a JPEG's marker segments from SOI. Calls `segment(marker, start, length)` for each
// segment with a length (start: the offset of its length field) until it returns false, the
// start of scan has been passed to it, or the bytes end. Returns the offset reached.
template <class Segment> std::size_t walk_jpeg(std::string_view bytes, const Segment& segment) {
    std::size_t i = 2; // after SOI
    while (i + 4 <= bytes.size()) {
        if (byte_at(bytes, i) != 0xFF) return i; // not at a marker: damaged
        const std::uint32_t marker = byte_at(bytes, i + 1);
        if (marker == 0xFF) { // fill byte
            ++i;
            continue;
        }
        i += 2;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue; // no length
        if (marker == 0xD9) return i;                                       // end of image
        const std::size_t length = big_endian16(bytes, i);
        if (length < 2) return i;
        if (!segment(marker, i, length) || marker == 0xDA) return i;
        i += length;
    }
    return i;
}

// Reads the frame size; false when the header ends (or is damaged) before a frame header.
bool read_jpeg_size(std::string_view bytes, ImageInfo& info) {
    bool found = false;
    walk_jpeg(bytes, [&](std::uint32_t marker, std::size_t at, std::size_t) {
        if (!is_start_of_frame(marker)) return true;
        if (at + 7 <= bytes.size()) {
            info.height = static_cast<int>(big_endian16(bytes, at + 3));
            info.width = static_cast<int>(big_endian16(bytes, at + 5));
            found = true;
        }
        return false;
    });
    return found;
}

bool read_webp_size(std::string_view bytes, ImageInfo& info) {
    const std::string_view chunk = bytes.substr(12, 4);
    if (chunk == "VP8 ") {
        // Lossy: a key frame starts with a 3-byte tag and the start code 9D 01 2A.
        if (bytes.size() < 30) return false;
        if (byte_at(bytes, 23) != 0x9D || byte_at(bytes, 24) != 0x01 || byte_at(bytes, 25) != 0x2A)
            return false;
        info.width = static_cast<int>(little_endian16(bytes, 26) & 0x3FFF);
        info.height = static_cast<int>(little_endian16(bytes, 28) & 0x3FFF);
        return true;
    }
    if (chunk == "VP8L") {
        if (bytes.size() < 25 || byte_at(bytes, 20) != 0x2F) return false;
        const std::uint32_t bits = little_endian32(bytes, 21);
        info.width = static_cast<int>((bits & 0x3FFF) + 1);
        info.height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
        return true;
    }
    if (chunk == "VP8X") {
        if (bytes.size() < 30) return false;
        info.width = static_cast<int>(little_endian24(bytes, 24) + 1);
        info.height = static_cast<int>(little_endian24(bytes, 27) + 1);
        return true;
    }
    return false;
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

bool is_webp(std::string_view bytes) {
    return bytes.size() >= 16 && starts_with(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP";
}

std::string jpeg_damage(std::string_view bytes) {
    std::size_t scan = 0;
    walk_jpeg(bytes, [&](std::uint32_t marker, std::size_t at, std::size_t) {
        if (marker == 0xDA) scan = at;
        return true;
    });
    if (scan == 0) return "the JPEG ends before its first scan";
    // Entropy-coded data never holds FF D9 (an FF in it is followed by 00 or a restart
    // marker), so the end-of-image marker after the first scan is the real one.
    if (bytes.find("\xFF\xD9", scan) == std::string_view::npos)
        return "the JPEG is cut short: it has no end-of-image marker";
    return {};
}

std::string png_damage(std::string_view bytes) {
    std::size_t i = png_magic.size();
    while (true) {
        if (bytes.size() - i < 12) return "the PNG is cut short: it ends before its IEND chunk";
        const std::uint32_t length = big_endian32(bytes, i);
        const std::string_view type = bytes.substr(i + 4, 4);
        if (length > 0x7FFFFFFFu || bytes.size() - i - 12 < length)
            return "the PNG is cut short: chunk " + std::string(type) + " runs past the end";
        // The CRC covers the type and the data.
        uLong crc = crc32(0L, Z_NULL, 0);
        const auto* data = reinterpret_cast<const Bytef*>(bytes.data() + i + 4);
        std::size_t left = length + 4;
        while (left > 0) {
            const auto part = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
            crc = crc32(crc, data, part);
            data += part;
            left -= part;
        }
        if (crc != big_endian32(bytes, i + 8 + length))
            return "the PNG is damaged: the CRC of its " + std::string(type) +
                   " chunk does not match";
        if (type == "IEND") return {};
        i += 12 + length;
    }
}

// Skips GIF data sub-blocks from `i`; npos when they run past the end.
std::size_t skip_gif_sub_blocks(std::string_view bytes, std::size_t i) {
    while (i < bytes.size()) {
        const std::size_t size = byte_at(bytes, i);
        ++i;
        if (size == 0) return i;
        i += size;
    }
    return std::string_view::npos;
}

std::string gif_damage(std::string_view bytes) {
    const char* const short_gif = "the GIF is cut short: it ends before its trailer";
    if (bytes.size() < 13) return short_gif;
    std::size_t i = 13;
    const std::uint32_t flags = byte_at(bytes, 10);
    if (flags & 0x80) i += 3u * (2u << (flags & 7));
    while (i < bytes.size()) {
        const std::uint32_t kind = byte_at(bytes, i);
        if (kind == 0x3B) return {}; // trailer
        if (kind == 0x21) {          // extension: label, then sub-blocks
            i = i + 2 <= bytes.size() ? skip_gif_sub_blocks(bytes, i + 2) : std::string_view::npos;
        } else if (kind == 0x2C) { // image: descriptor, local colours, LZW code size, data
            if (i + 10 > bytes.size()) return short_gif;
            const std::uint32_t local = byte_at(bytes, i + 9);
            i += 10;
            if (local & 0x80) i += 3u * (2u << (local & 7));
            i = i + 1 <= bytes.size() ? skip_gif_sub_blocks(bytes, i + 1) : std::string_view::npos;
        } else {
            return "the GIF is damaged: an unknown block where a block should start";
        }
        if (i == std::string_view::npos) return short_gif;
    }
    return short_gif;
}

} // namespace

std::optional<ImageInfo> probe_image(std::string_view bytes) {
    ImageInfo info;
    if (starts_with(bytes, jpeg_magic)) {
        info.media_type = "image/jpeg";
        info.extension = "jpg";
        if (!read_jpeg_size(bytes, info)) return std::nullopt;
        info.orientation = detail::jpeg_exif_orientation(bytes);
        return info;
    }
    if (starts_with(bytes, png_magic)) {
        info.media_type = "image/png";
        info.extension = "png";
        if (bytes.size() < 24 || bytes.substr(12, 4) != "IHDR") return std::nullopt;
        const std::uint32_t width = big_endian32(bytes, 16), height = big_endian32(bytes, 20);
        // PNG allows at most 2^31 - 1; anything larger is damage, shown as no size.
        if (width <= 0x7FFFFFFF && height <= 0x7FFFFFFF) {
            info.width = static_cast<int>(width);
            info.height = static_cast<int>(height);
        }
        return info;
    }
    if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) {
        info.media_type = "image/gif";
        info.extension = "gif";
        if (bytes.size() < 10) return std::nullopt;
        info.width = static_cast<int>(little_endian16(bytes, 6));
        info.height = static_cast<int>(little_endian16(bytes, 8));
        return info;
    }
    if (is_webp(bytes)) {
        info.media_type = "image/webp";
        info.extension = "webp";
        if (!read_webp_size(bytes, info)) return std::nullopt;
        return info;
    }
    if (looks_like_svg(bytes)) {
        info.media_type = "image/svg+xml";
        info.extension = "svg";
        return info;
    }
    return std::nullopt;
}

namespace detail {

std::string_view sniffed_media_type(std::string_view bytes) {
    if (starts_with(bytes, jpeg_magic)) return "image/jpeg";
    if (starts_with(bytes, png_magic)) return "image/png";
    if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return "image/gif";
    if (bytes.size() >= 12 && starts_with(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP")
        return "image/webp";
    if (looks_like_svg(bytes)) return "image/svg+xml";
    return {};
}

std::string image_damage(std::string_view bytes, const ImageInfo& info) {
    if (info.media_type == "image/svg+xml") return {};
    if (info.width <= 0 || info.height <= 0)
        return "its header gives no size (" + std::to_string(info.width) + " × " +
               std::to_string(info.height) + " pixels)";
    if (info.media_type == "image/jpeg") return jpeg_damage(bytes);
    if (info.media_type == "image/png") return png_damage(bytes);
    if (info.media_type == "image/gif") return gif_damage(bytes);
    if (info.media_type == "image/webp") {
        const std::uint64_t riff = little_endian32(bytes, 4);
        if (riff + 8 > bytes.size()) return "the WebP is cut short: its RIFF header says more";
    }
    return {};
}

int jpeg_exif_orientation(std::string_view bytes) {
    if (!starts_with(bytes, jpeg_magic)) return 1;
    int orientation = 1;
    walk_jpeg(bytes, [&](std::uint32_t marker, std::size_t at, std::size_t length) {
        if (marker != 0xE1 || length < 8 || at + length > bytes.size()) return marker != 0xDA;
        const std::string_view segment = bytes.substr(at + 2, length - 2);
        if (!starts_with(segment, std::string_view("Exif\0\0", 6))) return true;
        const std::string_view tiff = segment.substr(6);
        if (tiff.size() < 8) return false;
        const bool little = starts_with(tiff, "II");
        if (!little && !starts_with(tiff, "MM")) return false;
        const auto u16 = [&](std::size_t i) {
            return little ? little_endian16(tiff, i) : big_endian16(tiff, i);
        };
        const auto u32 = [&](std::size_t i) {
            return little ? little_endian32(tiff, i) : big_endian32(tiff, i);
        };
        const std::size_t ifd = u32(4);
        if (ifd > tiff.size() || tiff.size() - ifd < 2) return false;
        const std::size_t entries = u16(ifd);
        for (std::size_t e = 0; e < entries; ++e) {
            const std::size_t entry = ifd + 2 + e * 12;
            if (entry + 12 > tiff.size()) break;
            // Orientation: tag 0x0112, SHORT (3), one value, kept in the entry itself.
            if (u16(entry) == 0x0112 && u16(entry + 2) == 3) {
                const std::uint32_t value = u16(entry + 8);
                if (value >= 1 && value <= 8) orientation = static_cast<int>(value);
                break;
            }
        }
        return false;
    });
    return orientation;
}

} // namespace detail

} // namespace galley
