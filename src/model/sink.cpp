#include "galley/sink.hpp"

#include "galley/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace galley {

namespace fs = std::filesystem;

FileSink::FileSink(fs::path path) : path_(std::move(path)) {
    std::error_code ec;
    if (fs::is_directory(path_, ec))
        throw Error(ErrorCode::output, path_.string(), "cannot write: a folder of that name exists");
    fs::path dir = path_.has_parent_path() ? path_.parent_path() : fs::path(".");
    std::string pattern = (dir / (path_.filename().string() + ".galley-tmp-XXXXXX")).string();
    int fd = ::mkstemp(pattern.data());
    if (fd < 0)
        throw Error(ErrorCode::output, path_.string(),
                    std::string("cannot create a temporary file beside it: ") + std::strerror(errno));
    temp_ = pattern;
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        int err = errno;
        ::close(fd);
        fs::remove(temp_, ec);
        throw Error(ErrorCode::output, path_.string(), std::string("cannot open: ") + std::strerror(err));
    }
}

FileSink::~FileSink() {
    if (file_) std::fclose(file_);
    if (!finished_) {
        std::error_code ec;
        fs::remove(temp_, ec);
    }
}

void FileSink::write(std::string_view bytes) {
    if (!file_) throw Error(ErrorCode::output, path_.string(), "write after finish");
    if (bytes.empty()) return;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
        throw Error(ErrorCode::output, path_.string(), std::string("cannot write: ") + std::strerror(errno));
    written_ += bytes.size();
}

void FileSink::finish() {
    if (finished_) return;
    if (!file_) throw Error(ErrorCode::output, path_.string(), "finish after a failed write");
    bool ok = std::fflush(file_) == 0;
    int err = errno;
    ok = (std::fclose(file_) == 0) && ok;
    file_ = nullptr;
    if (!ok) throw Error(ErrorCode::output, path_.string(), std::string("cannot write: ") + std::strerror(err));
    // Files are created 0600 by mkstemp; give the output the usual permissions.
    std::error_code ec;
    fs::permissions(temp_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                               fs::perms::others_read, ec);
    fs::rename(temp_, path_, ec);
    if (ec)
        throw Error(ErrorCode::output, path_.string(), "cannot move the output into place: " + ec.message());
    finished_ = true;
}

} // namespace galley
