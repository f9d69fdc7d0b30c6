// Photos that are not there: a figure whose image file does not exist (or is an agency's asset
// ID, or a remote URL) keeps its caption and credit, and the backends leave the photo out with
// a warning, the same way in every backend and the press kit.
#include "galley/image.hpp"

#include "image/image_detail.hpp"

#include <cerrno>
#include <filesystem>
#include <sys/stat.h>
#include <variant>

namespace galley {

namespace fs = std::filesystem;

namespace {

// The reference as written, cut to a sensible length for a message.
std::string reference_text(std::string_view src) {
    constexpr std::size_t longest = 200;
    if (src.size() <= longest) return "'" + std::string(src) + "'";
    std::size_t cut = longest;
    while (cut > 0 && (static_cast<unsigned char>(src[cut]) & 0xC0) == 0x80) --cut;
    return "'" + std::string(src.substr(0, cut)) + "…'";
}

// An identifier rather than a file name: no extension ("iJIJyyF0tiE", "20250312-AB12") or a
// URN ("urn:newsml:…").
bool looks_like_asset_id(std::string_view src) {
    if (src.size() >= 4 && (src[0] == 'u' || src[0] == 'U') && (src[1] == 'r' || src[1] == 'R') &&
        (src[2] == 'n' || src[2] == 'N') && src[3] == ':')
        return true;
    const std::string name = fs::path(std::string(src)).filename().string();
    return !name.empty() && name.find('.') == std::string::npos;
}

// Why `src` cannot be used because nothing is there; "" when it may be usable (or is refused
// for another reason, which the backend reports as an error).
std::string why_unusable(const std::string& src, const Article& article,
                         const ImagePolicy& policy) {
    if (is_remote_image_reference(src))
        return "is not a local file and galley does not download images";
    fs::path path;
    try {
        path = resolve_image_path(src, fs::path(article.source_path).parent_path(),
                                  article.source_path, policy);
    } catch (const Error& error) {
        // file://otherhost/…: remote too. A refused path or a link loop stays an error.
        if (error.code() == ErrorCode::unsupported)
            return "names a file on another host and galley reads only local files";
        return {};
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) return {};
    if (errno != ENOENT && errno != ENOTDIR) return {};
    std::string looked = "looked for " + path.string();
    if (!policy.resource_paths.empty()) looked += " and in the resource path";
    if (looks_like_asset_id(src))
        return "names no file: it looks like an agency's asset ID, not a file name (" + looked +
               ")";
    return "was not found (" + looked + ")";
}

} // namespace

void drop_unusable_images(Article& article, Warnings& warnings, const ImagePolicy& policy) {
    int number = 0;
    detail::for_each_figure(article.blocks, [&](Figure& figure) {
        ++number;
        if (!figure.image || !figure.image->data.empty() || figure.image->src.empty()) return;
        const std::string why = why_unusable(figure.image->src, article, policy);
        if (why.empty()) return;
        warnings.push_back({article.source_path,
                            {},
                            "figure " + std::to_string(number) + ": image " +
                                reference_text(figure.image->src) + " " + why +
                                "; the photo is left out, its caption and credit are kept"});
        figure.image_left_out = std::move(figure.image->src);
        figure.image.reset();
    });
}

} // namespace galley
