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
#include <vector>

namespace galley {

// Budgets that keep a hostile image from exhausting memory or time.
struct ImageLimits {
    std::uint64_t max_file_bytes = 256ull << 20; // 256 MiB on disk
    std::uint64_t max_pixels = 100'000'000;      // width × height, checked from the header
                                                 // before anything is decoded
};

// Where image references may lead.
struct ImagePolicy {
    // When false, a reference that climbs out of the article's folder with ".." or is an
    // absolute path outside the article's folder and the resource folders is refused with
    // ErrorCode::invalid. The rule is on the reference as written: symbolic links inside
    // those folders are followed wherever they lead (whoever can place a link there controls
    // the files anyway; a newsroom's img/ is often a link to shared storage).
    bool allow_outside = false;
    // Folders searched, in order, for a relative reference not found in the article's own
    // folder (`--resource-path DIR[:DIR…]`, pandoc's name); relative folders are taken from
    // the current folder. ".." may not climb out of them either.
    std::vector<std::filesystem::path> resource_paths;
    ImageLimits limits;
};

// What kind of image some bytes hold and how big it is, from the bytes (magic numbers and
// headers), never the file name.
struct ImageInfo {
    std::string media_type; // "image/jpeg", "image/png", "image/gif", "image/webp", "image/svg+xml"
    std::string extension;  // "jpg", "png", "gif", "webp", "svg"
    int width = 0;          // pixels, as stored (the frame header); 0 when the header does
    int height = 0;         // not say (SVG)
    // The Exif Orientation (1–8) of a JPEG's APP1 segment: how the stored pixels are turned
    // to be upright (2 mirrored, 3 turned 180°, 4 flipped, 5 transposed, 6 turned 90°
    // clockwise, 7 transversed, 8 turned 90° anticlockwise). 1 for other formats and for a
    // JPEG without (a readable) one.
    int orientation = 1;
    // The size upright, as the photo is shown: width and height swapped for orientations 5–8.
    int upright_width() const { return orientation >= 5 ? height : width; }
    int upright_height() const { return orientation >= 5 ? width : height; }
};

// nullopt when the bytes are none of the formats above (or a header is cut short).
std::optional<ImageInfo> probe_image(std::string_view bytes);

// True for references that name no local file: http:, https:, ftp: and data: URLs and
// scheme-relative "//host/…" references (case-insensitive).
bool is_remote_image_reference(std::string_view src);

// The path an article's image reference `src` names: "file://" URLs and percent-encoding
// decoded, relative references taken from `base_dir` (the article's folder), else from the
// first of policy.resource_paths that has them (else `base_dir`'s path, which does not
// exist), with every symbolic link followed (the path returned is canonical). Throws
// galley::Error naming `article_file`: ErrorCode::invalid when `policy` refuses the
// reference as written (or it is empty), ErrorCode::io for a symbolic-link loop on the way,
// and ErrorCode::unsupported for remote URLs (http:, https:, ftp:, data:, //host/…), which
// the caller decides about before (is_remote_image_reference). Whether the file exists is
// for load_image (or drop_unusable_images) to say.
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
//   creator_title IPTC 2:85 By-line Title · XMP photoshop:AuthorsPosition
//   instructions  IPTC 2:40 Special Instructions · XMP photoshop:Instructions (a usage note:
//                 when the two differ both are kept, joined with "; ", and nothing warns)
//   usage_terms   XMP xmpRights:UsageTerms
//   supplier      XMP plus:ImageSupplier's first plus:ImageSupplierName (the source when
//                 IPTC 2:115 and photoshop:Source are empty)
// A caption that ends in a credit ("… 2020. THE CANADIAN PRESS/Paul Chiasson", "… (AP
// Photo/Jane Doe)") or notes to editors ("*MANDATORY CREDIT*") has them split off as the
// readers split them (see Credit in article.hpp): `caption` keeps the sentence and
// `caption_credit` has the credit and notes.
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
    std::string creator_title;
    std::string instructions;
    std::string usage_terms;
    std::string supplier;
    Credit caption_credit; // what ended the caption: creator/source/line and notes
    bool empty() const;
    // The credit the photo gives a figure: the credit that ended its caption when there was
    // one, else By-line (creator), By-line Title, Credit (line) and Source; the copyright,
    // the caption's notes, the special instructions and the usage terms always.
    Credit figure_credit() const;
};
ImageMetadata read_image_metadata(std::string_view bytes, const std::string& image_file,
                                  Warnings& warnings);

