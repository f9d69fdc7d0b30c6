// galley — the whole C++ API in one include: the article model and its JSON form, the readers,
// style sheets, fonts and text services, images (finding, checking, credits, web renditions),
// the three backends, sinks, one-article conversion and batches (convert.hpp, the engine
// behind `galley convert`), press kits (presskit.hpp), and the C API (galley.h).
//
// Link galley::galley (CMake: find_package(galley)) or `pkg-config --cflags --libs galley`;
// compile as C++20. Each header says what its functions promise; convert.hpp is the place to
// start.
#pragma once

#include "galley/article.hpp"
#include "galley/convert.hpp"
#include "galley/edition.hpp"
#include "galley/epub.hpp"
#include "galley/error.hpp"
#include "galley/fonts.hpp"
#include "galley/image.hpp"
#include "galley/json.hpp"
#include "galley/pdf.hpp"
#include "galley/presskit.hpp"
#include "galley/print.hpp"
#include "galley/read.hpp"
#include "galley/resources.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"
#include "galley/text.hpp"

#include "galley/galley.h"
