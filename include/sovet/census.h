// The census: the tree of units (republic, oblasts, gubernias, uyezds,
// volosts, villages, towns) and their figures.
//
// File format: CSV, UTF-8, header exactly `id,parent,kind,name,inhabitants,electors`;
// the root's parent is empty. Leaf units (kinds that carry figures in the
// charter) give inhabitants and electors; inner units may leave them blank or
// 0, or give the sums over their leaves exactly (SYSTEM.md §5). Fields may be
// double-quoted (RFC 4180).
//
// A parent may be defined before or after its children. The full format and
// the validation rules are in doc/census_format.md.
//
// Loading validates everything and is all or nothing: a bad file yields a
// kInvalidInput Status naming file, line, field and what was expected
// (missing header, duplicate id, unknown parent, a cycle, a kind the charter
// does not allow under its parent's kind, negative / non-integer /
// overflowing counts, electors > inhabitants, invalid UTF-8, a second root,
// inner figures that disagree with their sums).
//
// Thread-safety: a loaded Census is immutable and may be shared by threads.
#ifndef SOVET_CENSUS_H_
#define SOVET_CENSUS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/charter.h"
#include "sovet/status.h"

namespace sovet {

using UnitIndex = std::int32_t;
inline constexpr UnitIndex kNoUnit = -1;

// Units are stored column-wise in pre-order (depth first, children in file
// order): index 0 is the root, every unit's parent has a smaller index, and
// the units inside unit u (at any depth) are exactly the indices
// (u, subtree_end[u]).
struct Census {
  std::string source_file;
  std::vector<std::string> id;
  std::vector<std::string> name;
  std::vector<std::string> kind;       // a UnitKind name of the charter
  std::vector<UnitIndex> parent;       // kNoUnit for the root
  std::vector<UnitIndex> subtree_end;  // one past the last unit inside
  std::vector<std::int64_t> line;      // 1-based line in the source file
  // Aggregated figures: for leaves as given; for inner units the sums over
  // the leaves beneath them.
  std::vector<std::int64_t> inhabitants;
  std::vector<std::int64_t> electors;
  // Inhabitants of the leaves beneath (or at) the unit whose body is a rural
  // body of the charter (BodyRule::rural): villages and towns < 10,000 in 1918.
  std::vector<std::int64_t> rural_inhabitants;

  std::size_t size() const { return id.size(); }
};

// Reads and validates a census against a charter's unit kinds. A missing
// file is kNotFound; every other failure kInvalidInput with file, line and
// field. Uses only the charter's data (unit_kinds, bodies[].rural/units/when),
// which must outlive the call only. Thread-safe: no shared state.
Result<Census> LoadCensus(const std::string& path, const Charter& charter);
Result<Census> ParseCensus(std::string_view csv_text, const std::string& file_name,
                           const Charter& charter);

enum class CensusScale : std::uint8_t {
  kSmall,   // a few hundred units
  kMedium,  // about 20,000 units
  kFull,    // Soviet Russia in 1918: ~90 million inhabitants (SYSTEM.md §9)
};

// "small", "medium", "full" (as the command line spells them); any other
// name is kInvalidInput naming the field 'scale'.
Result<CensusScale> ParseCensusScale(std::string_view name);
const char* CensusScaleName(CensusScale scale);

// A deterministic synthetic country in the 1918 unit kinds: the same scale
// and seed always give the same bytes. The towns the seeds name appear at the
// populations they give (Petrograd 1,480,000 in July 1918, ...). Returns CSV text.
// The model is described in doc/census_format.md; the output is a valid
// census under charters/rsfsr-1918.toml (inner units carry their sums).
Result<std::string> GenerateCensusCsv(CensusScale scale, std::uint64_t seed);

}  // namespace sovet

#endif  // SOVET_CENSUS_H_
