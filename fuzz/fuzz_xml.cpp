// Fuzz target: the NITF / NewsML-G2 XML reader, galley::read_article with the format forced.
#include "fuzz_target.hpp"

#include "galley/read.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    galley::ReadOptions options;
    options.format = galley::InputFormat::nitf;
    try {
        galley::ReadResult result = galley::read_article(bytes, "fuzz.xml", options);
        static_cast<void>(result);
    } catch (const galley::Error&) {
        // A clear refusal is a correct answer to a bad input.
    }
    return 0;
}
