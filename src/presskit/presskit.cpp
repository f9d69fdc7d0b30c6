// galley::assemble_presskit and friends: a manifest becomes every file of a press kit, in
// memory, then a ZIP or a folder.
//
// The work runs in two phases on `jobs` threads, each task filling its own slot so results
// are assembled in manifest order whatever finishes first: (1) read and prepare the releases
// (images embedded, figures credited from image metadata, the embargo notice), load and
// render the photos, read the fact sheet and the logo; (2) run the backends — each release's
// PDF and print PDF, the EPUB of all releases, the fact sheet's PDF. The first error in
// manifest order is the one reported.
#include "galley/presskit.hpp"

#include "galley/epub.hpp"
#include "galley/image.hpp"
#include "galley/pdf.hpp"
#include "galley/print.hpp"
#include "galley/read.hpp"

#include "epub/timestamp.hpp"
#include "epub/zip_archive.hpp"
#include "image/restrictions.hpp"
#include "presskit/kit.hpp"
#include "presskit/sha256.hpp"
#include "read/reader.hpp"
#include "text/language.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <exception>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <tuple>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace galley {

namespace fs = std::filesystem;

UncreditedPhotosError::UncreditedPhotosError(std::string file, Position pos,
                                             std::vector<std::string> photos)
    : Error(ErrorCode::invalid, std::move(file), pos,
            [&] {
                std::string list;
                for (const auto& p : photos) list += (list.empty() ? "" : ", ") + p;
                return std::string(photos.size() == 1 ? "photo " : "photos ") + list +
                       (photos.size() == 1 ? " has" : " have") +
                       " no credit (no credit line, creator, copyright or source in the manifest "
                       "or in the image's IPTC, XMP or Exif metadata); give one, or pass "
                       "--allow-uncredited";
            }()),
      photos_(std::move(photos)) {}

RestrictedPhotosError::RestrictedPhotosError(std::string file, Position pos,
                                             std::vector<Photo> photos)
    : Error(ErrorCode::invalid, std::move(file), pos,
            [&] {
                std::string list;
                for (const auto& p : photos)
                    list += (list.empty() ? "photo " : "; photo ") + p.name + " is marked " +
                            p.restrictions;
                return list + "; a press kit passes its photos on and is kept, which " +
                       (photos.size() == 1 ? "this photo's" : "these photos'") +
                       " terms do not allow: leave " + (photos.size() == 1 ? "it" : "them") +
                       " out, or pass --allow-restricted";
            }()),
      photos_(std::move(photos)) {}

namespace {

// ---- paths ------------------------------------------------------------------------------

bool is_inside(const fs::path& path, const fs::path& root) {
    auto p = path.begin();
    for (auto r = root.begin(); r != root.end(); ++r, ++p) {
        if (r->empty()) continue; // a trailing separator
        if (p == path.end() || *p != *r) return false;
    }
    return true;
}

bool looks_like_url(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon < 2) return false; // "C:" is not a scheme
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = s[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok) return false;
    }
    return s.substr(colon).starts_with("://") || s.starts_with("data:") || s.starts_with("mailto:");
}

// Resolves the manifest's paths and keeps them inside its folder (unless allowed out).
class PathGuard {
  public:
    PathGuard(const PresskitManifest& manifest, bool allow_outside,
              const std::vector<fs::path>& resource_paths = {})
        : manifest_(manifest), allow_outside_(allow_outside) {
        std::error_code error;
        const fs::path base = manifest.base_dir.empty() ? fs::path(".") : manifest.base_dir;
        root_ = fs::canonical(base, error);
        if (error)
            throw Error(ErrorCode::io, manifest.file,
                        "cannot find the manifest's folder " + base.string() + ": " +
                            error.message());
        // Where images inside releases may be, by their paths as written (links followed).
        roots_ = {root_, fs::absolute(base, error).lexically_normal()};
        for (const fs::path& folder : resource_paths) {
            roots_.push_back(fs::absolute(folder, error).lexically_normal());
            roots_.push_back(fs::weakly_canonical(folder, error));
        }
    }

    // An image inside a release, as resolve_image_path joined it: refused when its path as
    // written leads outside the manifest's folder and the resource folders.
    void inside(const fs::path& path, const std::string& file, const std::string& shown) const {
        if (allow_outside_) return;
        std::error_code error;
        const fs::path normal = fs::absolute(path, error).lexically_normal();
        for (const fs::path& root : roots_)
            if (!root.empty() && is_inside(normal, root)) return;
        throw Error(ErrorCode::invalid, file,
                    shown + " leads outside the manifest's folder (to " + normal.string() +
                        "); refused (--allow-outside allows it)");
    }

    struct Resolved {
        fs::path shown;     // the manifest's folder joined with the path as written
        fs::path canonical; // every link followed: for the safety check and to spot twins
    };

