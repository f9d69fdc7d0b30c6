#include "layout/shaping.hpp"

#include "galley/error.hpp"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <charconv>

namespace galley::detail::layout {

namespace {

// Words kept per thread before the caches are emptied between two documents.
constexpr std::size_t cache_limit = 50000;

std::string number_text(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

PangoWeight pango_weight(int css_weight) {
    return static_cast<PangoWeight>(std::clamp(css_weight, 100, 1000));
}

} // namespace

std::string FontSpec::key() const {
    std::string key = families;
    key += '|';
    key += std::to_string(weight);
    key += italic ? "|i|" : "|n|";
    key += number_text(size);
    key += small_caps ? "|sc|" : "|-|";
    key += tabular_figures ? "tnum|" : "|";
    key += number_text(letter_spacing);
    key += '|';
    key += language;
    return key;
}

// ---------------------------------------------------------------------------------------------

ShapingFont::ShapingFont(ThreadShaper& shaper, FontSpec spec)
    : shaper_(shaper), spec_(std::move(spec)), description_(pango_font_description_new()),
      attributes_(pango_attr_list_new()) {
    PangoFontDescription* d = description_.get();
    pango_font_description_set_family(d, spec_.families.c_str());
    pango_font_description_set_weight(d, pango_weight(spec_.weight));
    pango_font_description_set_style(d, spec_.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(d, spec_.size * PANGO_SCALE);
    if (const std::string wanted = this->features(); !wanted.empty()) {
        PangoAttribute* features = pango_attr_font_features_new(wanted.c_str());
        features->start_index = 0;
        features->end_index = G_MAXUINT;
        pango_attr_list_insert(attributes_.get(), features);
    }
    // Never null: Pango would take the context's language then, which the last text shaped on
    // this thread set. Text without a language is English, as galley's hyphenation reads it.
    language_ = pango_language_from_string(spec_.language.empty() ? "en" : spec_.language.c_str());

    FontMetricsPtr metrics(pango_context_get_metrics(shaper_.context(), d, language_));
    metrics_.ascent = from_pango(pango_font_metrics_get_ascent(metrics.get()));
    metrics_.descent = from_pango(pango_font_metrics_get_descent(metrics.get()));
    metrics_.underline_position =
        -from_pango(pango_font_metrics_get_underline_position(metrics.get()));
    metrics_.underline_thickness =
        from_pango(pango_font_metrics_get_underline_thickness(metrics.get()));
    metrics_.strikethrough_position =
        from_pango(pango_font_metrics_get_strikethrough_position(metrics.get()));
    metrics_.strikethrough_thickness =
        from_pango(pango_font_metrics_get_strikethrough_thickness(metrics.get()));
    if (metrics_.ascent <= 0) metrics_.ascent = spec_.size * 0.9;
    if (metrics_.descent <= 0) metrics_.descent = spec_.size * 0.25;
    if (metrics_.underline_thickness <= 0) metrics_.underline_thickness = spec_.size / 16;
    if (metrics_.strikethrough_thickness <= 0) metrics_.strikethrough_thickness = spec_.size / 16;
}

void ShapingFont::add_layout_attributes(PangoAttrList* list, unsigned begin, unsigned end) const {
    PangoAttribute* language = pango_attr_language_new(language_);
    language->start_index = begin;
    language->end_index = end;
    pango_attr_list_insert(list, language);
    const std::string wanted = this->features();
    if (wanted.empty()) return;
    PangoAttribute* features = pango_attr_font_features_new(wanted.c_str());
    features->start_index = begin;
    features->end_index = end;
    pango_attr_list_insert(list, features);
}

std::string ShapingFont::features() const {
    // One attribute with every feature: Pango splits the list at the commas.
    std::string features;
    if (spec_.small_caps) features = "smcp 1";
    if (spec_.tabular_figures) features += features.empty() ? "tnum 1" : ", tnum 1";
    return features;
}

const ShapedText& ShapingFont::shape(std::string_view text) {
    if (auto found = cache_.find(text); found != cache_.end()) return *found->second;
    auto shaped = shape_uncached(text);
    const ShapedText& result = *shaped;
    cache_.emplace(std::string(text), std::move(shaped));
    return result;
}

std::unique_ptr<ShapedText> ShapingFont::shape_uncached(std::string_view text) const {
    auto shaped = std::make_unique<ShapedText>();
    shaped->text.assign(text);
    if (text.empty()) return shaped;
    const char* data = shaped->text.c_str();
    const int length = static_cast<int>(shaped->text.size());

    PangoContext* context = shaper_.context();
    pango_context_set_font_description(context, description_.get());
    pango_context_set_language(context, language_);
    GList* logical = pango_itemize(context, data, 0, length, attributes_.get(), nullptr);
    GList* visual = pango_reorder_items(logical);
    // The items are owned by the runs from here on.
    for (GList* node = visual; node != nullptr; node = node->next) {
        GlyphRun run;
        run.item.reset(static_cast<PangoItem*>(node->data));
        run.glyphs.reset(pango_glyph_string_new());
        PangoItem* item = run.item.get();
        pango_shape_with_flags(data + item->offset, item->length, data, length, &item->analysis,
                               run.glyphs.get(), PANGO_SHAPE_NONE);
        PangoGlyphString* glyphs = run.glyphs.get();
        if (spec_.letter_spacing != 0) {
            // Letter spacing after every cluster: added to the advance of its last glyph.
            const int spacing = to_pango(spec_.letter_spacing);
            for (int g = 0; g < glyphs->num_glyphs; ++g) {
                const bool cluster_ends =
                    g + 1 == glyphs->num_glyphs || glyphs->glyphs[g + 1].attr.is_cluster_start;
                if (cluster_ends) glyphs->glyphs[g].geometry.width += spacing;
            }
        }
        // Summed here: pango_glyph_string_get_width adds in int Pango units, which a word of
        // a megabyte (a pasted base64 blob) overflows into a negative width.
        double width = 0;
        for (int g = 0; g < glyphs->num_glyphs; ++g) width += glyphs->glyphs[g].geometry.width;
        run.width = width / PANGO_SCALE;
        shaped->width += run.width;
        shaped->runs.push_back(std::move(run));
    }
    g_list_free(visual);
    g_list_free(logical);
    return shaped;
}

// ---------------------------------------------------------------------------------------------

ThreadShaper& ThreadShaper::for_config(FcConfig* config) {
    thread_local std::vector<std::unique_ptr<ThreadShaper>> shapers;
    for (auto& shaper : shapers)
        if (shaper->config() == config) return *shaper;
    shapers.push_back(std::make_unique<ThreadShaper>(config));
    return *shapers.back();
}

ThreadShaper::ThreadShaper(FcConfig* config) : config_(config) {
    font_map_.reset(pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT));
    if (!font_map_ || !PANGO_IS_FC_FONT_MAP(font_map_.get()))
        throw Error(ErrorCode::backend, "", "Pango: no fontconfig font map for Cairo");
    // The font map takes a reference to the configuration: its address stays this one's.
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map_.get()), config);
    context_.reset(pango_font_map_create_context(font_map_.get()));
    FontOptionsPtr options(cairo_font_options_create());
    // Widths must not depend on the output's resolution: no hinting of metrics or outlines.
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context_.get(), options.get());
    pango_cairo_context_set_resolution(context_.get(), 72);
    pango_context_set_round_glyph_positions(context_.get(), FALSE);
}

ThreadShaper::~ThreadShaper() {
    fonts_.clear(); // before the context and the font map go
}

ShapingFont& ThreadShaper::font(const FontSpec& spec) {
    std::string key = spec.key();
    auto found = fonts_.find(key);
    if (found == fonts_.end())
        found = fonts_.emplace(std::move(key), std::make_unique<ShapingFont>(*this, spec)).first;
    return *found->second;
}

void ThreadShaper::begin_document() {
    std::size_t words = 0;
    for (const auto& [key, font] : fonts_) words += font->cached_words();
    if (words <= cache_limit) return;
    for (auto& [key, font] : fonts_) font->clear_cache();
}

} // namespace galley::detail::layout
