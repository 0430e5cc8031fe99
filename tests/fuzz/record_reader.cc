// Fuzzes client/core/record_reader, which reads the files of `people import` and `interactions
// import`. The first byte picks the format (CSV or JSON Lines) and the columns (people's or
// interactions'); the rest is the file. Reading must end, each record on a later line.

#include "client/core/record_reader.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>

#include "client/directory/person_columns.h"
#include "client/interactions/interaction_columns.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

void ReadAll(escala::client::RecordReader& reader, google::protobuf::Message& message,
             size_t size) {
  (void)reader.ColumnFieldPaths();
  int64_t line = 0;
  int64_t last_line = 0;
  size_t records = 0;
  std::vector<escala::client::FieldProblem> problems;
  while (reader.Next(&message, &line, &problems)) {
    escala::fuzz::Check(line > last_line, "records start on ascending lines");
    last_line = line;
    escala::fuzz::Check(++records <= size + 1, "reading ends");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  const uint8_t selector = input.Byte();
  const escala::client::FileFormat format =
      selector & 1 ? escala::client::FileFormat::kJsonLines : escala::client::FileFormat::kCsv;
  const bool people = selector & 2;
  absl::StatusOr<std::unique_ptr<escala::client::RecordReader>> reader =
      escala::client::RecordReader::FromStream(
          std::make_unique<std::istringstream>(input.Rest()), "fuzz", format,
          people ? escala::client::PersonColumns() : escala::client::InteractionDetailColumns());
  if (!reader.ok()) return 0;
  if (people) {
    escala::v1::Person person;
    ReadAll(**reader, person, size);
  } else {
    escala::v1::Interaction interaction;
    ReadAll(**reader, interaction, size);
  }
  return 0;
}
