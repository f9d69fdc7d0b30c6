// What kind of image some bytes hold, how big it is, and whether its structure is whole —
// from the bytes alone, never the file name, and never by decoding pixels.
#include "galley/image.hpp"

#include "image/image_detail.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <optional>

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

// The TIFF structure of an Exif APP1 segment (after "Exif\0\0"), read in its byte order.
struct Tiff {
    std::string_view bytes;
    bool little = false;
    std::uint32_t u16(std::size_t i) const {
        return little ? little_endian16(bytes, i) : big_endian16(bytes, i);
    }
    std::uint32_t u32(std::size_t i) const {
        return little ? little_endian32(bytes, i) : big_endian32(bytes, i);
    }
    // Calls `entry(tag, type, at)` for each 12-byte entry of IFD0 that lies inside the bytes
    // (at: the entry's offset) until it returns false.
    template <class Entry> void for_each_ifd0_entry(const Entry& entry) const {
        const std::size_t ifd = u32(4);
        if (ifd > bytes.size() || bytes.size() - ifd < 2) return;
        const std::size_t entries = u16(ifd);
        for (std::size_t e = 0; e < entries; ++e) {
            const std::size_t at = ifd + 2 + e * 12;
            if (at + 12 > bytes.size() || !entry(u16(at), u16(at + 2), at)) return;
        }
    }
};

// The TIFF of an APP1 segment's contents, when it is Exif with a byte-order mark.
std::optional<Tiff> exif_tiff(std::string_view segment) {
    if (!starts_with(segment, std::string_view("Exif\0\0", 6))) return std::nullopt;
    const std::string_view tiff = segment.substr(6);
    if (tiff.size() < 8) return std::nullopt;
    const bool little = starts_with(tiff, "II");
    if (!little && !starts_with(tiff, "MM")) return std::nullopt;
    return Tiff{tiff, little};
}

// A resolution worth believing: 1–100,000 ppi (a scanner's finest is far below the top).
std::optional<detail::StoredResolution> plausible_resolution(double x, double y) {
    const auto plausible = [](double ppi) { return ppi >= 1 && ppi <= 100'000; };
    if (!plausible(x) || !plausible(y)) return std::nullopt;
    return detail::StoredResolution{x, y};
}

// Exif's XResolution and YResolution (RATIONAL) in ResolutionUnit (2 inch, the default; 3
// centimetre; 1 none).
std::optional<detail::StoredResolution> exif_resolution(const Tiff& tiff) {
    double x = 0, y = 0, per_inch = 1;
    tiff.for_each_ifd0_entry([&](std::uint32_t tag, std::uint32_t type, std::size_t at) {
        if ((tag == 0x011A || tag == 0x011B) && type == 5) {
            const std::size_t value = tiff.u32(at + 8);
            if (value > tiff.bytes.size() || tiff.bytes.size() - value < 8) return true;
            const std::uint32_t denominator = tiff.u32(value + 4);
            const double ppi =
                denominator == 0 ? 0.0 : static_cast<double>(tiff.u32(value)) / denominator;
            (tag == 0x011A ? x : y) = ppi;
        } else if (tag == 0x0128 && type == 3) {
            const std::uint32_t unit = tiff.u16(at + 8);
            per_inch = unit == 3 ? 2.54 : unit == 1 ? 0.0 : 1.0;
        }
        return true;
    });
    return plausible_resolution(x * per_inch, y * per_inch);
}

std::optional<detail::StoredResolution> jpeg_resolution(std::string_view bytes) {
    std::optional<detail::StoredResolution> jfif, exif;
    walk_jpeg(bytes, [&](std::uint32_t marker, std::size_t at, std::size_t length) {
        if (at + length > bytes.size()) return false;
        const std::string_view segment = bytes.substr(at + 2, length - 2);
        // JFIF: "JFIF\0", version (2 bytes), units (0 aspect ratio only, 1 per inch, 2 per
        // centimetre), then the densities across and down (2 bytes each).
        if (marker == 0xE0 && segment.size() >= 12 &&
            starts_with(segment, std::string_view("JFIF\0", 5))) {
            const std::uint32_t units = byte_at(segment, 7);
            const double per_inch = units == 1 ? 1.0 : units == 2 ? 2.54 : 0.0;
            jfif = plausible_resolution(big_endian16(segment, 8) * per_inch,
                                        big_endian16(segment, 10) * per_inch);
        } else if (marker == 0xE1 && !exif) {
            if (const auto tiff = exif_tiff(segment)) exif = exif_resolution(*tiff);
        }
        return true;
    });
    return jfif ? jfif : exif;
}

// A PNG's pHYs chunk, which must come before the first IDAT.
std::optional<detail::StoredResolution> png_resolution(std::string_view bytes) {
    for (std::size_t i = png_magic.size(); bytes.size() - i >= 12;) {
        const std::uint32_t length = big_endian32(bytes, i);
        const std::string_view type = bytes.substr(i + 4, 4);
        if (length > bytes.size() - i - 12 || type == "IDAT" || type == "IEND") break;
        if (type == "pHYs" && length == 9) {
            // Pixels per unit across and down, then the unit: 1 metre, 0 aspect ratio only.
            if (byte_at(bytes, i + 16) != 1) break;
            constexpr double metres_per_inch = 0.0254;
            return plausible_resolution(big_endian32(bytes, i + 8) * metres_per_inch,
                                        big_endian32(bytes, i + 12) * metres_per_inch);
        }
        i += 12 + length;
    }
    return std::nullopt;
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
        const auto tiff = exif_tiff(segment);
        if (!tiff) return false;
        tiff->for_each_ifd0_entry([&](std::uint32_t tag, std::uint32_t type, std::size_t entry) {
            // Orientation: tag 0x0112, SHORT (3), one value, kept in the entry itself.
            if (tag != 0x0112 || type != 3) return true;
            const std::uint32_t value = tiff->u16(entry + 8);
            if (value >= 1 && value <= 8) orientation = static_cast<int>(value);
            return false;
        });
        return false;
    });
    return orientation;
}

std::optional<StoredResolution> stored_resolution(std::string_view bytes) {
    if (starts_with(bytes, jpeg_magic)) return jpeg_resolution(bytes);
    if (starts_with(bytes, png_magic)) return png_resolution(bytes);
    return std::nullopt;
}

} // namespace detail

} // namespace galley
