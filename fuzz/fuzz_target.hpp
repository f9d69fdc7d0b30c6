// galley fuzz targets: the libFuzzer entry point every fuzz/fuzz_<target>.cpp defines.
//
// Built two ways (fuzz/CMakeLists.txt): linked with libFuzzer (clang, -DGALLEY_FUZZ=ON) to
// search for crashing inputs, and with replay_main.cpp (any compiler) so ctest runs the saved
// corpus fuzz/corpus/<target>/ on every build. A target catches galley::Error only: any other
// exception, a crash or a sanitizer report is a finding.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