    // A path as the manifest writes it, for `what` ("release", "photo", …).
    Resolved resolve(const std::string& value, Position at, const std::string& what) const {
        if (looks_like_url(value))
            throw Error(ErrorCode::invalid, manifest_.file, at,
                        what + " '" + value + "' is a URL; a press kit takes local files only");
        const fs::path written(value);
        if (!allow_outside_) {
            if (written.is_absolute())
                throw Error(ErrorCode::invalid, manifest_.file, at,
                            what + " '" + value +
                                "' is an absolute path; paths are relative to the manifest's "
                                "folder (--allow-outside allows others)");
            for (const auto& part : written)
                if (part == "..")
                    throw Error(ErrorCode::invalid, manifest_.file, at,
                                what + " '" + value +
                                    "' climbs out of the manifest's folder with '..'; refused "
                                    "(--allow-outside allows it)");
        }
        Resolved r;
        r.shown =
            written.is_absolute() ? written : (manifest_.base_dir / written).lexically_normal();
        r.canonical = checked(r.shown, manifest_.file, at, what + " '" + value + "'");
        return r;
    }

    // An already joined path: exists and is a regular file. Symbolic links are followed
    // wherever they lead: the rule is on the path as written (resolve, inside).
    fs::path checked(const fs::path& path, const std::string& file, Position at,
                     const std::string& shown) const {
        std::error_code error;
        fs::path canonical = fs::canonical(path, error);
        if (error)
            throw Error(ErrorCode::io, file, at,
                        shown + " not found (looked for " + path.string() + ")");
        if (!fs::is_regular_file(canonical, error))
            throw Error(ErrorCode::io, file, at, shown + " is not a regular file");
        return canonical;
    }

  private:
    const PresskitManifest& manifest_;
    bool allow_outside_;
    fs::path root_;
    std::vector<fs::path> roots_;
};

// ---- running tasks ----------------------------------------------------------------------

int job_count(int requested) {
    int n = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
    return std::max(1, n);
}

// Runs every task on `jobs` threads; rethrows the exception of the first failed task (in
// task order, so the same manifest always reports the same error). After a failure no new
// task starts.
void run_tasks(std::vector<std::function<void()>>& tasks, int jobs) {
    std::vector<std::exception_ptr> failures(tasks.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < tasks.size();) {
            if (failed.load()) continue;
            try {
                tasks[i]();
            } catch (...) {
                failures[i] = std::current_exception();
                failed = true;
            }
        }
    };
    std::vector<std::thread> threads;
    const int n = std::min<int>(jobs, static_cast<int>(tasks.size()));
    for (int t = 1; t < n; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    for (auto& failure : failures)
        if (failure) std::rethrow_exception(failure);
}

