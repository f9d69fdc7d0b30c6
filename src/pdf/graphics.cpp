#include "pdf/graphics.hpp"

#include <utility>

namespace galley::detail::pdf {

void Graphics::append(const Graphics& other, double dx, double dy) {
    for (DrawRect r : other.rects) {
        r.x += dx, r.y += dy;
        rects.push_back(r);
    }
    for (DrawImage i : other.images) {
        i.x += dx, i.y += dy;
        images.push_back(std::move(i));
    }
    for (DrawLine l : other.lines) {
        l.x1 += dx, l.x2 += dx, l.y1 += dy, l.y2 += dy;
        lines.push_back(l);
    }
    for (DrawText t : other.texts) {
        t.x += dx, t.y += dy;
        texts.push_back(std::move(t));
    }
    for (DrawLink l : other.links) {
        l.x += dx, l.y += dy;
        links.push_back(std::move(l));
    }
}

void Graphics::append(Graphics&& other, double dx, double dy) {
    for (DrawRect& r : other.rects) r.x += dx, r.y += dy, rects.push_back(r);
    for (DrawImage& i : other.images) i.x += dx, i.y += dy, images.push_back(std::move(i));
    for (DrawLine& l : other.lines)
        l.x1 += dx, l.x2 += dx, l.y1 += dy, l.y2 += dy, lines.push_back(l);
    for (DrawText& t : other.texts) t.x += dx, t.y += dy, texts.push_back(std::move(t));
    for (DrawLink& l : other.links) l.x += dx, l.y += dy, links.push_back(std::move(l));
}

} // namespace galley::detail::pdf
