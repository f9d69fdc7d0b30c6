// Internal: an advertisement's artwork, for the fixed ad boxes of an edition's pages.
//
// An ad is a PNG or JPEG image, or the first page of a PDF. The PDF is drawn with poppler's
// Cairo output as what it is — paths, glyphs and images — so that on a PDF surface its text
// stays text and its shapes stay vectors, at any size; a JPEG passes into a PDF unchanged,
// as its MIME data (as the print backend's photos do).
//
// Thread safety: load() may run on any thread, several at once (it reads the file and parses
// it; poppler-glib counts its global state under its own lock). An AdArtwork and its copies
// share the decoded image or the poppler document, so draw() runs one call at a time: the
// print backend draws under layout::layout_mutex(), and drawing onto the same Cairo surface
// needs that anyway. PDF rendering is also serialised across all artworks by a lock of this
// module, because poppler's Cairo output opens and closes FreeType faces on one FreeType
// library for the whole process; releasing the last copy of a PDF artwork takes that lock
// too, so copies may be dropped on any thread. The fonts a PDF ad drew with live on in the
// Cairo surface it was drawn on until that surface is finished: finish it under
// layout_mutex(), as the print backend does.
#pragma once

#include <cairo.h>

#include <filesystem>
#include <memory>
#include <string>

namespace galley::detail::edition {

class AdArtwork {
  public:
    // Reads `path`, named `name` in messages (as written in the manifest), and judges it by
    // its bytes, never its name: a PDF ("%PDF-" at the start), a PNG or a JPEG. The PDF is
    // handed to poppler from memory (never a URI: nothing is fetched); an image is checked as
    // load_image checks one and decoded once. Throws galley::Error naming `name`:
    // ErrorCode::io for a missing or unreadable file (a folder, a device, a FIFO: as
    // load_image); ErrorCode::limit for a file over 256 MiB or an image over 100 million
    // pixels (the image loader's budgets, ImageLimits); ErrorCode::empty_input for an empty
    // file; ErrorCode::unsupported for anything else (GIF, WebP, SVG, text, …); and
    // ErrorCode::invalid for a damaged image, a PDF cut short (no %%EOF in its last 1,024
    // bytes), one poppler cannot read, one with no pages or a first page of no size, and an
    // encrypted PDF that needs a password to open. A PDF encrypted with an owner password
    // only opens without one, and is drawn.
    static AdArtwork load(const std::filesystem::path& path, const std::string& name);

    // The natural size in points: a PDF's first page (its crop box, turned by its /Rotate);
    // an image's pixels, upright, at the resolution it was stored at (JFIF density or Exif
    // resolution of a JPEG, pHYs of a PNG), else 72 pixels per inch.
    double width() const { return width_; }
    double height() const { return height_; }
    // A PDF, drawn as vectors.
    bool vector() const { return pdf_ != nullptr; }

    // Draws the artwork into the box (x, y, width, height) of cr's user space (points),
    // scaled to fit inside it with its proportions kept, centred, and clipped to the box.
    // Nothing is drawn into a box of no size. Never throws: what Cairo reports stays in cr's
    // status for the caller to check.
    void draw(cairo_t* cr, double x, double y, double width, double height) const;

  private:
    struct Pdf;

    AdArtwork() = default;

    std::shared_ptr<const Pdf> pdf_;         // a PDF: its document and first page
    std::shared_ptr<cairo_surface_t> image_; // an image: its stored pixels (JPEG: with its bytes)
    int orientation_ = 1;                    // an image's Exif orientation
    double width_ = 0;
    double height_ = 0;
};

} // namespace galley::detail::edition
