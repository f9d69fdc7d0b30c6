// Finding an article's image files, under a policy, and reading them without ever blocking
// on a FIFO, following a link loop or swallowing a device.
#include "galley/image.hpp"

#include "image/image_detail.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <system_error>

namespace galley {

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

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// For messages: the reference as written, cut to a sensible length.
std::string shown(std::string_view src) {
    constexpr std::size_t longest = 200;
    if (src.size() <= longest) return "image '" + std::string(src) + "'";
    std::size_t cut = longest;
    while (cut > 0 && (static_cast<unsigned char>(src[cut]) & 0xC0) == 0x80) --cut;
    return "image '" + std::string(src.substr(0, cut)) + "…'";
}

bool path_exists(const fs::path& path) {
    std::error_code error;
    return fs::symlink_status(path, error).type() != fs::file_type::not_found && !error;
}

// Whether `path` is `base` or lies below it (both canonical).
bool is_within(const fs::path& path, const fs::path& base) {
    auto p = path.begin();
    for (auto b = base.begin(); b != base.end(); ++b, ++p) {
        if (b->empty()) continue; // a trailing separator
        if (p == path.end() || *p != *b) return false;
    }
    return true;
}

std::string system_message(int error) {
    return std::generic_category().message(error);
}

Error refused(const std::string& article_file, std::string_view src, const std::string& why,
              const ImagePolicy& policy) {
    return Error(ErrorCode::invalid, article_file,
                 shown(src) + " " + why + "; images must be inside the article's folder" +
                     (policy.resource_paths.empty() ? "" : " or a resource folder") +
                     " (--allow-outside allows others)");
}

// Whether something is at `path`, links followed: true also when that cannot be said (a
// link loop, no permission), so that the caller reports it.
bool is_there(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) return true;
    return errno != ENOENT && errno != ENOTDIR;
}

bool exists_in_any(const std::vector<fs::path>& folders, const fs::path& reference) {
    if (reference.is_absolute()) return path_exists(reference);
    for (const fs::path& folder : folders)
        if (path_exists(folder / reference)) return true;
    return false;
}

} // namespace

namespace detail {

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

ImageInfo checked_image(std::string_view bytes, const std::string& what,
                        const std::string& article_file, const ImageLimits& limits) {
    const auto fail = [&](ErrorCode code, const std::string& message) {
        return Error(code, article_file, what + " " + message);
    };
    if (bytes.empty()) throw fail(ErrorCode::empty_input, "is empty (0 bytes)");
    const auto info = probe_image(bytes);
    if (!info) {
        const std::string_view kind = sniffed_media_type(bytes);
        if (!kind.empty())
            throw fail(ErrorCode::invalid,
                       "is damaged: its " + std::string(kind) + " header is cut short");
        throw fail(ErrorCode::unsupported,
                   "is not an image galley knows (JPEG, PNG, GIF, WebP or SVG, judged by its "
                   "bytes, not its name)");
    }
    const std::uint64_t pixels =
        static_cast<std::uint64_t>(info->width) * static_cast<std::uint64_t>(info->height);
    if (pixels > limits.max_pixels)
        throw fail(ErrorCode::limit,
                   "claims " + std::to_string(info->width) + " × " + std::to_string(info->height) +
                       " pixels, over the limit of " + std::to_string(limits.max_pixels) +
                       " pixels; it was not decoded");
    if (std::string damage = image_damage(bytes, *info); !damage.empty())
        throw fail(ErrorCode::invalid, "is damaged: " + damage);
    return *info;
}

} // namespace detail

bool is_remote_image_reference(std::string_view src) {
    return starts_with_ignoring_case(src, "http://") ||
           starts_with_ignoring_case(src, "https://") || starts_with_ignoring_case(src, "ftp://") ||
           src.starts_with("//") || starts_with_ignoring_case(src, "data:");
}

