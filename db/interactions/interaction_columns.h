#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "db/core/bound_query.h"
#include "escala/v1/interactions.pb.h"

namespace escala::db {

// How one caller-controlled column of `interactions` maps to the proto. The tables below are
// the single description of the row layout, used for INSERT, UPDATE and SELECT alike.
struct IntegerColumn {
  const char* name;
  // nullopt is stored as NULL.
  std::optional<long long> (*read)(const v1::Interaction&);
  // Called for non-NULL values only.
  void (*write)(v1::Interaction&, long long);
};

struct TextColumn {
  const char* name;
  std::optional<std::string> (*read)(const v1::Interaction&);
  void (*write)(v1::Interaction&, const std::string&);
};

const std::vector<IntegerColumn>& InteractionIntegerColumns();
const std::vector<TextColumn>& InteractionTextColumns();

// "col1, col2, …" of the caller-controlled columns (integers, then texts).
const std::string& InteractionColumnList();

// Appends "v1, v2, …" for `interaction`, in InteractionColumnList() order.
void AppendInteractionValues(BoundQuery& query, const v1::Interaction& interaction);

// Appends "col1 = v1, col2 = v2, …" for every caller-controlled column.
void AppendInteractionAssignments(BoundQuery& query, const v1::Interaction& interaction);

// The SELECT list and a row buffer that turns fetched rows into protos.
// `interaction` as reading it back from its row would give (times and durations cut to the
// millisecond, empty source ids absent), without the output-only fields. Lets a create answer
// without a second round trip.
v1::Interaction StoredForm(const v1::Interaction& interaction);

// "i.id, i.<column>…, i.create_ms, i.update_ms, i.version": the table is always aliased `i`.
const std::string& InteractionSelectList();

class InteractionRowReader {
 public:
  InteractionRowReader();
  // Exchanges into() targets for InteractionSelectList() on `statement`.
  void BindInto(soci::statement& statement);
  v1::Interaction ToProto() const;

 private:
  long long id_ = 0, create_ms_ = 0, update_ms_ = 0, version_ = 0;
  // Sized once: into() keeps pointers to the elements.
  std::vector<long long> integers_;
  std::vector<soci::indicator> integer_indicators_;
  std::vector<std::string> texts_;
  std::vector<soci::indicator> text_indicators_;
};

}  // namespace escala::db
