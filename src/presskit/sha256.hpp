// Internal: SHA-256 (FIPS 180-4), for the press kit's manifest.json checksums.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace galley::detail {

// Computes SHA-256 over bytes given in any number of pieces.
class Sha256 {
  public:
    Sha256();
    void update(std::string_view bytes);
    // The digest; the object must not be updated afterwards.
    std::array<std::uint8_t, 32> finish();

  private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> block_{};
    std::size_t block_size_ = 0;
    std::uint64_t length_ = 0;
};

// The SHA-256 digest of `bytes`.
std::array<std::uint8_t, 32> sha256(std::string_view bytes);

// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

} // namespace galley::detail