void append(Warnings& into, Warnings&& from) {
    into.insert(into.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
}

// Says each thing once (two backends report the same missing glyph), naming a file.
Warnings tidy(Warnings warnings) {
    Warnings unique;
    std::set<std::tuple<std::string, int, int, std::string>> seen;
    for (auto& w : warnings)
        if (seen.emplace(w.file, w.pos.line, w.pos.column, w.message).second)
            unique.push_back(std::move(w));
    return unique;
}

// ---- releases ---------------------------------------------------------------------------

struct Release {
    const PresskitRelease* entry = nullptr;
    PathGuard::Resolved path;
    bool duplicate = false;
    const StyleSheet* style = nullptr;
    Article article;
    Warnings warnings;
    // Two tasks write a release's PDFs at once: each keeps its own warnings.
    Warnings pdf_warnings, print_warnings;
    std::string slug;
    std::string pdf, print;
};

// Fills what a figure leaves empty: the article always wins.
void fill_figure(Figure& figure, const std::string& caption, const std::string& alt,
                 const std::string& creator, const std::string& credit,
                 const std::string& copyright, const std::string& source) {
    if (figure.caption.empty() && !caption.empty()) figure.caption = text_inlines(caption);
    if (figure.alt.empty()) figure.alt = alt;
    if (figure.credit.creator.empty()) figure.credit.creator = creator;
    if (figure.credit.line.empty()) figure.credit.line = credit;
    if (figure.credit.copyright.empty()) figure.credit.copyright = copyright;
    if (figure.credit.source.empty()) figure.credit.source = source;
}

// The same from the credit an image's metadata gives (ImageMetadata::figure_credit): the
// caption's own credit, its usage notes, special instructions and usage terms too.
void fill_figure(Figure& figure, const std::string& caption, const std::string& alt,
                 const Credit& credit) {
    if (figure.caption.empty() && !caption.empty()) figure.caption = text_inlines(caption);
    if (figure.alt.empty()) figure.alt = alt;
    detail::merge_credit(figure.credit, credit);
}

bool is_remote(std::string_view src) {
    return looks_like_url(src) && !src.starts_with("file:");
}

// The manifest's photos by their canonical path, with what the kit says about each.
using PhotoLookup = std::map<fs::path, const detail::KitPhoto*>;

// Embeds the bytes of every local image of `blocks` (read under the manifest's path rules,
// so the backends never look outside the kit's folder) and fills what each figure leaves
// empty: from the manifest's entry when the image is one of the kit's photos (the manifest,
// then the image's metadata), else from the image's metadata.
void embed_images(Blocks& blocks, const Article& article, const PathGuard& guard,
                  const ImagePolicy& policy, const PhotoLookup& photos, Warnings& warnings) {
    for (Block& block : blocks) {
        if (auto* quote = std::get_if<BlockQuote>(&block.node)) {
            embed_images(quote->content, article, guard, policy, photos, warnings);
        } else if (auto* list = std::get_if<List>(&block.node)) {
            for (Blocks& item : list->items)
                embed_images(item, article, guard, policy, photos, warnings);
        } else if (auto* figure = std::get_if<Figure>(&block.node)) {
            if (!figure->image || !figure->image->data.empty() || figure->image->src.empty() ||
                is_remote(figure->image->src) || is_remote_image_reference(figure->image->src))
                continue; // remote: left out by drop_unusable_images, with a warning
            const fs::path base = fs::path(article.source_path).parent_path();
            fs::path path;
            try {
                path = resolve_image_path(figure->image->src, base.empty() ? "." : base,
                                          article.source_path, policy);
            } catch (const Error& error) {
                if (error.code() == ErrorCode::unsupported) continue; // file://otherhost/: remote
                throw;
            }
            const std::string shown = "image '" + figure->image->src + "'";
            guard.inside(path, article.source_path, shown);
            // A missing photo is left for drop_unusable_images: a warning, not an error.
            std::error_code missing;
            if (!fs::exists(path, missing) && !missing) continue;
            const fs::path canonical = guard.checked(path, article.source_path, {}, shown);
            LoadedImage image = load_image(canonical, article.source_path, policy.limits);
            if (auto kit_photo = photos.find(canonical); kit_photo != photos.end()) {
                const detail::KitPhoto& k = *kit_photo->second;
                fill_figure(*figure, k.caption, k.alt, k.creator, k.credit, k.copyright,
                            k.source_agency);
            } else {
                const ImageMetadata m = read_image_metadata(image.bytes, path.string(), warnings);
                fill_figure(*figure, m.caption, m.alt, m.figure_credit());
            }
            figure->image->media_type = image.info.media_type;
            if (figure->image->width == 0) figure->image->width = image.info.upright_width();
            if (figure->image->height == 0) figure->image->height = image.info.upright_height();
            figure->image->data = std::move(image.bytes);
        }
    }
}

// The notice every embargoed release starts with: a block quote of class "embargo" (not a
// paragraph, so the dateline still runs into the lead and p:first-of-type still is the lead).
Block embargo_block(const PresskitEmbargo& embargo) {
    BlockQuote quote;
    quote.attr.classes.push_back("embargo");
    Paragraph notice;
    notice.content = text_inlines(embargo.notice());
    quote.content.push_back(Block(std::move(notice)));
    return Block(std::move(quote));
}

// ---- photos -----------------------------------------------------------------------------

struct Photo {
    const PresskitPhoto* entry = nullptr;
    PathGuard::Resolved path;
    bool duplicate = false;
    detail::KitPhoto kit;
    std::string bytes, web, thumb;
    std::string extension;
    Warnings warnings;
};

// The manifest's value, else the image's; a disagreement is a warning.
std::string merged(const std::string& field, const std::string& from_manifest,
                   const std::string& from_image, const PresskitManifest& manifest,
                   const PresskitPhoto& photo, Warnings& warnings) {
    if (from_manifest.empty()) return from_image;
    if (!from_image.empty() && from_image != from_manifest)
        warnings.push_back({manifest.file, photo.at,
                            "photo '" + photo.file + "': the manifest's " + field + " \"" +
                                from_manifest + "\" differs from the image's metadata \"" +
                                from_image + "\"; the manifest's is used"});
    return from_manifest;
}

// Loads a photo and settles what the kit says about it.
void read_photo(Photo& photo, const PresskitManifest& manifest) {
    const PresskitPhoto& e = *photo.entry;
    const std::string shown = photo.path.shown.string();
    LoadedImage image = load_image(photo.path.canonical, manifest.file);
    const ImageMetadata m = read_image_metadata(image.bytes, shown, photo.warnings);
    detail::KitPhoto& k = photo.kit;
    k.source = e.file;
    k.media_type = image.info.media_type;
    k.width = image.info.upright_width(); // as the photo is shown
    k.height = image.info.upright_height();
    k.caption = merged("caption", e.caption, m.caption, manifest, e, photo.warnings);
    // The credit that ended the image's caption, else its By-line, Credit and Source.
    const Credit from_image = m.figure_credit();
    k.creator = merged("creator", e.creator, from_image.creator, manifest, e, photo.warnings);
    k.credit = merged("credit line", e.credit, from_image.line, manifest, e, photo.warnings);
    k.copyright = merged("copyright", e.copyright, m.copyright, manifest, e, photo.warnings);
    k.source_agency = from_image.source;
    k.usage.notes = from_image.notes;
    k.usage.instructions = from_image.instructions;
    k.usage.usage_terms = from_image.usage_terms;
    k.terms = e.terms;
    k.alt = !e.alt.empty() ? e.alt : m.alt;
    photo.extension = image.info.extension;
    photo.bytes = std::move(image.bytes);
}

// The web rendition (long edge 1600 px) and the index page's thumbnail (480 px).
void render_photo(Photo& photo) {
    const std::string shown = photo.path.shown.string();
    photo.web = web_rendition_jpeg(photo.bytes, shown, 1600, 85);
    photo.thumb = web_rendition_jpeg(photo.web, shown, 480, 80);
    if (auto info = probe_image(photo.web))
        photo.kit.web_long_edge = std::max(info->width, info->height);
    if (auto info = probe_image(photo.thumb)) {
        photo.kit.thumb_width = info->width;
        photo.kit.thumb_height = info->height;
    }
}

// ---- styles -----------------------------------------------------------------------------

class Styles {
  public:
    Styles(const PathGuard& guard, const PresskitManifest& manifest, Warnings& warnings)
        : guard_(guard), manifest_(manifest), warnings_(warnings) {}

    // A style as the manifest names it: a bundled name, or a .css path relative to it.
    const StyleSheet* get(const std::string& value, Position at) {
        auto known = sheets_.find(value);
        if (known != sheets_.end()) return known->second.get();
        const bool is_path = value.find('/') != std::string::npos || value.ends_with(".css");
        std::string what = value;
        if (is_path) what = guard_.resolve(value, at, "style").canonical.string();
        StyleSheet sheet;
        try {
            sheet = load_style(what, warnings_);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::usage) throw;
            // An unknown bundled name: the manifest is what is wrong.
            throw Error(ErrorCode::invalid, manifest_.file, at, "style: " + e.message());
        }
        auto stored = std::make_unique<StyleSheet>(std::move(sheet));
        const StyleSheet* result = stored.get();
        sheets_.emplace(value, std::move(stored));
        return result;
    }

  private:
    const PathGuard& guard_;
    const PresskitManifest& manifest_;
    Warnings& warnings_;
    std::map<std::string, std::unique_ptr<StyleSheet>> sheets_;
};

