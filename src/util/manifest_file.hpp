// Internal: reading a YAML manifest file (a press kit's, an edition's) with a size limit.
#pragma once

#include "galley/error.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace galley::detail {

// The bytes of the manifest at `path`, at most `max_bytes` of them. Throws galley::Error
// naming the file: ErrorCode::io when it is not there, not a regular file or cannot be read,
// ErrorCode::limit when it is larger than `max_bytes` (also when it grew past it since its
// size was asked: one byte past the limit is read).
inline std::string read_manifest_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
    namespace fs = std::filesystem;
    const std::string file = path.string();
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::exists(status))
        throw Error(ErrorCode::io, file, "cannot read the manifest: no such file");
    if (!fs::is_regular_file(status))
        throw Error(ErrorCode::io, file, "cannot read the manifest: not a regular file");
    const auto size = fs::file_size(path, error);
    const auto too_large = [&](std::uint64_t bytes) {
        return Error(ErrorCode::limit, file,
                     "the manifest is " + std::to_string(bytes) + " bytes; at most " +
                         std::to_string(max_bytes) + " are read");
    };
    if (!error && size > max_bytes) throw too_large(size);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::io, file, "cannot open the manifest");
    std::string bytes;
    bytes.resize(max_bytes + 1);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad()) throw Error(ErrorCode::io, file, "cannot read the manifest");
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

// The folder a manifest's paths are relative to: the one it is in ("." for a bare name).
inline std::filesystem::path manifest_folder(const std::filesystem::path& path) {
    std::filesystem::path base = path.parent_path();
    return base.empty() ? std::filesystem::path(".") : base;
}

} // namespace galley::detail
