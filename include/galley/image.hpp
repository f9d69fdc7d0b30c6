// galley — images: finding an article's image files safely, what they are, the captions and
// credits they carry (IPTC IIM, XMP, Exif through exiv2), and web renditions.
//
// Every backend and the press-kit builder go through these functions, so an image is found,
// refused, probed and credited the same way everywhere.
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace galley {

// Budgets that keep a hostile image from exhausting memory or time.
struct ImageLimits {
    std::uint64_t max_file_bytes = 256ull << 20; // 256 MiB on disk
    std::uint64_t max_pixels = 100'000'000;      // width × height, checked from the header
                                                 // before anything is decoded
};

// Where image references may lead.
struct ImagePolicy {
    // When false, a reference that is absolute, climbs out of the article's folder with "..",
    // or resolves (through symbolic links) outside it is refused with ErrorCode::invalid.
    bool allow_outside = false;
    ImageLimits limits;
};

// What kind of image some bytes hold and how big it is, from the bytes (magic numbers and
// headers), never the file name.
struct ImageInfo {
    std::string media_type; // "image/jpeg", "image/png", "image/gif", "image/webp", "image/svg+xml"
    std::string extension;  // "jpg", "png", "gif", "webp", "svg"
    int width = 0;          // pixels; 0 when the header does not say (SVG)
    int height = 0;
};

// nullopt when the bytes are none of the formats above (or a header is cut short).
std::optional<ImageInfo> probe_image(std::string_view bytes);

// The path an article's image reference `src` names: "file://" URLs and percent-encoding
// decoded, relative references taken from `base_dir` (the article's folder). Throws
// galley::Error naming `article_file`: ErrorCode::invalid when `policy` refuses the path (or
// the reference is empty), ErrorCode::io for a symbolic-link loop on the way, and
// ErrorCode::unsupported for remote URLs (http:, https:, ftp:, data:, //host/…), which the
// caller decides about before (is_remote_image_reference).
// True for references that name no local file: http:, https:, ftp: and data: URLs and
// scheme-relative "//host/…" references (case-insensitive).
bool is_remote_image_reference(std::string_view src);

std::filesystem::path resolve_image_path(std::string_view src,
                                         const std::filesystem::path& base_dir,
                                         const std::string& article_file,
                                         const ImagePolicy& policy = {});

// The bytes of an image file. Refuses, with a galley::Error naming `article_file` and the
// path: a missing file, a folder, a device, a FIFO or socket (never opened, so never
// blocks), a symbolic-link loop (ErrorCode::io for these); a file over the byte budget or a
// header whose width × height is over the pixel budget (ErrorCode::limit, before anything is
// decoded); an empty file (ErrorCode::empty_input); bytes that are no known image format
// (ErrorCode::unsupported); and a damaged file (ErrorCode::invalid): a header cut short, a
// raster image of no size, a JPEG cut off before its end-of-image marker, a PNG whose chunks
// run past the end, fail their CRC or lack IEND, a GIF whose blocks run past the end, a WebP
// shorter than its RIFF header says. Symbolic links are followed (resolve_image_path has
// judged where they lead); the file opened is checked to be the one examined.
struct LoadedImage {
    std::filesystem::path path;
    std::string bytes;
    ImageInfo info;
};
LoadedImage load_image(const std::filesystem::path& path, const std::string& article_file,
                       const ImageLimits& limits = {});

// The caption and credit fields an image carries.
//
// Precedence (documented in the README): for each field, IPTC IIM first, then XMP, then
// Exif; when two of them give different non-empty values the first wins and a warning
// names the file, the field and both values.
//   caption   IPTC 2:120 Caption-Abstract · XMP dc:description · Exif ImageDescription
//   creator   IPTC 2:80 By-line          · XMP dc:creator     · Exif Artist
//   credit    IPTC 2:110 Credit          · XMP photoshop:Credit
//   copyright IPTC 2:116 Copyright Notice · XMP dc:rights     · Exif Copyright
//   source    IPTC 2:115 Source          · XMP photoshop:Source
//   alt       XMP Iptc4xmpCore:AltTextAccessibility
// Repeated IPTC By-lines and XMP dc:creator items are joined with ", "; XMP language
// alternatives give x-default, else their first value; IPTC text is UTF-8 when 1:90 says so,
// else UTF-8 when valid, else Latin-1; Exif text cameras write by themselves ("OLYMPUS
// DIGITAL CAMERA") is ignored. Only JPEG, PNG and WebP are handed to exiv2. Damaged or absent
// metadata gives empty fields (and a warning when damaged), never an error.
// Thread-safe: exiv2 is set up once per process on first use (see src/image/metadata.cpp).
// Its XMP toolkit parses one packet at a time across all threads.
struct ImageMetadata {
    std::string caption;
    std::string creator;
    std::string credit;
    std::string copyright;
    std::string source;
    std::string alt;
    bool empty() const;
};
ImageMetadata read_image_metadata(std::string_view bytes, const std::string& image_file,
                                  Warnings& warnings);

// Fills in, for every figure of `article` with a local or embedded image, what the article
// leaves empty (caption, alt, credit creator/line/copyright/source) from the image's
// metadata, field by field. What the article says always wins. Local images are found under
// `policy`, relative to the folder of article.source_path; images that cannot be found, are
// refused or cannot be read are left for the backend to report. Disagreements between the
// metadata sources are added to `warnings`. Every backend (write_epub, write_epub_bundle,
// write_pdf, write_print) calls this on its copy of the article.
void fill_figures_from_image_metadata(Article& article, Warnings& warnings,
                                      const ImagePolicy& policy = {});

// A JPEG whose long edge is at most `long_edge` pixels (never enlarged), scaled with a
// Lanczos-3 filter applied to the 8-bit samples as they are (after libjpeg's DCT
// prescaling to no less than twice the target), turned upright by its Exif orientation,
// encoded at `quality` (1–100) as a baseline JPEG with optimised Huffman tables and no
// metadata; the same bytes for the same input. Takes JPEG (grey stays grey; CMYK, also
// Adobe's inverted CMYK, becomes RGB) and PNG (alpha composited on white). Throws
// galley::Error naming `image_file`: ErrorCode::unsupported for GIF, WebP, SVG and unknown
// bytes, ErrorCode::limit over the pixel budget (from the header, before decoding),
// ErrorCode::invalid for damaged images (as load_image) and what libjpeg or libpng cannot
// decode (libjpeg is held to 512 MiB and 1,000 scans), ErrorCode::usage for a bad
// `long_edge` or `quality`.
std::string web_rendition_jpeg(std::string_view bytes, const std::string& image_file,
                               int long_edge = 1600, int quality = 85,
                               const ImageLimits& limits = {});

} // namespace galley
