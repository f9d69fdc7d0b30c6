#include "epub/content_id.hpp"

#include <cstring>

namespace galley::detail {

namespace {

std::uint32_t rotate_left(std::uint32_t value, int bits) {
    return (value << bits) | (value >> (32 - bits));
}

class Sha1 {
  public:
    void update(std::string_view bytes) {
        for (char c : bytes) {
            block_[block_size_++] = static_cast<std::uint8_t>(c);
            if (block_size_ == 64) {
                compress();
                block_size_ = 0;
            }
        }
        length_ += bytes.size();
    }

    std::array<std::uint8_t, 20> finish() {
        const std::uint64_t bit_length = length_ * 8;
        block_[block_size_++] = 0x80;
        if (block_size_ > 56) {
            while (block_size_ < 64) block_[block_size_++] = 0;
            compress();
            block_size_ = 0;
        }
        while (block_size_ < 56) block_[block_size_++] = 0;
        for (int i = 7; i >= 0; --i)
            block_[block_size_++] = static_cast<std::uint8_t>(bit_length >> (i * 8));
        compress();
        std::array<std::uint8_t, 20> digest{};
        for (int i = 0; i < 5; ++i)
            for (int b = 0; b < 4; ++b)
                digest[i * 4 + b] = static_cast<std::uint8_t>(state_[i] >> (24 - b * 8));
        return digest;
    }

  private:
    void compress() {
        std::uint32_t w[80];
        for (int i = 0; i < 16; ++i)
            w[i] = (std::uint32_t{block_[i * 4]} << 24) | (std::uint32_t{block_[i * 4 + 1]} << 16) |
                   (std::uint32_t{block_[i * 4 + 2]} << 8) | std::uint32_t{block_[i * 4 + 3]};
        for (int i = 16; i < 80; ++i)
            w[i] = rotate_left(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3], e = state_[4];
        for (int i = 0; i < 80; ++i) {
            std::uint32_t f, k;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            const std::uint32_t next = rotate_left(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = rotate_left(b, 30);
            b = a;
            a = next;
        }
        state_[0] += a;
        state_[1] += b;
        state_[2] += c;
        state_[3] += d;
        state_[4] += e;
    }

    std::uint32_t state_[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    std::uint8_t block_[64] = {};
    std::size_t block_size_ = 0;
    std::uint64_t length_ = 0;
};

constexpr char hex_digits[] = "0123456789abcdef";

// galley's UUID namespace: the version-5 UUID of the URL "https://galley.invalid/epub" in the
// RFC 4122 URL namespace, fixed here so identifiers never change between releases.
constexpr std::uint8_t galley_namespace[16] = {0x3c, 0x1f, 0x6e, 0x0a, 0x9b, 0x52, 0x5d, 0x4e,
                                               0x8a, 0x61, 0x27, 0xd4, 0x0f, 0x93, 0xb8, 0x15};

} // namespace

std::array<std::uint8_t, 20> sha1(std::string_view bytes) {
    Sha1 hash;
    hash.update(bytes);
    return hash.finish();
}

std::string sha1_hex(std::string_view bytes) {
    const auto digest = sha1(bytes);
    std::string hex;
    hex.reserve(40);
    for (std::uint8_t byte : digest) {
        hex += hex_digits[byte >> 4];
        hex += hex_digits[byte & 15];
    }
    return hex;
}

std::string content_uuid_urn(std::string_view name) {
    Sha1 hash;
    hash.update(
        std::string_view(reinterpret_cast<const char*>(galley_namespace), sizeof galley_namespace));
    hash.update(name);
    auto digest = hash.finish();
    digest[6] = static_cast<std::uint8_t>((digest[6] & 0x0F) | 0x50); // version 5
    digest[8] = static_cast<std::uint8_t>((digest[8] & 0x3F) | 0x80); // RFC 4122 variant
    std::string urn = "urn:uuid:";
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) urn += '-';
        urn += hex_digits[digest[i] >> 4];
        urn += hex_digits[digest[i] & 15];
    }
    return urn;
}

} // namespace galley::detail