fs::path resolve_image_path(std::string_view src, const fs::path& base_dir,
                            const std::string& article_file, const ImagePolicy& policy) {
    if (src.empty()) throw Error(ErrorCode::invalid, article_file, "an image reference is empty");
    if (is_remote_image_reference(src))
        throw Error(ErrorCode::unsupported, article_file,
                    shown(src) + " is not a local file; galley does not download images");
    if (src.find('\0') != std::string_view::npos)
        throw Error(ErrorCode::invalid, article_file, "an image reference holds a NUL byte");

    // Where relative references are looked for: the article's folder, then the resource path.
    std::vector<fs::path> folders{base_dir.empty() ? fs::path(".") : base_dir};
    for (const fs::path& folder : policy.resource_paths)
        if (!folder.empty()) folders.push_back(folder);

    // The reference as a path: a file URL is percent-encoded; a plain reference is taken as
    // written first, then (when no such file exists) percent-decoded.
    fs::path reference;
    if (starts_with_ignoring_case(src, "file:")) {
        std::string_view rest = src.substr(5);
        if (rest.starts_with("//")) {
            rest.remove_prefix(2);
            // file://localhost/path and file:///path name the same file; other hosts are remote.
            if (starts_with_ignoring_case(rest, "localhost/")) rest.remove_prefix(9);
            if (!rest.starts_with("/"))
                throw Error(ErrorCode::unsupported, article_file,
                            shown(src) + " names a file on another host; galley reads only "
                                         "local files");
        }
        rest = rest.substr(0, rest.find_first_of("?#"));
        reference = fs::path(detail::percent_decoded(rest));
    } else {
        reference = fs::path(std::string(src));
        // (folder / an absolute path) is the absolute path.
        if (src.find('%') != std::string_view::npos && !exists_in_any(folders, reference)) {
            fs::path decoded(detail::percent_decoded(src));
            if (exists_in_any(folders, decoded)) reference = std::move(decoded);
        }
    }
    if (reference.empty())
        throw Error(ErrorCode::invalid, article_file, shown(src) + " names no file");

    if (policy.allow_outside) {
        if (reference.is_absolute()) return reference;
        for (const fs::path& folder : folders)
            if (is_there(folder / reference)) return folder / reference;
        return base_dir / reference;
    }

    // The rule is on the reference as written; the path opened is the normalised one, so that
    // "img/.." never walks up from where a link named img leads.
    const fs::path normal = reference.lexically_normal();
    fs::path chosen;
    if (normal.is_absolute()) {
        for (const fs::path& folder : folders) {
            std::error_code ignored;
            if (is_within(normal, fs::absolute(folder, ignored).lexically_normal()) ||
                is_within(normal, fs::weakly_canonical(folder, ignored))) {
                chosen = normal;
                break;
            }
        }
        if (chosen.empty()) throw refused(article_file, src, "is an absolute path", policy);
    } else {
        if (!normal.empty() && *normal.begin() == "..")
            throw refused(article_file, src, "climbs out of the article's folder with '..'",
                          policy);
        // The first folder that has it (or cannot say: a loop, no permission — reported below
        // or by load_image); else the article's own.
        for (const fs::path& folder : folders)
            if (is_there(folder / normal)) {
                chosen = folder / normal;
                break;
            }
        if (chosen.empty()) chosen = folders.front() / normal;
    }

    // Symbolic links are followed wherever they lead.
    std::error_code error;
    const fs::path real_path = fs::weakly_canonical(chosen, error);
    if (error) {
        if (error == std::errc::too_many_symbolic_link_levels)
            throw Error(ErrorCode::io, article_file,
                        shown(src) + " leads into a symbolic-link loop (" + chosen.string() + ")");
        throw Error(ErrorCode::io, article_file,
                    "cannot resolve " + shown(src) + " (" + chosen.string() +
                        "): " + error.message());
    }
    return real_path;
}