// ---- the kit's date ---------------------------------------------------------------------

std::int64_t kit_date(const PresskitOptions& options, const std::vector<Release>& releases) {
    if (options.date) return *options.date;
    if (auto epoch = detail::source_date_epoch()) return *epoch;
    std::optional<std::int64_t> latest;
    for (const Release& r : releases) {
        if (r.duplicate) continue;
        if (auto d = detail::parse_iso8601(r.article.meta.date))
            if (!latest || *d > *latest) latest = d;
    }
    return latest ? *latest : 315532800; // 1980-01-01T00:00:00Z, the earliest a ZIP can say
}

bool already_compressed(std::string_view path) {
    for (std::string_view ext : {".pdf", ".epub", ".jpg", ".png", ".gif", ".webp"})
        if (path.ends_with(ext)) return true;
    return false;
}

} // namespace

// ---------------------------------------------------------------------------------------------

PresskitKit assemble_presskit(const PresskitManifest& manifest, const PresskitOptions& options) {
    PresskitKit kit;
    Warnings& warnings = kit.warnings;
    const PathGuard guard(manifest, options.allow_outside, options.resource_paths);
    // How images inside releases are found: beside the release, then in the resource path;
    // the guard applies the manifest's rule to where they are.
    ImagePolicy image_policy;
    image_policy.allow_outside = true;
    image_policy.resource_paths = options.resource_paths;
    const int jobs = job_count(options.jobs);

    if (manifest.organisation.name.empty())
        throw Error(ErrorCode::invalid, manifest.file,
                    "the manifest needs 'organisation:' with a 'name:'");
    if (manifest.releases.empty())
        throw Error(ErrorCode::invalid, manifest.file, "the manifest lists no releases");

    // Every path first, so a refused or missing file stops the kit before any work.
    std::vector<Release> releases(manifest.releases.size());
    std::map<fs::path, const PresskitRelease*> release_files;
    Styles styles(guard, manifest, warnings);
    const StyleSheet* kit_style = nullptr;
    std::optional<StyleSheet> given_style = options.style;
    if (given_style)
        kit_style = &*given_style;
    else
        kit_style =
            styles.get(manifest.style.empty() ? "default" : manifest.style, manifest.style_at);
    for (std::size_t i = 0; i < releases.size(); ++i) {
        Release& r = releases[i];
        r.entry = &manifest.releases[i];
        r.path = guard.resolve(r.entry->file, r.entry->at, "release");
        auto [it, fresh] = release_files.emplace(r.path.canonical, r.entry);
        if (!fresh) {
            r.duplicate = true;
            warnings.push_back({manifest.file, r.entry->at,
                                "release '" + r.entry->file + "' is listed twice (first on line " +
                                    std::to_string(it->second->at.line) + "); it is built once"});
            continue;
        }
        r.style =
            r.entry->style.empty() ? kit_style : styles.get(r.entry->style, r.entry->style_at);
    }
    std::vector<Photo> photos(manifest.photos.size());
    std::map<fs::path, const PresskitPhoto*> photo_files;
    for (std::size_t i = 0; i < photos.size(); ++i) {
        Photo& p = photos[i];
        p.entry = &manifest.photos[i];
        p.path = guard.resolve(p.entry->file, p.entry->at, "photo");
        auto [it, fresh] = photo_files.emplace(p.path.canonical, p.entry);
        if (!fresh) {
            p.duplicate = true;
            warnings.push_back({manifest.file, p.entry->at,
                                "photo '" + p.entry->file + "' is listed twice (first on line " +
                                    std::to_string(it->second->at.line) +
                                    "); it is stored once, with what the first entry says"});
        }
    }
    std::optional<PathGuard::Resolved> logo_path, fact_sheet_path;
    if (!manifest.organisation.logo.empty())
        logo_path =
            guard.resolve(manifest.organisation.logo, manifest.organisation.logo_at, "logo");
    if (manifest.fact_sheet && !manifest.fact_sheet->file.empty())
        fact_sheet_path =
            guard.resolve(manifest.fact_sheet->file, manifest.fact_sheet->at, "fact sheet");

    // Phase 1: the photos and the logo, then the releases (whose figures may be the kit's
    // photos, credited as the manifest says).
    std::optional<Article> fact_sheet;
    Warnings fact_sheet_warnings;
    std::optional<LoadedImage> logo;
    std::vector<std::function<void()>> tasks;
    for (Photo& p : photos)
        if (!p.duplicate) tasks.push_back([&, photo = &p] { read_photo(*photo, manifest); });
    if (logo_path) tasks.push_back([&] { logo = load_image(logo_path->canonical, manifest.file); });
    run_tasks(tasks, jobs);
    // Photos without credit stop the kit (all of them named at once).
    std::vector<std::string> uncredited;
    Position first_uncredited;
    for (const Photo& p : photos) {
        if (p.duplicate) continue;
        const auto& k = p.kit;
        if (k.credit.empty() && k.creator.empty() && k.copyright.empty() &&
            k.source_agency.empty()) {
            if (uncredited.empty()) first_uncredited = p.entry->at;
            uncredited.push_back(p.entry->file);
            if (options.allow_uncredited)
                warnings.push_back({manifest.file, p.entry->at,
                                    "photo '" + p.entry->file +
                                        "' has no credit (allowed by "
                                        "--allow-uncredited)"});
        }
    }
    if (!uncredited.empty() && !options.allow_uncredited)
        throw UncreditedPhotosError(manifest.file, first_uncredited, std::move(uncredited));

    PhotoLookup photo_lookup;
    for (const Photo& p : photos)
        if (!p.duplicate) photo_lookup.emplace(p.path.canonical, &p.kit);
    tasks.clear();
    for (Release& r : releases) {
        if (r.duplicate) continue;
        tasks.push_back([&, release = &r] {
            Release& r = *release;
            ReadResult read = read_article_file(r.path.shown.string());
            r.warnings = std::move(read.warnings);
            r.article = std::move(read.article);
            if (r.article.meta.publisher.empty())
                r.article.meta.publisher = manifest.organisation.name;
            embed_images(r.article.blocks, r.article, guard, image_policy, photo_lookup,
                         r.warnings);
            drop_unusable_images(r.article, r.warnings, image_policy);
            if (manifest.embargo)
                r.article.blocks.insert(r.article.blocks.begin(), embargo_block(*manifest.embargo));
        });
    }
    if (manifest.fact_sheet) {
        tasks.push_back([&] {
            Article a;
            if (fact_sheet_path) {
                ReadOptions ro;
                ro.format = InputFormat::markdown;
                ReadResult read = read_article_file(fact_sheet_path->shown.string(), ro);
                fact_sheet_warnings = std::move(read.warnings);
                a = std::move(read.article);
                if (a.meta.headline.empty())
                    a.meta.headline = manifest.organisation.name + ": fact sheet";
                embed_images(a.blocks, a, guard, image_policy, photo_lookup, fact_sheet_warnings);
                drop_unusable_images(a, fact_sheet_warnings, image_policy);
            } else {
                a.source_path = manifest.file;
                a.meta.headline = manifest.organisation.name;
                a.meta.dek = "Fact sheet";
                Table table;
                table.attr.classes.push_back("fact-sheet");
                for (const auto& [label, value] : manifest.fact_sheet->facts) {
                    TableCell name;
                    name.content.push_back(Inline(Strong{text_inlines(label)}));
                    TableCell cell;
                    cell.content = text_inlines(value);
                    table.body.push_back({std::move(name), std::move(cell)});
                }
                a.blocks.push_back(Block(std::move(table)));
            }
            if (a.meta.publisher.empty()) a.meta.publisher = manifest.organisation.name;
            fact_sheet = std::move(a);
        });
    }
    run_tasks(tasks, jobs);

    // Photos that may not be passed on stop the kit (all of them named at once): the kit's
    // photos by their own metadata, other photos in the releases and the fact sheet by their
    // figure's credit (what the article says and the image's metadata).
    std::vector<RestrictedPhotosError::Photo> restricted;
    Position first_restricted;
    const auto add_restricted = [&](Position at, std::string name, std::string why) {
        if (restricted.empty()) first_restricted = at;
        if (options.allow_restricted)
            warnings.push_back(
                {manifest.file, at,
                 "photo " + name + " is marked " + why + " (allowed by --allow-restricted)"});
        restricted.push_back({std::move(name), std::move(why)});
    };
    for (const Photo& p : photos) {
        if (p.duplicate) continue;
        std::string why = describe_usage_restrictions(p.kit.usage);
        if (!why.empty()) add_restricted(p.entry->at, p.entry->file, std::move(why));
    }
    for (const Release& r : releases) {
        if (r.duplicate) continue;
        for (detail::RestrictedFigure& f : detail::restricted_figures(r.article.blocks))
            add_restricted(r.entry->at, r.entry->file + ": image '" + f.image + "'",
                           std::move(f.restrictions));
    }
    if (fact_sheet && manifest.fact_sheet)
        for (detail::RestrictedFigure& f : detail::restricted_figures(fact_sheet->blocks))
            add_restricted(manifest.fact_sheet->at,
                           manifest.fact_sheet->file + ": image '" + f.image + "'",
                           std::move(f.restrictions));
    if (!restricted.empty() && !options.allow_restricted)
        throw RestrictedPhotosError(manifest.file, first_restricted, std::move(restricted));

    // Phase 2: the backends, all with the kit's date.
    kit.date = kit_date(options, releases);
    const std::int64_t date = kit.date;
    std::set<std::string> release_slugs;
    std::vector<const Article*> articles;
    for (Release& r : releases) {
        if (r.duplicate) continue;
        std::string slug = detail::slugify(r.article.meta.headline);
        if (slug.empty()) slug = detail::slugify(r.path.shown.stem().string());
        if (slug.empty()) slug = "release";
        r.slug = detail::unique_slug(slug, release_slugs);
        articles.push_back(&r.article);
    }
    std::string epub, fact_sheet_pdf;
    Warnings epub_warnings, fact_sheet_pdf_warnings;
    tasks.clear();
    tasks.push_back([&] {
        std::vector<Article> copies;
        for (const Article* a : articles) copies.push_back(*a);
        EpubOptions eo;
        eo.style = *kit_style;
        eo.title = manifest.organisation.name + " press kit";
        eo.modified = date;
        MemorySink sink;
        epub_warnings = write_epub_bundle(copies, eo, sink).warnings;
        epub = sink.take();
    });
    for (Release& r : releases) {
        if (r.duplicate) continue;
        tasks.push_back([&, release = &r] {
            Release& r = *release;
            PrintOptions po;
            po.style = *r.style;
            po.created = date;
            MemorySink sink;
            PrintResult result = write_print(r.article, po, sink);
            r.print = sink.take();
            r.print_warnings = std::move(result.warnings);
        });
        tasks.push_back([&, release = &r] {
            Release& r = *release;
            PdfOptions po;
            po.style = *r.style;
            po.created = date;
            MemorySink sink;
            PdfResult result = write_pdf(r.article, po, sink);
            r.pdf = sink.take();
            r.pdf_warnings = std::move(result.warnings);
        });
    }
    for (Photo& p : photos)
        if (!p.duplicate) tasks.push_back([photo = &p] { render_photo(*photo); });
    if (fact_sheet) {
        tasks.push_back([&] {
            PdfOptions po;
            po.style = *kit_style;
            po.created = date;
            MemorySink sink;
            fact_sheet_pdf_warnings = write_pdf(*fact_sheet, po, sink).warnings;
            fact_sheet_pdf = sink.take();
        });
    }
    run_tasks(tasks, jobs);

    // Assembly, in the kit's fixed order.
    detail::KitIndex index;
    index.manifest = &manifest;
    index.date = date;
    std::vector<PresskitFile>& files = kit.files;
    const auto add = [&](std::string path, std::string bytes) {
        index.sizes.emplace_back(path, bytes.size());
        const bool compress = !already_compressed(path);
        files.push_back(PresskitFile{std::move(path), std::move(bytes), compress});
    };
    files.push_back(PresskitFile{"index.html", "", true}); // written last, stored first
    for (Release& r : releases) {
        if (r.duplicate) continue;
        detail::KitRelease k;
        k.slug = r.slug;
        k.headline = r.article.meta.headline.empty() ? r.path.shown.filename().string()
                                                     : r.article.meta.headline;
        k.dek = r.article.meta.dek;
        k.language = r.article.meta.language;
        k.date = detail::format_date(r.article.meta.date, r.article.meta.language);
        k.pdf = "releases/" + r.slug + ".pdf";
        k.print = "releases/" + r.slug + "-print.pdf";
        add(k.pdf, std::move(r.pdf));
        add(k.print, std::move(r.print));
        index.releases.push_back(std::move(k));
    }
    index.epub = "press-kit.epub";
    add(index.epub, std::move(epub));
    if (fact_sheet) {
        index.fact_sheet = "fact-sheet.pdf";
        add(index.fact_sheet, std::move(fact_sheet_pdf));
    }
    if (logo) {
        index.logo = "logo." + logo->info.extension;
        index.logo_width = logo->info.width;
        index.logo_height = logo->info.height;
        add(index.logo, std::move(logo->bytes));
    }
    std::set<std::string> photo_slugs;
    std::vector<Photo*> kept;
    for (Photo& p : photos) {
        if (p.duplicate) continue;
        std::string slug = detail::slugify(p.path.shown.stem().string());
        if (slug.empty()) slug = "photo";
        p.kit.slug = detail::unique_slug(slug, photo_slugs);
        p.kit.original = "photos/" + p.kit.slug + "." + p.extension;
        p.kit.web = "photos/web/" + p.kit.slug + ".jpg";
        p.kit.thumb = "photos/thumbs/" + p.kit.slug + ".jpg";
        kept.push_back(&p);
        index.photos.push_back(p.kit);
    }
    for (Photo* p : kept) add(p->kit.original, std::move(p->bytes));
    for (Photo* p : kept) add(p->kit.web, std::move(p->web));
    for (Photo* p : kept) add(p->kit.thumb, std::move(p->thumb));
    if (!kept.empty()) {
        index.credits_csv = "photos/credits.csv";
        add(index.credits_csv, detail::credits_csv(index.photos));
        index.captions_txt = "photos/captions.txt";
        add(index.captions_txt, detail::captions_text(index.photos));
    }
    index.contacts_vcf = "contacts.vcf";
    add(index.contacts_vcf, detail::contacts_vcard(manifest, warnings));
    index.manifest_json = "manifest.json";
    files.front().bytes = detail::index_html(index);

    nlohmann::ordered_json listing = nlohmann::ordered_json::array();
    for (const PresskitFile& f : files)
        listing.push_back(
            {{"path", f.path}, {"bytes", f.bytes.size()}, {"sha256", detail::sha256_hex(f.bytes)}});
    nlohmann::ordered_json json;
    json["generator"] = std::string("galley ") + GALLEY_VERSION;
    json["organisation"] = {{"name", manifest.organisation.name}};
    if (!manifest.organisation.website.empty())
        json["organisation"]["website"] = manifest.organisation.website;
    json["date"] = detail::format_utc(date);
    if (manifest.embargo) {
        json["embargo"] = manifest.embargo->text;
        json["embargo_utc"] = detail::format_utc(manifest.embargo->utc);
    }
    json["files"] = std::move(listing);
    files.push_back(PresskitFile{"manifest.json", json.dump(2) + "\n", true});

    // Warnings in manifest order: photos, releases (reading, then the backends), the book,
    // the fact sheet.
    for (Photo& p : photos) append(warnings, std::move(p.warnings));
    for (Release& r : releases) {
        append(warnings, std::move(r.warnings));
        append(warnings, std::move(r.pdf_warnings));
        append(warnings, std::move(r.print_warnings));
    }
    append(warnings, std::move(epub_warnings));
    append(warnings, std::move(fact_sheet_warnings));
    append(warnings, std::move(fact_sheet_pdf_warnings));
    kit.warnings = tidy(std::move(kit.warnings));
    return kit;
}

