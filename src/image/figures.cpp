// Figures and their image files: what the backends read, and what a photo's own metadata
// adds to a figure the article left without a caption or credit.
#include "galley/image.hpp"

#include "image/image_detail.hpp"
#include "read/reader.hpp"

#include <functional>
#include <map>
#include <variant>

namespace galley {

namespace fs = std::filesystem;

namespace {

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

fs::path folder_of(const Article& article) {
    return fs::path(article.source_path).parent_path();
}

} // namespace

void fill_figures_from_image_metadata(Article& article, Warnings& warnings,
                                      const ImagePolicy& policy) {
    // Each image's metadata is read once, however many figures show it.
    std::map<std::string, ImageMetadata> by_path;
    detail::for_each_figure(article.blocks, [&](Figure& figure) {
        if (!figure.image) return;
        const bool wants_caption = is_blank(plain_text(figure.caption));
        // Read even when the article says everything: the photo's usage notes always count.

        const ImageRef& ref = *figure.image;
        ImageMetadata metadata;
        if (!ref.data.empty()) {
            // Named as the file it was read from, when it was (the PDF and print backends
            // read files into the figure first), so that warnings read the same everywhere.
            std::string name =
                ref.src.empty() ? "embedded image in " + article.source_path : ref.src;
            if (!ref.src.empty() && !is_remote_image_reference(ref.src)) {
                try {
                    name =
                        resolve_image_path(ref.src, folder_of(article), article.source_path, policy)
                            .string();
                } catch (const Error&) {
                }
            }
            const std::string key =
                name + "\n" + std::to_string(std::hash<std::string_view>{}(ref.data));
            auto known = by_path.find(key);
            if (known == by_path.end())
                known = by_path.emplace(key, read_image_metadata(ref.data, name, warnings)).first;
            metadata = known->second;
        } else {
            if (ref.src.empty() || is_remote_image_reference(ref.src)) return;
            // What cannot be found, is refused or is damaged, the backend reports.
            try {
                const fs::path path =
                    resolve_image_path(ref.src, folder_of(article), article.source_path, policy);
                auto known = by_path.find(path.string());
                if (known == by_path.end()) {
                    const LoadedImage image = load_image(path, article.source_path, policy.limits);
                    known = by_path
                                .emplace(path.string(),
                                         read_image_metadata(image.bytes, path.string(), warnings))
                                .first;
                }
                metadata = known->second;
            } catch (const Error&) {
                return;
            }
        }
        // The caption without the credit and notes that ended it (read_image_metadata took
        // them off); the credit from them, else from By-line, Credit and Source.
        if (wants_caption && !metadata.caption.empty())
            figure.caption = text_inlines(metadata.caption);
        if (figure.alt.empty()) figure.alt = metadata.alt;
        Credit from_photo = metadata.figure_credit();
        // A By-line Title belongs to the photo's By-line, not to a creator the article names.
        if (!figure.credit.creator.empty() && figure.credit.creator != from_photo.creator)
            from_photo.creator_title.clear();
        detail::merge_credit(figure.credit, from_photo);
    });
}

namespace detail {

void prepare_figure_images(Article& article, const ImagePolicy& policy) {
    std::map<std::string, LoadedImage> by_path;
    detail::for_each_figure(article.blocks, [&](Figure& figure) {
        if (!figure.image) return;
        ImageRef& ref = *figure.image;
        if (!ref.data.empty()) {
            const std::string what =
                ref.src.empty() ? std::string("embedded image") : "image '" + ref.src + "'";
            checked_image(ref.data, what, article.source_path, policy.limits);
            return;
        }
        if (ref.src.empty() || is_remote_image_reference(ref.src)) return;
        const fs::path path =
            resolve_image_path(ref.src, folder_of(article), article.source_path, policy);
        auto known = by_path.find(path.string());
        if (known == by_path.end())
            known =
                by_path.emplace(path.string(), load_image(path, article.source_path, policy.limits))
                    .first;
        const LoadedImage& image = known->second;
        ref.data = image.bytes;
        ref.media_type = image.info.media_type;
        if (ref.width <= 0 || ref.height <= 0) { // upright: as the photo is shown
            ref.width = image.info.upright_width();
            ref.height = image.info.upright_height();
        }
    });
}

} // namespace detail

} // namespace galley
