/* galley — the C API: read an article, convert it into a buffer, for C programs and for
 * Python (ctypes, cffi), PHP (FFI), Node (ffi-napi, koffi) and other foreign-function
 * interfaces.
 *
 * Link with -lgalley (pkg-config galley; CMake: galley::galley_shared or galley::galley).
 *
 * Conventions:
 * - Strings in and out are UTF-8 and NUL-terminated (except the bytes of an article and of an
 *   output, which come with their size).
 * - Handles are opaque. An article never changes once read, so one article may be converted
 *   from many threads at once; every function may be called from any thread.
 * - Functions that can fail return NULL or a non-zero status, and set the calling thread's
 *   last error (galley_last_error, galley_last_error_code). Every call that can fail clears
 *   it first, so after a success galley_last_error() is "".
 * - The status codes are those of the `galley` command line (see the GALLEY_STATUS_ values):
 *   2 a usage error (an unknown format or style name), 3 an input that cannot be read or is
 *   invalid, 4 an output that could not be made, 70 a bug in galley.
 * - Memory that galley hands over (an output's bytes) is freed with galley_free; an article
 *   with galley_article_free. Strings returned as `const char*` belong to galley: copy them.
 * - No C++ exception ever crosses this API.
 */
#ifndef GALLEY_GALLEY_H
#define GALLEY_GALLEY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes (the command line's exit statuses). */
#define GALLEY_OK 0
/* A bad argument: an unknown format or style name, a missing buffer. */
#define GALLEY_STATUS_USAGE 2
/* An input (article, style sheet, image) that cannot be read or is invalid. */
#define GALLEY_STATUS_INPUT 3
/* An output could not be written, or a backend library failed to make it. */
#define GALLEY_STATUS_OUTPUT 4
/* A bug in galley (or out of memory). */
#define GALLEY_STATUS_INTERNAL 70

/* An article read from one of the formats galley knows. */
typedef struct galley_article galley_article;

/* galley's version, "MAJOR.MINOR.PATCH". */
const char* galley_version(void);

/* Reads an article from `size` bytes at `data`. `name` (may be NULL: "<memory>") names the
 * article in messages, chooses the format by its extension when `format` is NULL, and is the
 * base for relative image paths. `format` (may be NULL: by the name's extension, then by the
 * content) is "wire", "markdown", "nitf", "json" or an alias ("txt", "md", "xml", "newsml",
 * "g2"). Returns NULL on failure (see galley_last_error). */
galley_article* galley_article_from_bytes(const char* data, size_t size, const char* name,
                                          const char* format);

/* Reads the article in the file at `path`; `format` as for galley_article_from_bytes.
 * Returns NULL on failure. */
galley_article* galley_article_from_path(const char* path, const char* format);

/* Frees an article (NULL is allowed). */
void galley_article_free(galley_article* article);

/* The article's headline ("" when it has none). Valid until the article is freed. */
const char* galley_article_headline(const galley_article* article);

/* The warnings found while reading the article (recoverable problems: an unknown front-matter
 * key, a photo without a credit…), each "FILE:LINE:COL: warning: message". `index` from 0;
 * NULL when out of range. Valid until the article is freed. */
size_t galley_article_warning_count(const galley_article* article);
const char* galley_article_warning(const galley_article* article, size_t index);

/* Converts `article` to `format` into a new buffer: on success *out_data (to be freed with
 * galley_free) holds *out_size bytes and GALLEY_OK is returned; on failure *out_data is NULL,
 * *out_size 0, and a status code is returned (see galley_last_error).
 *
 * `format`: "pdf" (the article PDF), "epub" (an EPUB 3 book), "print" (the print-layout PDF),
 * "png" and "svg" (one print-layout page: the first; see galley_convert_page), "layout" (the
 * print layout as text), "json" (the article model). `style` (may be NULL: "default") is a
 * bundled style name ("default", "press-release", "broadsheet") or the path of a .css file.
 * Dates in the output come from SOURCE_DATE_EPOCH, else from the article.
 *
 * The warnings of the conversion are available with galley_last_warning_count. */
int galley_convert(const galley_article* article, const char* format, const char* style,
                   unsigned char** out_data, size_t* out_size);

/* As galley_convert, for page `page` (from 1) of "png" or "svg", which make one file a page
 * (for other formats `page` must be 1). `out_pages` (may be NULL) receives the number of
 * pages, also when `page` is past the last one (then GALLEY_STATUS_USAGE is returned). */
int galley_convert_page(const galley_article* article, const char* format, const char* style,
                        int page, unsigned char** out_data, size_t* out_size, int* out_pages);

/* Frees memory galley handed over (an output buffer). NULL is allowed. */
void galley_free(void* data);

/* The calling thread's last error, "FILE:LINE:COL: message" (the parts that are unknown are
 * left out), or "" when the last call succeeded. Valid until the thread's next galley call. */
const char* galley_last_error(void);

/* The status code of the calling thread's last error (GALLEY_OK when the last call succeeded). */
int galley_last_error_code(void);

/* The kind of the calling thread's last error: "usage", "io", "empty-input", "binary-input",
 * "encoding", "syntax", "invalid", "version", "unsupported", "limit", "backend", "internal";
 * "" when the last call succeeded. */
const char* galley_last_error_kind(void);

/* The warnings of the calling thread's last galley_convert or galley_convert_page (style sheet
 * problems, missing glyphs, text a backend cannot set…), each "FILE:LINE:COL: warning:
 * message"; NULL when out of range. Valid until the thread's next galley call. */
size_t galley_last_warning_count(void);
const char* galley_last_warning(size_t index);

#ifdef __cplusplus
}
#endif

#endif /* GALLEY_GALLEY_H */
