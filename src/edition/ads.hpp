// TEMPORARY (replaced by the ads helper's file)
#pragma once
#include <cairo.h>
#include <filesystem>
#include <memory>
#include <string>
namespace galley::detail::edition {
class AdArtwork {
  public:
    static AdArtwork load(const std::filesystem::path& path, const std::string& name);
    double width() const { return w_; }
    double height() const { return h_; }
    bool vector() const { return false; }
    void draw(cairo_t* cr, double x, double y, double width, double height) const;
  private:
    std::shared_ptr<cairo_surface_t> s_;
    double w_ = 0, h_ = 0;
};
}
