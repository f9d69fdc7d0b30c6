// Internal: a C library's object owned by a std::unique_ptr that releases it with the
// library's own function, so that it is released on every path, exceptions included:
//
//     Owned<hb_face_t, hb_face_destroy> face(hb_face_create(blob, 0));
#pragma once

#include <memory>

namespace galley::detail {

template <auto Release> struct Releaser {
    template <class T> void operator()(T* object) const { Release(object); }
};

template <class T, auto Release> using Owned = std::unique_ptr<T, Releaser<Release>>;

} // namespace galley::detail
