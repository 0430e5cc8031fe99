// Fuzzes client/core/csv_reader: the input is a CSV file. Reading must end, with records on
// ascending lines that hold no more text than the file.

#include "client/core/csv_reader.h"

#include <cstddef>
#include <cstdint>
#include <sstream>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  std::istringstream in(input.Rest());
  escala::client::CsvReader reader(in);
  escala::client::CsvRecord record;
  int64_t last_line = 0;
  size_t records = 0;
  while (reader.Next(&record)) {
    escala::fuzz::Check(record.line > last_line, "records start on ascending lines");
    last_line = record.line;
    size_t bytes = 0;
    for (const std::string& field : record.fields) bytes += field.size();
    escala::fuzz::Check(bytes <= size, "a record holds no more text than the file");
    escala::fuzz::Check(++records <= size + 1, "reading ends");
  }
  return 0;
}
