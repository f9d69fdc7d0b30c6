#include "edition/ads.hpp"

#include "galley/error.hpp"
#include "galley/image.hpp"
#include "image/image_detail.hpp"
#include "layout/handles.hpp"
#include "layout/images.hpp"
#include "print/images.hpp"
#include "util/owned.hpp"

#include <poppler.h>

#include <algorithm>
#include <mutex>
#include <string_view>
#include <utility>

namespace galley::detail::edition {

namespace fs = std::filesystem;

using layout::GObjectPtr;
using layout::LayoutImage;

namespace {

// Held while poppler draws and while a document is released: poppler's Cairo output opens
// and closes FreeType faces on one FT_Library for the whole process, which FreeType allows
// from one thread at a time.
std::mutex& poppler_mutex() {
    static std::mutex mutex;
    return mutex;
}

constexpr std::string_view what = "advertisement artwork";

Error failure(ErrorCode code, const std::string& name, const std::string& problem) {
    return Error(code, name, std::string(what) + " " + problem);
}

// A name for the image formats load_image knows and ads do not take.
std::string_view format_name(std::string_view media_type) {
    if (media_type == "image/gif") return "a GIF image";
    if (media_type == "image/webp") return "a WebP image";
    if (media_type == "image/svg+xml") return "an SVG image";
    return "in no format galley reads";
}

} // namespace

struct AdArtwork::Pdf {
    GObjectPtr<PopplerDocument> document;
    GObjectPtr<PopplerPage> page; // the first
};

AdArtwork AdArtwork::load(const fs::path& path, const std::string& name) {
    const ImageLimits limits;
    std::string bytes = read_image_file(path, std::string(what), name, limits);
    AdArtwork artwork;

    if (bytes.starts_with("%PDF-")) {
        // A PDF ends with %%EOF (Acrobat looks for it in the last 1,024 bytes); poppler
        // rebuilds a file cut short from what is left, and would draw half an ad.
        const std::string_view tail = std::string_view(bytes).substr(
            bytes.size() - std::min<std::size_t>(bytes.size(), 1024));
        if (tail.find("%%EOF") == std::string_view::npos)
            throw failure(ErrorCode::invalid, name,
                          "is a damaged PDF: it is cut short (no %%EOF at its end)");
        // GBytes takes the string over: the document keeps its bytes as long as it lives.
        auto* owned = new std::string(std::move(bytes));
        Owned<GBytes, g_bytes_unref> data(g_bytes_new_with_free_func(
            owned->data(), owned->size(),
            [](gpointer string) { delete static_cast<std::string*>(string); }, owned));
        GError* raw_error = nullptr;
        GObjectPtr<PopplerDocument> document(
            poppler_document_new_from_bytes(data.get(), nullptr, &raw_error));
        const Owned<GError, g_error_free> error(raw_error);
        if (!document) {
            if (error && error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED)
                throw failure(ErrorCode::invalid, name,
                              "is an encrypted PDF that needs a password; galley cannot open it");
            throw failure(ErrorCode::invalid, name,
                          "is a damaged PDF: poppler cannot read it (" +
                              std::string(error ? error->message : "no reason given") + ")");
        }
        if (poppler_document_get_n_pages(document.get()) < 1)
            throw failure(ErrorCode::invalid, name, "is a PDF with no pages");
        GObjectPtr<PopplerPage> page(poppler_document_get_page(document.get(), 0));
        if (!page)
            throw failure(ErrorCode::invalid, name,
                          "is a damaged PDF: poppler cannot read its first page");
        poppler_page_get_size(page.get(), &artwork.width_, &artwork.height_);
        if (!(artwork.width_ > 0 && artwork.height_ > 0))
            throw failure(ErrorCode::invalid, name, "is a PDF whose first page has no size");
        artwork.pdf_ = std::shared_ptr<const Pdf>(new Pdf{std::move(document), std::move(page)},
                                                  [](const Pdf* pdf) {
                                                      const std::lock_guard lock(poppler_mutex());
                                                      delete pdf;
                                                  });
        return artwork;
    }

    const std::string_view kind = sniffed_media_type(bytes);
    if (!bytes.empty() && kind != "image/jpeg" && kind != "image/png")
        throw failure(ErrorCode::unsupported, name,
                      "is " + std::string(format_name(kind)) +
                          "; an advertisement is a PDF (its first page), PNG or JPEG file, "
                          "judged by its bytes, not its name");
    const ImageInfo info = checked_image(bytes, std::string(what), name, limits);

    LayoutImage image;
    image.shown = std::string(what);
    image.source = name;
    image.id = layout::content_id(bytes);
    image.format = kind == "image/png" ? LayoutImage::Format::png : LayoutImage::Format::jpeg;
    image.bytes = std::move(bytes);
    // Decoded now, so that a damaged image is found here and not while a page is drawn; the
    // pixels serve every surface, and a PDF still embeds a JPEG's own bytes.
    print::ImageSurface surface;
    try {
        surface = print::make_image_surface(image, true);
    } catch (const Error& error) {
        if (error.code() != ErrorCode::unsupported) throw;
        throw Error(ErrorCode::invalid, error.file(), error.message());
    }
    artwork.image_ =
        std::shared_ptr<cairo_surface_t>(surface.surface.release(), cairo_surface_destroy);
    artwork.orientation_ = info.orientation;

    // Points from pixels at the stored resolution, which is given across and down the stored
    // pixels: a turned image swaps them.
    const auto resolution = stored_resolution(image.bytes).value_or(StoredResolution{72, 72});
    const bool turned = info.orientation >= 5;
    artwork.width_ = info.upright_width() * 72.0 / (turned ? resolution.y : resolution.x);
    artwork.height_ = info.upright_height() * 72.0 / (turned ? resolution.x : resolution.y);
    return artwork;
}

void AdArtwork::draw(cairo_t* cr, double x, double y, double width, double height) const {
    // A moved-from artwork holds nothing to draw.
    if (!(width > 0 && height > 0) || (!pdf_ && !image_)) return;
    const double scale = std::min(width / width_, height / height_);
    cairo_save(cr);
    cairo_rectangle(cr, x, y, width, height);
    cairo_clip(cr);
    cairo_translate(cr, x + (width - width_ * scale) / 2, y + (height - height_ * scale) / 2);
    cairo_scale(cr, scale, scale);
    if (pdf_) {
        const std::lock_guard lock(poppler_mutex());
        // For printing: annotations are drawn as their print flag says, not as on screen.
        poppler_page_render_for_printing(pdf_->page.get(), cr);
    } else {
        print::paint_upright(cr, image_.get(), orientation_, width_, height_);
    }
    cairo_restore(cr);
}

} // namespace galley::detail::edition