// Leaves out the photo of every figure of `article` whose image reference cannot be used
// because there is nothing to use: a local file that does not exist (also an agency's asset
// ID written where a file name belongs, "iJIJyyF0tiE"), or a remote URL (http:, https:,
// ftp:, data:, //host/…, file://otherhost/…: galley never downloads). The figure keeps its
// caption, credit and alt text; its `image` is removed and `image_left_out` keeps the
// reference (the print backend then reserves no box). Each is a warning naming the article,
// the figure (by its number, from 1, in reading order) and the reference. What the policy
// refuses (".." or an absolute path leading out), link loops and files that exist but are
// not usable images (devices, FIFOs, over budget, damaged) are left as they are, for the
// backend to refuse as errors. Every backend (write_epub, write_epub_bundle, write_pdf,
// write_print) and the press kit call this first on their copy of the article.
void drop_unusable_images(Article& article, Warnings& warnings, const ImagePolicy& policy = {});

// Fills in, for every figure of `article` with a local or embedded image, what the article
// leaves empty (caption, alt, credit creator/line/copyright/source/creator_title) from the
// image's metadata, field by field (ImageMetadata::figure_credit: a credit that ended the
// photo's caption comes off the caption and stands before By-line, Credit and Source). What
// the article says always wins, field by field. Usage notes add up instead: the photo's caption notes, special instructions and usage
// terms are added to the figure's whatever the article says, so that no restriction is lost.
// Local images are found under `policy`, relative to the folder of article.source_path;
// images that cannot be found, are refused or cannot be read are left for the backend to
// report. Disagreements between the metadata sources are added to `warnings`. Every backend
// (write_epub, write_epub_bundle, write_pdf, write_print) calls this on its copy of the
// article.
void fill_figures_from_image_metadata(Article& article, Warnings& warnings,
                                      const ImagePolicy& policy = {});

// What a photo's usage notes restrict (read from Credit::notes, instructions and usage_terms).
enum class UsageRestriction {
    one_time_use,    // "ONE TIME USE ONLY", "ONE-TIME USE", "single use"
    no_archives,     // "NO ARCHIVES", "NO ARCHIVING", "do not archive"
    not_for_resale,  // "NO SALES", "NO RESALE", "NOT FOR RESALE", "NotForResale"
    handout,         // "HANDOUT", "HANDOUT PHOTO"
    mandatory_credit // "MANDATORY CREDIT"
};
// "one-time use only", "no archives", "not for resale", "handout", "mandatory credit".
const char* to_string(UsageRestriction restriction);
// True for what forbids passing a photo on or keeping it (one-time use, no archives, not for
// resale): a press kit redistributes, an EPUB is an archival format. A handout and a
// mandatory credit do not.
bool restricts_redistribution(UsageRestriction restriction);
// The restrictions `text` states, each once, in the enum's order; ASCII case, hyphens,
// underscores and CamelCase ("NotForResale") do not matter, words must be whole ("NO SALES"
// is not in "NO SALESMEN").
std::vector<UsageRestriction> usage_restrictions(std::string_view text);
// Those of a credit's notes, instructions and usage terms together.
std::vector<UsageRestriction> usage_restrictions(const Credit& credit);
// For messages: the restrictions of `credit` that restrict redistribution (all of them when
// `all`), and what the credit says, as written: `one-time use only, no archives ("HANDOUT
// PHOTO; ONE TIME USE ONLY; NO ARCHIVES")`. Empty when there are none.
std::string describe_usage_restrictions(const Credit& credit, bool all = false);

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