void write_presskit_zip(const PresskitKit& kit, Sink& sink) {
    detail::ZipArchive zip(detail::dos_timestamp(kit.date));
    for (const PresskitFile& f : kit.files)
        zip.add(f.path, f.bytes,
                f.compress ? detail::ZipMethod::deflate : detail::ZipMethod::store);
    sink.write(zip.finish());
    sink.finish();
}

namespace {

[[noreturn]] void folder_error(const fs::path& folder, const std::string& what,
                               const std::error_code& error) {
    throw Error(ErrorCode::output, folder.string(), what + (error ? ": " + error.message() : ""));
}

// True when `folder` holds an earlier kit: its manifest.json says galley made it.
bool is_earlier_kit(const fs::path& folder) {
    std::ifstream in(folder / "manifest.json", std::ios::binary);
    if (!in) return false;
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head.find("\"generator\": \"galley ") != std::string::npos;
}

void set_file_time(const fs::path& path, std::int64_t seconds) {
    timespec times[2];
    times[0].tv_sec = static_cast<time_t>(seconds);
    times[0].tv_nsec = 0;
    times[1] = times[0];
    ::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

// A fresh folder beside `target`, named after it.
fs::path make_sibling(const fs::path& target, const char* role) {
    const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::string pattern = (parent / ("." + target.filename().string() + role + "XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
        folder_error(target, "cannot create a folder beside it",
                     std::error_code(errno, std::generic_category()));
    return fs::path(pattern);
}

} // namespace

void write_presskit_folder(const PresskitKit& kit, const fs::path& folder_in) {
    fs::path folder = folder_in;
    if (!folder.has_filename()) folder = folder.parent_path(); // "kit/" names "kit"
    if (folder.empty() || folder.filename() == "." || folder.filename() == "..")
        throw Error(ErrorCode::usage, folder_in.string(), "give the kit's folder a name");
    std::error_code error;
    const auto status = fs::symlink_status(folder, error);
    const bool exists = fs::exists(status);
    if (exists) {
        if (!fs::is_directory(status))
            throw Error(ErrorCode::output, folder.string(),
                        "exists and is not a folder; refusing to replace it");
        if (!fs::is_empty(folder, error) && !is_earlier_kit(folder))
            throw Error(ErrorCode::output, folder.string(),
                        "exists and is neither empty nor an earlier press kit; refusing to "
                        "replace it");
    }
    const fs::path parent = folder.parent_path().empty() ? fs::path(".") : folder.parent_path();
    fs::create_directories(parent, error);
    if (error) folder_error(parent, "cannot create the folder", error);

    const fs::path temp = make_sibling(folder, ".galley-tmp-");
    try {
        std::set<fs::path> folders{temp};
        for (const PresskitFile& f : kit.files) {
            const fs::path path = temp / fs::path(f.path);
            for (fs::path p = path.parent_path(); p != temp; p = p.parent_path()) folders.insert(p);
            fs::create_directories(path.parent_path(), error);
            if (error) folder_error(path.parent_path(), "cannot create the folder", error);
            {
                std::ofstream out(path, std::ios::binary | std::ios::trunc);
                out.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
                out.close();
                if (!out)
                    folder_error(path, "cannot write the file",
                                 std::error_code(errno, std::generic_category()));
            }
            fs::permissions(path, fs::perms(0644), error);
            set_file_time(path, kit.date);
        }
        // Deepest first, so setting a folder's time is not undone by its children.
        for (auto it = folders.rbegin(); it != folders.rend(); ++it) {
            fs::permissions(*it, fs::perms(0755), error);
            set_file_time(*it, kit.date);
        }
        if (exists) {
            const fs::path old = make_sibling(folder, ".galley-old-");
            fs::rename(folder, old, error);
            if (error) {
                fs::remove(old);
                folder_error(folder, "cannot move the earlier kit aside", error);
            }
            fs::rename(temp, folder, error);
            if (error) {
                std::error_code ignored;
                fs::rename(old, folder, ignored);
                folder_error(folder, "cannot move the new kit into place", error);
            }
            fs::remove_all(old, error);
        } else {
            fs::rename(temp, folder, error);
            if (error) folder_error(folder, "cannot move the kit into place", error);
        }
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(temp, ignored);
        throw;
    }
}

Warnings build_presskit(const PresskitManifest& manifest, const PresskitOptions& options,
                        Sink& zip) {
    PresskitKit kit = assemble_presskit(manifest, options);
    write_presskit_zip(kit, zip);
    return std::move(kit.warnings);
}

Warnings build_presskit_folder(const PresskitManifest& manifest, const PresskitOptions& options,
                               const fs::path& folder) {
    PresskitKit kit = assemble_presskit(manifest, options);
    write_presskit_folder(kit, folder);
    return std::move(kit.warnings);
}

} // namespace galley