namespace detail {

std::string read_image_file(const fs::path& path, const std::string& what, const std::string& file,
                            const ImageLimits& limits) {
    const auto fail = [&](ErrorCode code, const std::string& problem) {
        return Error(code, file, what + " " + problem);
    };

    // Look before opening: a FIFO, socket or device is refused without being opened.
    struct stat link {};
    if (::lstat(path.c_str(), &link) != 0) {
        const int error = errno;
        if (error == ENOENT) throw fail(ErrorCode::io, "not found");
        if (error == ELOOP) throw fail(ErrorCode::io, "leads into a symbolic-link loop");
        throw fail(ErrorCode::io, "cannot be examined: " + system_message(error));
    }
    struct stat target = link;
    if (S_ISLNK(link.st_mode) && ::stat(path.c_str(), &target) != 0) {
        const int error = errno;
        if (error == ELOOP) throw fail(ErrorCode::io, "is a symbolic-link loop");
        if (error == ENOENT) throw fail(ErrorCode::io, "is a symbolic link to a missing file");
        throw fail(ErrorCode::io, "cannot be examined: " + system_message(error));
    }
    const auto check_type = [&](const struct stat& info) {
        if (S_ISDIR(info.st_mode)) throw fail(ErrorCode::io, "is a folder, not a file");
        if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode))
            throw fail(ErrorCode::io, "is a device, not a file; it was not read");
        if (S_ISFIFO(info.st_mode))
            throw fail(ErrorCode::io, "is a FIFO (named pipe), not a file; it was not opened");
        if (S_ISSOCK(info.st_mode))
            throw fail(ErrorCode::io, "is a socket, not a file; it was not opened");
        if (!S_ISREG(info.st_mode)) throw fail(ErrorCode::io, "is not a regular file");
        if (static_cast<std::uint64_t>(info.st_size) > limits.max_file_bytes)
            throw fail(ErrorCode::limit, "is " + std::to_string(info.st_size) +
                                             " bytes, over the limit of " +
                                             std::to_string(limits.max_file_bytes) + " bytes");
    };
    check_type(target);

    // O_NONBLOCK: should a FIFO be put in its place after the look, opening it cannot block;
    // the descriptor is then checked to be the file that was looked at.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP) throw fail(ErrorCode::io, "is a symbolic-link loop");
        throw fail(ErrorCode::io, "cannot be opened: " + system_message(error));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat opened {};
    if (::fstat(fd, &opened) != 0)
        throw fail(ErrorCode::io, "cannot be examined: " + system_message(errno));
    check_type(opened);
    if (opened.st_dev != target.st_dev || opened.st_ino != target.st_ino)
        throw fail(ErrorCode::io, "changed while it was being opened");

    std::string bytes;
    const std::uint64_t expected = static_cast<std::uint64_t>(opened.st_size);
    bytes.resize(static_cast<std::size_t>(expected) + 1);
    std::size_t have = 0;
    for (;;) {
        if (have == bytes.size()) {
            // The file grew while it was read: keep reading, within the budget.
            if (have > limits.max_file_bytes)
                throw fail(ErrorCode::limit, "grew over the limit of " +
                                                 std::to_string(limits.max_file_bytes) +
                                                 " bytes while it was read");
            bytes.resize(have + (have >> 1) + 4096);
        }
        const ssize_t got = ::read(fd, bytes.data() + have, bytes.size() - have);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw fail(ErrorCode::io, "cannot be read: " + system_message(errno));
        }
        if (got == 0) break;
        have += static_cast<std::size_t>(got);
    }
    bytes.resize(have);
    if (have > limits.max_file_bytes)
        throw fail(ErrorCode::limit,
                   "is over the limit of " + std::to_string(limits.max_file_bytes) + " bytes");
    return bytes;
}

} // namespace detail

LoadedImage load_image(const fs::path& path, const std::string& article_file,
                       const ImageLimits& limits) {
    const std::string name = "image " + path.string();
    LoadedImage image;
    image.path = path;
    image.bytes = detail::read_image_file(path, name, article_file, limits);
    image.info = detail::checked_image(image.bytes, name, article_file, limits);
    return image;
}

} // namespace galley
