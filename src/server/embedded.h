// The files of web/ (templates, stylesheet, OpenAPI document) compiled into
// the binary at build time by embed.cmake, so `sovet serve` needs no install
// location and reads nothing from the file system at run time.
//
// Thread-safety: the table is immutable static data.
#ifndef SOVET_SERVER_EMBEDDED_H_
#define SOVET_SERVER_EMBEDDED_H_

#include <span>
#include <string_view>

namespace sovet::server {

struct EmbeddedFile {
  std::string_view name;     // path under web/, e.g. "static/sovet.css"
  std::string_view content;  // the file's bytes
};

// Every embedded file, sorted by name.
std::span<const EmbeddedFile> EmbeddedFiles();

// The file named `name`, or nullptr. Only names in the table match, so no
// request path can reach the file system.
const EmbeddedFile* FindEmbedded(std::string_view name);

}  // namespace sovet::server

#endif  // SOVET_SERVER_EMBEDDED_H_
